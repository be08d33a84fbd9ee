import Foundation
import HighNeedsTestSupport
import Testing

/// Docs/analysts.md's sqlite3 and pandas examples over a sweep database, run as written
/// against a small real sweep: two LAs calibrated on the fly, two values of one parameter
/// (the case the pandas example once failed on: a pivot with two rows per LA and year).
/// Each example is the fenced block after a `<!-- sweep-db-example: KIND -->` comment;
/// KIND is `sqlite3` (run by bash), `python` (python3 with pandas), `python duckdb` (also
/// DuckDB) or `output` (what the sqlite3 example before it prints, whose header is checked).
@Suite(.serialized) struct SweepDocsExampleTests {
    struct Example: Sendable {
        var kind: String
        var code: String
    }

    static let doc = TestSupport.path("Docs/analysts.md")

    /// Every marked block of the doc, in order.
    static func examples() throws -> [Example] {
        let text = try String(contentsOfFile: doc, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var examples: [Example] = []
        var i = 0
        while i < lines.count {
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            i += 1
            guard line.hasPrefix("<!-- sweep-db-example:"), line.hasSuffix("-->") else { continue }
            let kind = line.dropFirst("<!-- sweep-db-example:".count).dropLast(3).trimmingCharacters(in: .whitespaces)
            guard i < lines.count, lines[i].hasPrefix("```") else {
                Issue.record("Docs/analysts.md:\(i): `\(line)` is not followed by a fenced code block")
                continue
            }
            i += 1
            var code: [String] = []
            while i < lines.count, !lines[i].hasPrefix("```") {
                code.append(lines[i])
                i += 1
            }
            i += 1
            examples.append(Example(kind: kind, code: code.joined(separator: "\n")))
        }
        return examples
    }

    /// A folder holding `all-las-band2.db` (the name the examples use), made by a real sweep.
    static let sweepFolder: Result<URL, SweepFailure> = {
        let folder = ExternalTools.temporaryFolder("docs-sweep")
        let spec = folder.appendingPathComponent("sweep.yaml").path
        try? """
        schema: hnf.sweep.v1
        name: Docs examples, two LAs and two values
        las: [Kent, Warwickshire]
        calibrate: {from: 2019, to: 2025, horizon: 3}
        parameters:
          settings.mainstream.top_up.B1: {values: [7892, 9000]}
        design: {type: grid}
        draws: 10
        seed: 20250101
        metrics: [spend, income]
        years: [2026, 2027]
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("all-las-band2.db").path
        guard let run = try? TestSupport.runCLI(["sweep", spec, "--db", db, "--quiet"]) else {
            return .failure(SweepFailure(message: "could not start hnf"))
        }
        guard run.status == 0 else { return .failure(SweepFailure(message: "exit \(run.status): \(run.stderr)")) }
        return .success(folder)
    }()

    struct SweepFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "the sweep for the examples failed: \(message)" }
    }

    @Test func theDocMarksEachKindOfExample() throws {
        let kinds = try Self.examples().map(\.kind)
        #expect(kinds.filter { $0 == "sqlite3" }.count >= 2, "\(kinds)")
        #expect(kinds.contains("python"), "\(kinds)")
        #expect(kinds.contains("output"), "\(kinds)")
        #expect(
            Set(kinds).isSubset(of: ["sqlite3", "python", "python duckdb", "output"]),
            "unknown kinds in Docs/analysts.md: \(kinds)")
    }

    @Test(.enabled(if: ExternalTools.sqlite3, "needs the sqlite3 shell (apt sqlite3; Scripts/bootstrap installs it)"))
    func sqliteExamplesRunAndPrintTheHeaderShown() throws {
        let folder = try Self.sweepFolder.get()
        let examples = try Self.examples()
        for (i, example) in examples.enumerated() where example.kind == "sqlite3" {
            let run = try #require(ExternalTools.run("bash", ["-e", "-c", example.code], in: folder))
            #expect(run.status == 0 && run.stderr.isEmpty, "\(example.code)\n\(run.stderr)")
            // The output shown after an example has the header the example prints.
            guard i + 1 < examples.count, examples[i + 1].kind == "output" else { continue }
            let words = { (text: String) in
                text.split(separator: "\n").first.map { $0.split(separator: " ").map(String.init) } ?? []
            }
            #expect(words(run.stdout) == words(examples[i + 1].code), "printed:\n\(run.stdout)")
            #expect(run.stdout.split(separator: "\n").count >= 4, "a header, its rule and rows:\n\(run.stdout)")
        }
    }

    @Test(
        .enabled(
            if: ExternalTools.pandas,
            "needs python3 with pandas (apt python3-pandas or pip install pandas); .ci/run installs it"))
    func pandasExamplesRun() throws {
        let folder = try Self.sweepFolder.get()
        let examples = try Self.examples().filter { $0.kind == "python" }
        #expect(!examples.isEmpty)
        for example in examples {
            let run = try #require(ExternalTools.run("python3", ["-c", example.code], in: folder))
            #expect(run.status == 0, "\(example.code)\n\(run.stderr)")
            // Both LAs and both values are in the printed tables.
            for shown in ["Kent", "Warwickshire", "7892", "9000"] {
                #expect(run.stdout.contains(shown), "\(shown) not in:\n\(run.stdout)")
            }
        }
    }

    @Test(.enabled(if: ExternalTools.duckdb, "needs python3 with duckdb and pandas (pip install duckdb)"))
    func duckDBExamplesRun() throws {
        let folder = try Self.sweepFolder.get()
        for example in try Self.examples() where example.kind == "python duckdb" {
            let run = try #require(ExternalTools.run("python3", ["-c", example.code], in: folder))
            #expect(run.status == 0, "\(example.code)\n\(run.stderr)")
            #expect(run.stdout.contains("9000"), "\(run.stdout)")
        }
    }
}

extension SweepDocsExampleTests {
    /// `hnf sweep report` names the LAs it averages over, in a sweep's database and in a
    /// merge of its shards, and `sweep --db` and `sweep merge` name the file written.
    @Test func sweepReportNamesTheLAs() throws {
        let folder = try Self.sweepFolder.get()
        let db = folder.appendingPathComponent("all-las-band2.db").path
        let table = try TestSupport.runCLI(["sweep", "report", db, "--metric", "spend", "--financial-year", "2026"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Averaged over 2 areas: Kent (886), Warwickshire (937)."), "\(table.stdout)")
        let json = try TestSupport.runCLI([
            "sweep", "report", db, "--metric", "spend", "--financial-year", "2026-27", "--format", "json",
        ])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let areas = try #require(object["areas"] as? [[String: Any]])
        #expect(areas.map { $0["name"] as? String } == ["Kent", "Warwickshire"])
        let spec = folder.appendingPathComponent("sweep.yaml").path
        let shards = (1...2).map { folder.appendingPathComponent("shard-\($0).db").path }
        for (i, shard) in shards.enumerated() {
            let run = try TestSupport.runCLI(["sweep", spec, "--db", shard, "--shard", "\(i + 1)/2"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.hasSuffix("wrote \(shard)\n"), "\(run.stderr)")
        }
        let merged = folder.appendingPathComponent("merged.db").path
        let merge = try TestSupport.runCLI(["sweep", "merge", merged] + shards)
        #expect(merge.status == 0 && merge.stderr.hasSuffix("wrote \(merged)\n"), "\(merge.stderr)")
        let again = try TestSupport.runCLI(["sweep", "report", merged, "--metric", "spend", "--financial-year", "2026"])
        #expect(again.stdout == table.stdout, "\(again.stderr)")
    }
}
