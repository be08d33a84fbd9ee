import Foundation
import HighNeedsTestSupport
import Testing

/// Help that matches the commands: the root lists every command README documents, one
/// line each; each command's help mentions only options it has.
@Suite struct HelpTests {
    /// The commands of README's table (`hnf NAME …`), first word.
    static let documented: [String] = {
        let readme = try! String(contentsOfFile: TestSupport.path("README.md"), encoding: .utf8)
        let names = readme.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `hnf ") else { return nil }
            return line.dropFirst("| `hnf ".count).prefix { $0.isLetter || $0 == "-" }.description
        }
        var seen: [String] = []
        for name in names where !seen.contains(name) { seen.append(name) }
        return seen
    }()

    @Test func rootHelpListsEveryCommandOnOneLine() throws {
        let help = try BoundedRun.hnf(["--help"])
        #expect(help.status == 0)
        let section = help.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        let lines = section.split(separator: "\n").filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.contains("See 'hnf help")
        }
        let listed = lines.compactMap { line in
            line.hasPrefix("  ") && !line.hasPrefix("   ") ? line.split(separator: " ").first.map(String.init) : nil
        }
        #expect(Self.documented.count >= 11)
        for name in Self.documented { #expect(listed.contains(name), "root help lists \(name)") }
        #expect(lines.count == listed.count, "one line each, no wrapped abstracts: \(section)")
    }

    /// Each documented command, with a command group's subcommands one by one.
    static let commandWords: [[String]] = documented.flatMap { name -> [[String]] in
        switch name {
        case "import", "compare": return [[name, "witan-send"]]
        case "sweep": return [[name, "run"]]
        case "localities": return [[name, "import"], [name, "template"]]
        default: return [[name]]
        }
    }

    @Test(arguments: commandWords)
    func helpMentionsOnlyOptionsTheCommandHas(_ words: [String]) throws {
        // Command groups: each subcommand's help lists its options.
        let help = try BoundedRun.hnf(words + ["--help"])
        #expect(help.status == 0, "\(help.stderr)")
        let parts = help.stdout.components(separatedBy: "\nOPTIONS:")
        #expect(parts.count == 2)
        let options = Set(
            Self.options(
                in: parts[1].components(separatedBy: "\n").filter { $0.hasPrefix("  -") }.joined(separator: "\n")))
        // Options named in the overview and discussion (before USAGE and before an
        // example, which may chain another command) must exist.
        let prose =
            (parts[0].components(separatedBy: "USAGE:").first ?? "").components(separatedBy: "Example").first ?? ""
        for option in Self.options(in: prose) where option != "--help" {
            #expect(
                options.contains(option),
                "hnf \(words.joined(separator: " ")) --help mentions \(option), which it does not take")
        }
    }

    static func options(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9-])--[a-z][a-z0-9-]*"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            (text as NSString).substring(with: $0.range)
        }
    }

    /// A command that runs Monte Carlo draws, and the defaults its help must state.
    struct DrawCommand: Sendable, CustomTestStringConvertible {
        var words: [String]
        var draws: String
        var seed: String
        var testDescription: String { words.joined(separator: " ") }
    }

    static let drawCommands: [DrawCommand] = {
        let fromScenario = (
            draws: "Monte Carlo draws (default: the scenario's meta.draws).",
            seed: "Random seed (default: the scenario's meta.seed)."
        )
        return [["run"], ["explain"], ["report"], ["replay"], ["compare", "witan-send"]].map {
            DrawCommand(words: $0, draws: fromScenario.draws, seed: fromScenario.seed)
        } + [
            DrawCommand(
                words: ["solve"], draws: "Monte Carlo draws per evaluation (default: 200).", seed: fromScenario.seed),
            DrawCommand(
                words: ["backtest"], draws: "Monte Carlo draws per LA (default: 200).",
                seed: "Random seed (default: 20250101)."),
        ]
    }()

    /// Every command that runs draws takes the same --draws, --seed, --threads and
    /// --max-memory (one option group), and its help says what each defaults to there.
    @Test(arguments: drawCommands)
    func drawOptionsAreSharedAndTheirDefaultsStated(_ command: DrawCommand) throws {
        let help = try BoundedRun.hnf(command.words + ["--help"])
        #expect(help.status == 0, "\(help.stderr)")
        let options = (help.stdout.components(separatedBy: "\nOPTIONS:").last ?? "").split(
            whereSeparator: \.isWhitespace
        ).joined(separator: " ")
        #expect(options.contains("--draws <draws> \(command.draws)"), "\(options)")
        #expect(options.contains("--seed <seed> \(command.seed)"), "\(options)")
        #expect(
            options.contains(
                "--threads <threads> Worker threads (default: the machine's cores). Results do not depend on it."))
        #expect(options.contains("--max-memory <SIZE> The most memory a run may use"))
    }

    /// The defaults the help states are the ones used: solve runs 200 draws, not the
    /// scenario's 5; --draws below a command's minimum is refused as bad input.
    @Test func drawDefaultsAreTheOnesUsed() throws {
        let solve = try BoundedRun.hnf([
            "solve", "Tests/Fixtures/zero-variance.yaml", "--vary", "budget.high_needs_block.amount", "--low", "0",
            "--high", "10000000", "--metric", "in_year_balance", "--financial-year", "2026", "--target", "0",
            "--format", "json",
        ])
        #expect(solve.status == 0, "\(solve.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(solve.stdout.utf8)) as? [String: Any])
        #expect(object["draws"] as? Int == 200)
        let backtest = try BoundedRun.hnf(["backtest", "--la", "Kent", "--draws", "9"])
        #expect(
            backtest.status == 2
                && backtest.stderr.contains("--draws must be from 10 (for p10 and p90) to 1,000,000, not 9."),
            "\(backtest.stderr)")
        let run = try BoundedRun.hnf(["run", "Tests/Fixtures/zero-variance.yaml", "--draws", "0"])
        #expect(run.status == 2 && run.stderr.contains("--draws must be from 1 to 1,000,000, not 0."), "\(run.stderr)")
    }

    @Test func explainTakesLocalityNamesInAnyCase() throws {
        for given in ["Ashford", "ASHFORD", "ashford"] {
            let run = try BoundedRun.hnf([
                "explain", "Scenarios/kent/baseline.yaml", "--locality", given, "--financial-year", "2026", "--draws",
                "2",
            ])
            #expect(run.status == 0 && run.stdout.contains("Ashford"), "\(given): \(run.stderr)")
        }
    }
}
