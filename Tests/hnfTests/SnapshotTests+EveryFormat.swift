import Foundation
import HighNeedsTestSupport
import Testing

/// The rest of the matrix: every command in every format it writes, beyond the cases above
/// that pin particular runs. A command's formats come from its `--format` list, so a format
/// a command gains needs a snapshot here (`everyFormatHasASnapshot` holds it).
extension SnapshotTests {
    static let textFormats = ["table", "markdown", "csv", "json"]

    /// One case per format: `name.txt`, `name.md`, `name.csv`, `name.json`.
    static func inFormats(
        _ name: String, _ arguments: [String], _ formats: [String] = textFormats, except: Set<String> = [],
        setup: [[String]] = []
    ) -> [Case] {
        formats.filter { !except.contains($0) }.map { format in
            Case(name: "\(name).\(ext(format))", arguments: arguments + ["--format", format], setup: setup)
        }
    }

    static let witanSend = [["import", "witan-send", "Tests/Fixtures/witan-send-small", "--out", "$TMP/ws.yaml"]]
    static let compareWitanSend = [
        "compare", "witan-send", "$TMP/ws.yaml", "--published", "Tests/Snapshots/inputs/witan-send-small-published",
    ]
    static let explainThanet =
        ["explain", kent, communities, "--locality", "thanet", "--financial-year", "2027"] + quick
    static let solvePot = [
        "solve", kent, communities, "--vary", "funding.blocks.communities_of_schools.pot", "--low", "0",
        "--high", "100000000", "--metric", "in_year_balance", "--financial-year", "2027", "--target", "0",
    ]
    static let fitFormula = [
        "fit-formula", kent, "--allocation", "Tests/Snapshots/inputs/kent-allocation.csv", "--factors",
        "population,deprivation,plans_in_mainstream", "--min-r2=-100",
    ]
    static let backtestWindow = ["backtest", "--from", "2019", "--to", "2022", "--predict", "2025", "--la", "886"]

    static let everyFormat: [Case] =
        inFormats("ratios-kent", ["ratios", "--la", "886"], except: ["table"])
        + inFormats("backtest-kent", backtestWindow + quick, except: ["table"])
        + inFormats("backtest-money-kent", ["backtest", "--money", "--la", "886"] + quick, except: ["table"])
        + inFormats("replay-kent-2024", ["replay", kent, "--from", "2024"] + quick, except: ["table"])
        + inFormats("explain-kent-thanet", explainThanet, except: ["table", "json"])
        + inFormats("solve-kent-pot", solvePot + quick, except: ["table"])
        + inFormats("fit-formula-kent", fitFormula, except: ["table"])
        + inFormats("localities-backtest", ["localities", "backtest"], except: ["table", "json"])
        // Exit 1: the made-up published figures disagree with hnf in places, on purpose.
        + inFormats("compare-witan-send-small", compareWitanSend + ["--draws", "40"], setup: witanSend).map {
            var c = $0
            c.status = 1
            return c
        }

    static let sweepFile = "Tests/Snapshots/inputs/sweep-kent.yaml"
    static let sweepRun = ["sweep", sweepFile, "--db", "$TMP/sweep.db", "--quiet"]
    /// Every run and its figures, as a SQL or pandas user reads them.
    static let sweepRows = """
        SELECT r.id, r.base_run, r.varied, r.parameters, r.status, r.command, x.area, a.name, x.year, x.measure, \
        quote(x.mean), quote(x.p5), quote(x.p95) FROM runs r JOIN results x ON x.run = r.id \
        JOIN areas a ON a.code = x.area ORDER BY r.id, x.area, x.year, x.measure
        """

    static let sweeps: [Case] =
        [
            Case(name: "sweep-kent.txt", arguments: sweepRun, query: sweepRows),
            Case(
                name: "sweep-merge-kent.txt",
                arguments: ["sweep", "merge", "$TMP/sweep.db", "$TMP/s1.db", "$TMP/s2.db"],
                setup: [1, 2].map { ["sweep", sweepFile, "--db", "$TMP/s\($0).db", "--shard", "\($0)/2", "--quiet"] },
                query: sweepRows),
        ]
        + inFormats(
            "sweep-report-kent", ["sweep", "report", "$TMP/sweep.db", "--metric", "spend", "--financial-year", "2026"],
            setup: [sweepRun])

    /// Workbooks beyond run's and explain's, read back by openpyxl.
    static let moreWorkbooks: [Case] = [
        Case(name: "describe-kent.xlsx.txt", arguments: ["describe", kent]),
        Case(name: "ratios-kent.xlsx.txt", arguments: ["ratios", "--la", "886"]),
        Case(name: "backtest-kent.xlsx.txt", arguments: backtestWindow + quick),
        Case(name: "backtest-money-kent.xlsx.txt", arguments: ["backtest", "--money", "--la", "886"] + quick),
        Case(name: "benchmark-kent.xlsx.txt", arguments: ["benchmark", "--la", "Kent"]),
        Case(name: "localities-backtest.xlsx.txt", arguments: ["localities", "backtest"]),
        Case(
            name: "sweep-report-kent.xlsx.txt",
            arguments: ["sweep", "report", "$TMP/sweep.db", "--metric", "spend", "--financial-year", "2026"],
            setup: [sweepRun]),
        Case(
            name: "compare-witan-send-small.xlsx.txt", arguments: compareWitanSend + ["--draws", "40"], status: 1,
            setup: witanSend),
    ]
}

/// Every format each command offers in its `--help` has a snapshot, so a format or a
/// command added without one fails here rather than drifting unseen.
@Suite struct SnapshotCoverageTests {
    /// Each command that takes `--format`, and the prefix its snapshots' names start with.
    static let commands: [(words: [String], prefix: String)] = [
        (["run"], "run-kent"), (["describe"], "describe-kent"), (["ratios"], "ratios-kent"),
        (["backtest"], "backtest-kent"), (["replay"], "replay-kent-2024"), (["explain"], "explain-kent-thanet"),
        (["solve"], "solve-kent-pot"), (["fit-formula"], "fit-formula-kent"),
        (["localities", "backtest"], "localities-backtest"), (["compare", "witan-send"], "compare-witan-send-small"),
        (["sweep", "report"], "sweep-report-kent"), (["benchmark"], "benchmark-kent"),
    ]

    @Test func everyFormatHasASnapshot() throws {
        let snapshots = try Set(FileManager.default.contentsOfDirectory(atPath: TestSupport.path("Tests/Snapshots")))
        let exts = ["table": "txt", "markdown": "md", "csv": "csv", "json": "json", "xlsx": "xlsx.txt"]
        for (words, prefix) in Self.commands {
            let help = try TestSupport.runCLI(words + ["--help"]).stdout.split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
            let values = try #require(
                help.firstMatch(of: /--format <format> Output format.*?\(values: ([^;)]*)/)?.1,
                "\(words): no --format values")
            for format in values.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let ext = try #require(exts[format], "\(words): a format the test does not know: \(format)")
                #expect(
                    snapshots.contains("\(prefix).\(ext)"),
                    "\(words) --format \(format) has no snapshot \(prefix).\(ext)")
            }
        }
        // Commands whose output is a file of their own kind.
        for name in [
            "report-kent-communities.html", "validate-kent.txt", "calibrate-kent.yaml", "import-witan-send-small.yaml",
            "localities-template-kent.csv", "localities-import-kent.yaml", "sweep-kent.txt", "sweep-merge-kent.txt",
            "serve-kent-page.html", "serve-kent-scenario.json", "serve-kent-refused.json",
        ] {
            #expect(snapshots.contains(name), "no snapshot \(name)")
        }
    }
}
