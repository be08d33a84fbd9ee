import Foundation
import HighNeedsTestSupport
import Testing

/// Every bad or odd input the fuzzing of issue 12 found mishandled, as the command a user
/// would type: each must end with an exit status (never a crash or a hang, each under a
/// time limit), and where it is bad input, exit 2 with a message at the line to change.
@Suite struct IssueCasesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// A change to the Kent baseline (old text, occurring once → new text), if any.
        var edit: (old: String, new: String)?
        /// An overlay written beside the scenario, if any (its path replaces "O").
        var overlay: String?
        /// The command; "S" is the scenario (the edited Kent baseline, or Kent itself).
        var arguments: [String]
        var status: Int32
        /// Text the standard error must contain.
        var message: String
        /// Text whose line (in the edited scenario, or the overlay when it starts "O:") the message must point at.
        var locatedAt: String?
        var testDescription: String { name }
    }

    static let kent = "Scenarios/kent/baseline.yaml"
    static let small = "Tests/Fixtures/zero-variance.yaml"
    static func validate(_ name: String, _ old: String, _ new: String, _ message: String, at: String? = nil) -> Case {
        Case(
            name: name, edit: (old, new), arguments: ["validate", "S"], status: 2, message: message,
            locatedAt: at ?? new.split(separator: "\n").last.map(String.init))
    }
    static func runs(
        _ name: String, _ command: String, _ old: String, _ new: String, _ message: String, extra: [String] = []
    ) -> Case {
        Case(
            name: name, edit: (old, new), arguments: [command, "S"] + extra, status: 2, message: message, locatedAt: new
        )
    }
    static let explain = ["--locality", "ashford", "--financial-year", "2027", "--draws", "2"]

    static let cases: [Case] = [
        // Crashes and hangs on values the validator accepted.
        runs(
            "fee 1e20 (run)", "run", "fee: 40673", "fee: 1e20", "settings.independent_special.fee",
            extra: ["--draws", "2"]),
        runs("fee 1e20 (describe)", "describe", "fee: 40673", "fee: 1e20", "settings.independent_special.fee"),
        runs(
            "fee 1e20 (explain)", "explain", "fee: 40673", "fee: 1e20", "settings.independent_special.fee",
            extra: explain),
        runs(
            "capacity 1e18 (explain)", "explain", "all: 6427", "all: 1e18", "settings.state_special.capacity.all",
            extra: explain),
        runs(
            "population 1e300", "run", "by_age: {0: 1396,", "by_age: {0: 1e300,",
            "localities.ashford.population.by_age.0", extra: ["--draws", "2"]),
        runs(
            "new-plan rate sd 1e20", "run", "primary: {dist: normal, mean: 12.44, sd: 1.24}",
            "primary: {dist: normal, mean: 12.44, sd: 1e20}",
            "flows.new_plans.rate_per_1000.primary.sd", extra: ["--draws", "2"]),
        runs(
            "new-plan rate sd 1e6", "run", "primary: {dist: normal, mean: 12.44, sd: 1.24}",
            "primary: {dist: normal, mean: 12.44, sd: 1e6}",
            "at most 1000", extra: ["--draws", "2"]),
        // Found beyond the issue's list: every locality within bounds, but together more
        // children than England has (a draw would simulate more children than memory holds).
        validate(
            "population total above 20 million",
            "by_age: {0: 1396, 1: 1499,", "by_age: {0: 10000000, 1: 10000000,",
            "children in all localities together", at: "localities:"),
        // Accepted and silently wrong.
        validate(
            "base year against the stock's year", "  base_year: 2025", "  base_year: 2019",
            "the stock is SEN2's January 2025"),
        validate(
            "block year after the base year", "    year: 2020               # 2020-21", "    year: 2040",
            "budget.high_needs_block.year: 2040, after the base year"),
        validate("floor above cap", "    floor: 0.0", "    floor: 0.2", "floor 0.2 above cap 0.1"),
        validate("negative cap", "    cap: 0.10", "    cap: -0.1", "a negative cap"),
        validate("dated fee from 2099", "fee: 40673", "fee: {2099: 40673}", "values that start in 2099, after 2025"),
        validate(
            "move rates out of a setting above 1", "  by_setting_and_age:\n",
            "  moves:\n    - {from: mainstream, to: independent_special, at: primary_to_secondary, rate: 0.9}\n"
                + "    - {from: mainstream, to: state_special, at: primary_to_secondary, rate: 0.29}\n  by_setting_and_age:\n",
            "add up to 1.19", at: "rate: 0.9}"),
        validate(
            "overflow cycle", "fee: 40673", "fee: 40673\n    overflow: state_special", "goes round in a circle",
            at: "overflow: independent_special"),
        validate("money of 1e300", "amount: -21502984", "amount: 1e300", "budget.opening_balance.amount"),
        validate(
            "meta.area unknown to SEN2", "  area: \"886\"                #", "  area: \"999\"                #",
            "meta.area: \"999\", which is not an area"),
        validate(
            "duplicate key, one line", "  base_year: 2025", "  base_year: 2025\n  base_year: 2024",
            "twice in one mapping", at: "  base_year: 2025"),
        Case(
            name: "overlay removes the same move twice",
            overlay: "overlay: hnf.overlay.v1\nname: twice\nremove:\n  - flows.moves[2]\n  - 'flows.moves[2]'\n",
            arguments: ["validate", "S", "O"], status: 2, message: "the same key removed twice",
            locatedAt: "O:  - 'flows.moves[2]'"),
        Case(
            name: "overlay sets and removes a key",
            overlay: "overlay: hnf.overlay.v1\nname: both\nset:\n  meta.horizon: 3\nremove:\n  - meta.horizon\n",
            arguments: ["validate", "S", "O"], status: 2, message: "both set (line 4) and removed",
            locatedAt: "O:  - meta.horizon"),
        Case(
            name: "overlay removal of a section is blamed on the overlay",
            overlay: "overlay: hnf.overlay.v1\nname: gone\nremove:\n  - flows\n",
            arguments: ["validate", "S", "O"], status: 2, message: "(removed here)", locatedAt: "O:  - flows"),
        // Numbers on the command line.
        Case(
            name: "solve --target -50000000 parses",
            arguments: [
                "solve", small, "--vary", "budget.high_needs_block.amount", "--low", "0", "--high", "10000000",
                "--metric", "in_year_balance", "--financial-year", "2026", "--target", "-50000000", "--draws", "3",
            ],
            status: 1, message: "reaches the target (see above)"),  // parsed and ran; no value in the bounds reaches it
        Case(
            name: "solve --low -50000 parses",
            arguments: [
                "solve", small, "--vary", "budget.high_needs_block.growth", "--low", "-0.4", "--high", "0.4",
                "--metric", "in_year_balance", "--financial-year", "2026", "--target", "-50000", "--draws", "3",
            ],
            status: 1, message: "reaches the target (see above)"),  // parsed and ran; no value in the bounds reaches it
        Case(
            name: "solve --target nan",
            arguments: [
                "solve", small, "--vary", "budget.high_needs_block.amount", "--low", "0", "--high", "1", "--metric",
                "spend", "--financial-year", "2026", "--target", "nan",
            ],
            status: 2, message: "--target nan: expected a finite number"),
        Case(
            name: "solve --high 1e308",
            arguments: [
                "solve", small, "--vary", "budget.high_needs_block.amount", "--low", "0", "--high", "1e308", "--metric",
                "spend", "--financial-year", "2026", "--target", "0",
            ],
            status: 2, message: "--high 1e+308: expected a finite number"),
        Case(
            name: "solve --threads 0",
            arguments: [
                "solve", small, "--vary", "budget.high_needs_block.amount", "--low", "0", "--high", "1", "--metric",
                "spend", "--financial-year", "2026", "--target", "0", "--threads", "0",
            ],
            status: 2, message: "--threads must be from 1 to 4,096"),
        Case(
            name: "run --threads 0", arguments: ["run", small, "--threads", "0"], status: 2,
            message: "--threads must be from 1 to 4,096"),
        Case(
            name: "run --draws 0", arguments: ["run", small, "--draws", "0"], status: 2,
            message: "--draws must be from 1"),
        Case(
            name: "explain --draws 0",
            arguments: ["explain", kent, "--locality", "ashford", "--financial-year", "2027", "--draws", "0"],
            status: 2,
            message: "--draws must be from 1"),
        Case(
            name: "backtest --threads 0", arguments: ["backtest", "--la", "886", "--threads", "0"], status: 2,
            message: "--threads must be from 1 to 4,096"),
        Case(
            name: "backtest --draws unbounded", arguments: ["backtest", "--la", "886", "--draws", "100000000"],
            status: 2, message: "to 1,000,000"),
        Case(
            name: "run --draws 1000000 over the memory budget",
            arguments: ["run", kent, "--draws", "1000000", "--max-memory", "1G"], status: 2,
            message: "the largest feasible is --draws"),
        Case(
            name: "backtest over the memory budget",
            arguments: ["backtest", "--la", "886", "--draws", "1000000", "--max-memory", "100M"], status: 2,
            message: "the largest feasible is --draws"),
        Case(
            name: "fit-formula repeated factor",
            arguments: ["fit-formula", kent, "--allocation", "A.csv", "--factors", "population,population"], status: 2,
            message: "population twice"),
        Case(
            name: "calibrate --horizon 0",
            arguments: ["calibrate", "--la", "886", "--from", "2019", "--to", "2024", "--horizon", "0"], status: 2,
            message: "--horizon must be from 1 to 30"),
        Case(name: "usage errors exit 2, not 64", arguments: ["run"], status: 2, message: "Missing expected argument"),
    ]

    @Test(arguments: cases)
    func endsCleanlyWithALocatedMessage(_ testCase: Case) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-cases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let scenario = folder.appendingPathComponent("S.yaml").path
        var text = try String(contentsOfFile: TestSupport.path(Self.kent), encoding: .utf8)
        if let edit = testCase.edit {
            #expect(text.components(separatedBy: edit.old).count == 2, "\(edit.old) occurs once in the Kent baseline")
            text = text.replacingOccurrences(of: edit.old, with: edit.new)
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: scenario))
        let overlay = folder.appendingPathComponent("O.yaml").path
        if let body = testCase.overlay { try Data(body.utf8).write(to: URL(fileURLWithPath: overlay)) }
        try Data("locality,amount\nashford,1\n".utf8).write(to: folder.appendingPathComponent("A.csv"))
        let arguments = testCase.arguments.map {
            $0 == "S"
                ? scenario : $0 == "O" ? overlay : $0 == "A.csv" ? folder.appendingPathComponent("A.csv").path : $0
        }
        let run = try BoundedRun.hnf(arguments, seconds: 120)
        #expect(run.endedCleanly, "crashed or hung: \(run.stderr.prefix(400))")
        #expect(run.status == testCase.status, "status \(run.status): \(run.stderr.prefix(600))")
        #expect(testCase.message.isEmpty || run.stderr.contains(testCase.message), "\(run.stderr.prefix(600))")
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("NSCocoaErrorDomain"))
        #expect(run.stderr.split(separator: "\n").count < 40, "a few lines, never the whole file")
        if let needle = testCase.locatedAt {
            let (file, what) = needle.hasPrefix("O:") ? (overlay, String(needle.dropFirst(2))) : (scenario, needle)
            let line = try #require(TestSupport.line(of: what, in: file))
            #expect(run.stderr.contains("\(file):\(line):"), "located at \(file):\(line): \(run.stderr.prefix(600))")
        }
    }

    /// A 366-byte alias bomb (each level nine of the last), as a scenario and inside an
    /// overlay: refused at once instead of growing past 9 GB.
    @Test(arguments: [false, true])
    func anAliasBombIsRefusedQuickly(inOverlay: Bool) throws {
        let levels = "abcdefghi".map(String.init)
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (previous, level) in zip(levels, levels.dropFirst()) {
            bomb += "\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let text =
            inOverlay
            ? "overlay: hnf.overlay.v1\nname: bomb\nset:\n"
                + bomb.split(separator: "\n").map { "  meta.description_\($0)" }.joined(separator: "\n") + "\n" : bomb
        let file = TestSupport.temporaryFile("bomb.yaml", text)
        let started = Date()
        let run = try BoundedRun.hnf(inOverlay ? ["validate", Self.kent, file] : ["validate", file], seconds: 60)
        #expect(run.status == 2 && run.endedCleanly, "\(run.stderr)")
        #expect(run.stderr.contains("once its aliases (*name) are expanded"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
    }
}
