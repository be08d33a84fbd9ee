import Foundation
import HighNeedsTestSupport
import Testing

/// `hnf sweep` end to end: kill -9 and resume, the stored command reproducing a run, a
/// changed sweep refused, the Slurm commands and the report's formats.
@Suite struct SweepCommandTests {
    static let growth = TestSupport.path("Tests/Fixtures/growth.yaml")

    static func sweep(points: Int = 3, draws: Int = 20, design: String = "one_at_a_time") -> String {
        TestSupport.temporaryFile(
            "sweep.yaml",
            """
            schema: hnf.sweep.v1
            name: Growth, CLI
            scenarios: [\(growth)]
            parameters:
              settings.mainstream.top_up.B1: {range: {from: 500, to: \(500 + 100 * (points - 1)), step: 100}}
              flows.new_plans.rate_per_1000.primary: {values: [4, 6]}
            design: {type: \(design)}
            draws: \(draws)
            seed: 7
            metrics: [spend, plans]
            years: [2026, 2028]
            """)
    }

    static func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hnf-sweep-\(UUID().uuidString).db").path
    }

    static func sqlite(_ db: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", "-cmd", ".timeout 5000", db, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Every result with every bit of each double (printf %a is not in sqlite3; hex of the
    /// 8-byte blob is).
    static let allResults =
        "SELECT run, area, year, measure, hex(CAST(mean AS BLOB)), quote(mean), quote(sd), quote(p5), quote(p10), quote(p50), quote(p90), quote(p95) FROM results ORDER BY run, area, year, measure"
    static let allRuns =
        "SELECT id, base_run, scenario, overlays, parameters, varied, seed, draws, status, command FROM runs ORDER BY id"

    /// A sweep killed with SIGKILL part-way and started again with the same command ends
    /// with the same database (results and runs) as one never interrupted, and no run twice.
    @Test func killedSweepResumesToTheSameResults() throws {
        let file = Self.sweep(points: 20, draws: 1000)
        let whole = Self.database()
        let uninterrupted = try TestSupport.runCLI(["sweep", file, "--db", whole, "--threads", "1", "--quiet"])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let killed = Self.database()
        let process = try TestSupport.startCLI(["sweep", file, "--db", killed, "--threads", "2"])
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let done =
                Int(
                    try Self.sqlite(killed, "SELECT COUNT(*) FROM runs WHERE status = 'done'").trimmingCharacters(
                        in: .whitespacesAndNewlines)) ?? 0
            if done >= 4 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(
            process.terminationReason == .uncaughtSignal,
            "killed, not finished on its own (status \(process.terminationStatus))")
        let doneAtKill = try Self.sqlite(killed, "SELECT COUNT(*) FROM runs WHERE status = 'done'").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let total = try Self.sqlite(whole, "SELECT COUNT(*) FROM runs").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(doneAtKill)! < Int(total)!, "the sweep was killed part-way (\(doneAtKill) of \(total) runs done)")
        let resumed = try TestSupport.runCLI(["sweep", file, "--db", killed, "--threads", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(doneAtKill) already finished"))
        #expect(try Self.sqlite(killed, Self.allResults) == Self.sqlite(whole, Self.allResults))
        #expect(try Self.sqlite(killed, Self.allRuns) == Self.sqlite(whole, Self.allRuns))
        #expect(
            try Self.sqlite(killed, "SELECT COUNT(*) = COUNT(DISTINCT run || area || year || measure) FROM results")
                == "1\n")
        // A third start finds nothing to do.
        let again = try TestSupport.runCLI(["sweep", file, "--db", killed])
        #expect(again.stderr.contains("0 to run"))
    }

    /// The command stored with a run, given to `hnf run`, gives the run's figures exactly.
    @Test func storedCommandReproducesTheRun() throws {
        let db = Self.database()
        #expect(try TestSupport.runCLI(["sweep", Self.sweep(), "--db", db, "--quiet"]).status == 0)
        let line = try Self.sqlite(db, "SELECT command FROM runs WHERE id = 3").trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("hnf run ") && line.contains("--set settings.mainstream.top_up.B1=600.0"))
        let words = line.split(separator: " ").map(String.init).dropFirst()
        let run = try TestSupport.runCLI(Array(words) + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [String: Any])
        let money = try #require(results["money"] as? [[String: Any]])
        let spend = try #require((money.first { $0["financial_year"] as? Int == 2026 })?["spend"] as? [String: Double])
        let years = try #require(results["years"] as? [[String: Any]])
        let plans = try #require((years.first { $0["year"] as? Int == 2028 })?["plans"] as? [String: Double])
        let stored = try Self.sqlite(
            db, "SELECT measure, year, quote(mean), quote(p50) FROM results WHERE run = 3 ORDER BY measure, year"
        ).split(separator: "\n")
        #expect(
            stored.contains { $0 == "spend|2026|\(Self.sqliteReal(spend["mean"]!))|\(Self.sqliteReal(spend["p50"]!))" },
            "\(stored) vs \(spend)")
        #expect(
            stored.contains { $0 == "plans|2028|\(Self.sqliteReal(plans["mean"]!))|\(Self.sqliteReal(plans["p50"]!))" },
            "\(stored) vs \(plans)")
    }

    /// An LA's run reproduces too: its stored command calibrates with `hnf calibrate` and
    /// runs, and gets the database's figures (the sweep calibrates exactly as the command).
    @Test func storedCommandReproducesAnLA() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-sweep-la-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("la.yaml").path, db = folder.appendingPathComponent("la.db").path
        try Data(
            """
            schema: hnf.sweep.v1
            name: One LA
            las: [887]
            calibrate: {from: 2019, to: 2025, horizon: 1}
            parameters:
              settings.mainstream.top_up.B1: {values: [7892]}
            design: {type: grid}
            draws: 20
            seed: 3
            metrics: [spend]
            years: [2025]
            """.utf8
        ).write(to: URL(fileURLWithPath: file))
        #expect(try TestSupport.runCLI(["sweep", file, "--db", db, "--quiet"]).status == 0)
        let line = try Self.sqlite(db, "SELECT command FROM runs WHERE parameters != '{}'").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let parts = line.components(separatedBy: " && ")
        #expect(parts.count == 2 && parts[0].hasPrefix("hnf calibrate --la 887"), "\(line)")
        let calibrate = parts[0].split(separator: " ").dropFirst().map {
            $0 == "calibrated-887.yaml" ? folder.appendingPathComponent(String($0)).path : String($0)
        }
        #expect(try TestSupport.runCLI(calibrate).status == 0)
        let run = parts[1].split(separator: " ").dropFirst().map {
            $0 == "calibrated-887.yaml" ? folder.appendingPathComponent(String($0)).path : String($0)
        }
        let result = try TestSupport.runCLI(run + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let money = try #require((object["results"] as? [String: Any])?["money"] as? [[String: Any]])
        let spend = try #require((money.first { $0["financial_year"] as? Int == 2025 })?["spend"] as? [String: Double])
        let stored = try Self.sqlite(
            db,
            "SELECT quote(mean) FROM results r JOIN runs u ON u.id = r.run WHERE u.parameters != '{}' AND measure = 'spend'"
        )
        // (sqlite3's quote() of a REAL is its %!.15g, or all 20 digits where 15 do not read back
        // as the same double, depending on the value and the SQLite version: compared as numbers,
        // to the 15 digits both forms hold.)
        let database = try #require(Double(stored.trimmingCharacters(in: .whitespacesAndNewlines)))
        let command = try #require(Double(Self.sqliteReal(spend["mean"]!)))
        #expect(
            abs(database - command) <= abs(command) * 1e-14, "database \(stored) against the stored command's \(spend)")
    }

    /// An every-LA sweep is read by name, and says which LA's money used stand-ins: the
    /// City of London is in no DSG table, so its income and balance are England's per plan
    /// (each stand-in a row of `fallbacks`, as its calibrated scenario lists them); Medway's
    /// are all published (none). Both survive a merge of shards.
    @Test func lasSweepStoresNamesAndFallbacks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hnf-sweep-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("las.yaml").path
        try Data(
            """
            schema: hnf.sweep.v1
            name: Two LAs
            las: [201, 887]
            calibrate: {from: 2019, to: 2025, horizon: 1}
            design: {type: grid}
            draws: 5
            seed: 3
            metrics: [income, cumulative_balance]
            years: [2025]
            """.utf8
        ).write(to: URL(fileURLWithPath: file))
        let shards = (1...2).map { folder.appendingPathComponent("s\($0).db").path }
        for (i, db) in shards.enumerated() {
            let result = try TestSupport.runCLI(["sweep", file, "--db", db, "--shard", "\(i + 1)/2", "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let merged = folder.appendingPathComponent("all.db").path
        #expect(try TestSupport.runCLI(["sweep", "merge", merged] + shards).status == 0)
        let calibrated = folder.appendingPathComponent("c201.yaml").path
        #expect(
            try TestSupport.runCLI(["calibrate", "--la", "201", "--from", "2019", "--to", "2025", "--out", calibrated])
                .status == 0)
        let written = try String(contentsOfFile: calibrated, encoding: .utf8)
        let expected = written.components(separatedBy: "\n").drop { !$0.hasPrefix("  fallbacks:") }.dropFirst()
            .prefix { $0.hasPrefix("    - ") }.count
        #expect(expected >= 3, "the City of London's scenario lists its stand-ins")
        for db in [shards[0], merged] {
            #expect(
                try Self.sqlite(db, "SELECT name FROM areas WHERE code IN ('201', '887') ORDER BY code")
                    == "City of London\nMedway\n")
            #expect(
                try Self.sqlite(
                    db,
                    "SELECT u.scenario, COUNT(f.run) FROM runs u LEFT JOIN fallbacks f ON f.run = u.id GROUP BY u.id ORDER BY u.id"
                ) == (db == merged ? "la:201|\(expected)\nla:887|0\n" : "la:201|\(expected)\n"))
            #expect(
                try Self.sqlite(db, "SELECT DISTINCT area_name FROM run_results WHERE area = '201'")
                    == "City of London\n")
        }
        #expect(
            try Self.sqlite(merged, "SELECT fallback FROM fallbacks WHERE seq = 1").hasPrefix(
                "cumulative DSG balance at 31 March 2022: City of London is not in the DSG tables"))
    }

    /// sqlite3's quote() of a REAL: 15 significant digits, as its %!.15g.
    static func sqliteReal(_ x: Double) -> String {
        let text = String(format: "%.15g", x)
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    /// A merge of some shards resumes as the whole sweep: the missing runs are run into it,
    /// as the merge's message says, and the result equals one process's.
    @Test func aPartialMergeResumes() throws {
        let file = Self.sweep(), shard = Self.database(), merged = Self.database(), whole = Self.database()
        #expect(try TestSupport.runCLI(["sweep", file, "--db", shard, "--shard", "1/2", "--quiet"]).status == 0)
        let merge = try TestSupport.runCLI(["sweep", "merge", merged, shard])
        #expect(merge.status == 0 && merge.stderr.contains("resume with"), "\(merge.stderr)")
        let resumed = try TestSupport.runCLI(["sweep", file, "--db", merged, "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try TestSupport.runCLI(["sweep", file, "--db", whole, "--quiet"]).status == 0)
        let query = "SELECT run, area, year, measure, quote(mean), quote(p50) FROM results ORDER BY 1, 2, 3, 4"
        #expect(try Self.sqlite(merged, query) == Self.sqlite(whole, query))
        #expect(try Self.sqlite(merged, "SELECT value FROM sweep WHERE key = 'shard'") == "all\n")
    }

    /// A sweep killed in the middle of writing a run leaves SQLite's rollback journal; the
    /// database is still this sweep's: resuming rolls the journal back and finishes it.
    @Test func aHotJournalIsRolledBackOnResume() throws {
        let file = Self.sweep(), db = Self.database(), whole = Self.database()
        #expect(try TestSupport.runCLI(["sweep", file, "--db", db, "--quiet"]).status == 0)
        // A writer killed with -9 inside a transaction, as a sweep killed while recording a run.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = [
            "python3", "-c",
            """
            import os, sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("PRAGMA journal_mode=DELETE"); c.execute("BEGIN IMMEDIATE")
            c.execute("DELETE FROM results"); c.execute("UPDATE runs SET status = 'running'")
            c.execute("INSERT INTO sweep (key, value) VALUES ('half', 'written')")
            os.kill(os.getpid(), 9)
            """, db,
        ]
        try writer.run()
        writer.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: db + "-journal"), "the writer left a hot journal")
        let resumed = try TestSupport.runCLI(["sweep", file, "--db", db, "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try TestSupport.runCLI(["sweep", file, "--db", whole, "--quiet"]).status == 0)
        let query = "SELECT run, area, year, measure, quote(mean), quote(p50) FROM results ORDER BY 1, 2, 3, 4"
        #expect(try Self.sqlite(db, query) == Self.sqlite(whole, query))
        #expect(
            try Self.sqlite(db, "SELECT COUNT(*) FROM sweep WHERE key = 'half'") == "0\n",
            "the half-written transaction is gone")
    }

    /// A sweep file changed after the database was started is refused (exit 2, nothing run).
    @Test func changedSweepFileIsRefused() throws {
        let file = Self.sweep(), db = Self.database()
        #expect(try TestSupport.runCLI(["sweep", file, "--db", db, "--quiet"]).status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "seed: 7", with: "seed: 8").utf8).write(to: URL(fileURLWithPath: file))
        let refused = try TestSupport.runCLI(["sweep", file, "--db", db])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("started by a different sweep") && refused.stderr.contains("Nothing was run"))
        let notASweep = TestSupport.temporaryFile("other.db", "not a database")
        let refusedOther = try TestSupport.runCLI(["sweep", file, "--db", notASweep])
        let left = try String(contentsOfFile: notASweep, encoding: .utf8)
        #expect(refusedOther.status != 0 && left == "not a database")
    }

    /// Bad input: a located error, exit 2.
    @Test func badSweepFileIsLocated() throws {
        let file = TestSupport.temporaryFile(
            "bad.yaml",
            "schema: hnf.sweep.v1\nname: x\nscenarios: [\(Self.growth)]\ndesign: {type: grid}\ndraws: 0\nseed: 1\nmetrics: [spend]\nyears: [2026]\n"
        )
        let run = try TestSupport.runCLI(["sweep", file, "--db", Self.database()])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(file):5:8: error: draws"))
    }

    /// --print-slurm prints an array job of N shards and a merge that waits for it.
    @Test func printSlurmGivesTheArrayAndTheMerge() throws {
        let run = try TestSupport.runCLI(["sweep", Self.sweep(), "--db", "out.db", "--print-slurm", "--shards", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "sbatch --parsable --array=1-3 --job-name=hnf-sweep --output=out.shard-%a.log -- Scripts/slurm/sweep.sbatch"
            ))
        #expect(run.stdout.contains("--dependency=afterok:\"$jid\""))
        #expect(
            run.stdout.contains("'sweep merge -- out.db out.shard-1-of-3.db out.shard-2-of-3.db out.shard-3-of-3.db'"))
    }

    /// `hnf sweep report` in every format, and a metric the database lacks is an error.
    @Test func reportInEveryFormat() throws {
        let db = Self.database()
        #expect(try TestSupport.runCLI(["sweep", Self.sweep(), "--db", db, "--quiet"]).status == 0)
        let table = try TestSupport.runCLI(["sweep", "report", db, "--metric", "spend", "--financial-year", "2026"])
        #expect(table.status == 0 && table.stdout.contains("Tornado"), "\(table.stderr)")
        let json = try TestSupport.runCLI([
            "sweep", "report", db, "--metric", "spend", "--financial-year", "2026", "--format", "json",
        ])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hnf.sweep-report.v1")
        let bars = try #require(object["tornado"] as? [[String: Any]])
        #expect(
            Set(bars.compactMap { $0["parameter"] as? String }) == [
                "settings.mainstream.top_up.B1", "flows.new_plans.rate_per_1000.primary",
            ])
        let swings = bars.compactMap { $0["swing"] as? Double }
        #expect(swings == swings.sorted(by: >) && swings.allSatisfy { $0 > 0 })
        let first = try #require(bars.first?["parameter"] as? String)
        let csv = try TestSupport.runCLI([
            "sweep", "report", db, "--metric", "spend", "--financial-year", "2026", "--format", "csv",
        ])
        #expect(csv.stdout.hasPrefix("rank,parameter,low,high,low_effect,high_effect,swing\n1,\(first),"))
        let markdown = try TestSupport.runCLI([
            "sweep", "report", db, "--metric", "spend", "--financial-year", "2026", "--format", "markdown",
        ])
        #expect(markdown.stdout.contains("| 1 | \(first) |"))
        let missing = try TestSupport.runCLI(["sweep", "report", db, "--metric", "special_share", "--year", "2026"])
        #expect(missing.status == 2 && missing.stderr.contains("plans 2026"))
    }
}
