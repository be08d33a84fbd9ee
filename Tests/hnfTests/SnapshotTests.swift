import Foundation
import HighNeedsTestSupport
import Testing

/// Golden snapshots of what every command prints, in every text format it writes
/// (`Tests/Snapshots/NAME`): a change that moves one byte of what a user sees fails here,
/// naming the file and the first line that differs. Refactors keep them unchanged; a
/// change that fixes a bug regenerates them and says which bug in its commit:
///
///     HNF_UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests
///
/// Figures are bit-reproducible for the same inputs and seed whatever the thread count,
/// so the snapshots hold on any machine; what varies between machines is written out:
/// the checkout's path becomes `$ROOT`, a temporary folder `$TMP`, elapsed seconds 0.
@Suite struct SnapshotTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var status: Int32 = 0
        /// The option naming an output file, when the command writes one rather than standard output.
        var writesTo: String? = nil
        /// Commands run first, in the same temporary folder (`$TMP` in any argument), whose
        /// output is not the snapshot: an import a comparison reads, a sweep a report reads.
        var setup: [[String]] = []
        /// For a command whose output is a SQLite database at `$TMP/sweep.db`: the query whose
        /// rows follow its output.
        var query: String? = nil
        var testDescription: String { name }
    }

    static let kent = "Scenarios/kent/baseline.yaml"
    static let communities = "Scenarios/kent/reforms/communities-of-schools.yaml"
    static let deprivation = "Scenarios/kent/reforms/communities-of-schools-deprivation.yaml"
    static let quick = ["--draws", "40", "--threads", "2"]

    static let cases: [Case] = runs + studies + calibrations + localities + everyFormat + sweeps

    static let runs: [Case] =
        ["table", "markdown", "csv", "json"].map { format in
            // Two years keep the JSON and CSV (every locality x year x setting) small enough to diff.
            Case(
                name: "run-kent.\(ext(format))",
                arguments: ["run", kent, "--format", format] + quick
                    + (["csv", "json"].contains(format) ? ["--years", "2"] : []))
        } + [
            Case(name: "run-kent-communities.txt", arguments: ["run", kent, communities, deprivation] + quick),
            Case(
                name: "run-kent-communities.json",
                arguments: ["run", kent, communities, "--format", "json", "--years", "2"] + quick),
            Case(
                name: "report-kent-communities.html",
                arguments: ["report", kent, communities, "--compare", "Scenarios/kent/reforms/inclusion-capacity.yaml"]
                    + ["--draws", "30", "--threads", "2"], writesTo: "--out"),
            Case(
                name: "explain-kent-thanet.txt",
                arguments: ["explain", kent, communities, "--locality", "thanet", "--financial-year", "2027"] + quick),
            Case(
                name: "explain-kent-thanet.json",
                arguments: [
                    "explain", kent, communities, "--locality", "thanet", "--financial-year", "2027", "--format",
                    "json",
                ]
                    + quick),
            Case(name: "replay-kent-2024.txt", arguments: ["replay", kent, "--from", "2024"] + quick),
        ]

    static let studies: [Case] =
        ["table", "markdown", "csv", "json"].map { format in
            Case(name: "describe-kent.\(ext(format))", arguments: ["describe", kent, "--format", format])
        } + [
            Case(
                name: "validate-kent.txt",
                arguments: [
                    "validate", kent, communities, deprivation, "Scenarios/kent/reforms/transition-funding.yaml",
                ]),
            Case(
                name: "validate-bad-overlay.txt",
                arguments: ["validate", kent, communities, "Tests/Snapshots/inputs/bad-overlay.yaml"], status: 2),
            Case(name: "ratios-kent.txt", arguments: ["ratios", "--la", "886"]),
            Case(name: "ratios-all.csv", arguments: ["ratios", "--all", "--format", "csv"]),
            Case(name: "benchmark-kent.txt", arguments: ["benchmark", "--la", "Kent"]),
            Case(name: "benchmark-kent.md", arguments: ["benchmark", "--la", "Kent", "--format", "markdown"]),
            Case(name: "benchmark-kent.csv", arguments: ["benchmark", "--la", "Kent", "--format", "csv"]),
            Case(name: "benchmark-kent.json", arguments: ["benchmark", "--la", "Kent", "--format", "json"]),
            Case(
                name: "backtest-kent.txt",
                arguments: ["backtest", "--from", "2019", "--to", "2022", "--predict", "2025", "--la", "886"] + quick),
            Case(name: "backtest-money-kent.txt", arguments: ["backtest", "--money", "--la", "886"] + quick),
            Case(
                name: "solve-kent-pot.txt",
                arguments: [
                    "solve", kent, communities, "--vary", "funding.blocks.communities_of_schools.pot", "--low", "0",
                    "--high", "100000000", "--metric", "in_year_balance", "--financial-year", "2027", "--target", "0",
                ] + quick),
            Case(
                name: "fit-formula-kent.txt",
                arguments: [
                    "fit-formula", kent, "--allocation", "Tests/Snapshots/inputs/kent-allocation.csv", "--factors",
                    "population,deprivation,plans_in_mainstream", "--min-r2=-100",
                ]),
            Case(
                name: "import-witan-send-small.yaml",
                arguments: ["import", "witan-send", "Tests/Fixtures/witan-send-small"]),
        ]

    static let calibrations: [Case] = [
        Case(name: "calibrate-kent.yaml", arguments: ["calibrate", "--la", "886", "--from", "2021", "--to", "2025"]),
        Case(
            name: "calibrate-warwickshire-districts.yaml",
            arguments: ["calibrate", "--la", "Warwickshire", "--from", "2019", "--to", "2025", "--districts"]),
        Case(
            name: "calibrate-kent-cohorts.yaml",
            arguments: ["calibrate", "--la", "886", "--cohorts", "2024", "--settings-from", kent]),
        Case(name: "calibrate-kent-unit-costs.txt", arguments: ["calibrate", "--la", "886", "--unit-costs"]),
        Case(name: "calibrate-kent-money.yaml", arguments: ["calibrate", "--la", "886", "--money"]),
    ]

    static let localities: [Case] = [
        Case(name: "localities-template-kent.csv", arguments: ["localities", "template", kent]),
        Case(name: "localities-template-essex.csv", arguments: ["localities", "template", "--la", "Essex"]),
        Case(
            name: "localities-import-kent.yaml",
            arguments: ["localities", "import", "Tests/Snapshots/inputs/kent-localities.csv", "--into", kent]),
        Case(name: "localities-backtest.txt", arguments: ["localities", "backtest"]),
        Case(name: "localities-backtest.json", arguments: ["localities", "backtest", "--format", "json"]),
    ]

    static func ext(_ format: String) -> String {
        ["table": "txt", "markdown": "md", "csv": "csv", "json": "json"][format]!
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["HNF_UPDATE_SNAPSHOTS"] == "1" }

    @Test(arguments: cases) func outputIsItsSnapshot(_ c: Case) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(c.name).path
        let run = try Self.run(c, in: folder, adding: c.writesTo.map { [$0, file] } ?? [])
        var text = c.writesTo == nil ? run.stdout : try String(contentsOfFile: file, encoding: .utf8)
        if let query = c.query {
            let rows = try SweepCommandTests.sqlite(folder.appendingPathComponent("sweep.db").path, query)
            text += "--- \(query)\n" + rows
        }
        if !run.stderr.isEmpty { text += "\n--- standard error ---\n" + run.stderr }
        try compare(Self.portable(text, temporary: folder.path), with: c.name)
    }

    static let workbooks: [Case] = [
        Case(name: "run-kent.xlsx.txt", arguments: ["run", kent, "--years", "2"] + quick),
        Case(name: "run-kent-communities.xlsx.txt", arguments: ["run", kent, communities, "--years", "2"] + quick),
        Case(
            name: "explain-kent-thanet.xlsx.txt",
            arguments: ["explain", kent, communities, "--locality", "thanet", "--financial-year", "2027"] + quick),
    ]

    /// Workbooks as openpyxl reads them back, one line per row (`Tests/Scripts/dump_workbook.py --rows`).
    @Test(
        .enabled(
            if: ExternalTools.openpyxl,
            "needs python3 with openpyxl (apt python3-openpyxl or pip install openpyxl); .ci/run installs it"),
        arguments: workbooks + moreWorkbooks)
    func workbookIsItsSnapshot(_ c: Case) throws {
        let folder = ExternalTools.temporaryFolder("snapshot-xlsx")
        let book = folder.appendingPathComponent("book.xlsx").path
        _ = try Self.run(c, in: folder, adding: ["--format", "xlsx", "--out", book])
        let dump = try #require(
            ExternalTools.run("python3", [TestSupport.path("Tests/Scripts/dump_workbook.py"), book, "--rows"]))
        #expect(dump.status == 0, "\(dump.stderr)")
        try compare(Self.portable(dump.stdout, temporary: folder.path), with: c.name)
    }

    /// Runs a case's setup, then the case (with `adding` after its arguments), in `folder`
    /// (`$TMP` in any argument), expecting the case's exit status.
    static func run(
        _ c: Case, in folder: URL, adding: [String]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        func inFolder(_ arguments: [String]) -> [String] {
            arguments.map { $0.replacingOccurrences(of: "$TMP", with: folder.path) }
        }
        for step in c.setup {
            let run = try TestSupport.runCLI(inFolder(step))
            try #require(run.status == 0, "\(c.name): setup \(step.joined(separator: " ")): \(run.stderr)")
        }
        let run = try TestSupport.runCLI(inFolder(c.arguments) + adding)
        #expect(run.status == c.status, "\(c.name): exit \(run.status)\n\(run.stderr)")
        return run
    }

    /// Writes the snapshot when regenerating; otherwise the first line that differs.
    func compare(_ text: String, with name: String) throws {
        let path = TestSupport.path("Tests/Snapshots/\(name)")
        if Self.updating {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("no snapshot \(path): HNF_UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests writes it")
            return
        }
        #expect(text == expected, "\(name) differs from its snapshot: \(Self.firstDifference(text, expected))")
    }

    /// What differs between machines, written out: the checkout, temporary folders, timings.
    static func portable(_ text: String, temporary: String) -> String {
        var out = text.replacingOccurrences(of: temporary, with: "$TMP")
            .replacingOccurrences(of: TestSupport.root.path, with: "$ROOT")
        // Elapsed seconds in the JSON provenance, the HTML page's and the workbook's README sheet.
        let timings = [
            (#""seconds" ?: ?[0-9.eE+-]+"#, #""seconds": 0"#),
            (#"<th scope="row">seconds</th><td>[0-9.eE+-]+</td>"#, #"<th scope="row">seconds</th><td>0</td>"#),
            // The HTML report's date.
            (#"<time datetime="[0-9-]+">[^<]+</time>"#, #"<time datetime="DATE">DATE</time>"#),
            (#"\[\["provenance\.seconds", "General"\], \["[0-9.eE+-]+""#, #"[["provenance.seconds", "General"], ["0""#),
        ]
        for (pattern, replacement) in timings {
            out = out.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return out
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false),
            y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where i >= x.count || i >= y.count || x[i] != y[i] {
            return
                "line \(i + 1):\n  now:      \(i < x.count ? String(x[i]) : "(none)")\n  snapshot: \(i < y.count ? String(y[i]) : "(none)")"
        }
        return "same lines, different ends"
    }
}
