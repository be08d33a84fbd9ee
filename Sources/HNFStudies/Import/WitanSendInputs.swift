import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// witan.send's four input files (MastodonC's Markov-chain SEND model), read and checked.
///
/// - `transitions.csv`: one row per child per year, `calendar-year, setting-1, need-1,
///   academic-year-1, setting-2, need-2, academic-year-2`; `NONSEND` marks a joiner (in
///   the `-1` columns) or a leaver (in the `-2` columns). A row of calendar year *c* goes
///   from January *c* to January *c + 1*.
/// - `population.csv`: children by `calendar-year, academic-year`.
/// - `costs.csv`: yearly cost by `need, setting`.
/// - `valid-states.csv`: per setting, its group, the academic years and needs it takes,
///   and the settings a child may move to (`setting->setting`).
///
/// Academic years are national curriculum years (reception 0, year 1 = 1, …); hnf ages
/// are ages at the start of the academic year, so age = year + 4 (reception children are
/// 4, year 7 children 11). hnf tracks ages 0–25, i.e. years −4 to 21.
public struct WitanSendInputs: Sendable {
    public static let nonSEND = "NONSEND"
    public static let yearRange = -4...21

    public struct Transition: Sendable {
        public var calendarYear: Int
        public var setting1: String, need1: String, year1: Int
        public var setting2: String, need2: String, year2: Int
        public var isJoiner: Bool { setting1 == WitanSendInputs.nonSEND }
        public var isLeaver: Bool { setting2 == WitanSendInputs.nonSEND }
    }

    public struct ValidState: Sendable {
        public var setting: String
        public var group: String
        public var years: ClosedRange<Int>
        public var needs: [String]
        public var movesTo: [String]
    }

    public var directory: String
    public var transitions: [Transition]
    /// Children by calendar year, then academic year.
    public var population: [Int: [Int: Double]]
    /// Yearly cost by need, then setting.
    public var costs: [String: [String: Double]]
    public var validStates: [ValidState]
    /// From the run configuration (`config*.edn`), when there is one.
    public var seed: Int?
    public var simulations: Int?
    /// The files read, for provenance.
    public var files: [String]

    public var needs: [String] {
        var seen: [String] = []
        for state in validStates { for need in state.needs where !seen.contains(need) { seen.append(need) } }
        return seen
    }

    /// Reads and checks the files in `directory`; every problem in a file is reported
    /// together, with its line and column. `config` names the run configuration (default:
    /// `config.edn`, or the one `config*.edn` in the folder).
    public init(directory: String, config: String? = nil) throws {
        self.directory = directory
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        var reader = Reader()

        // valid-states.csv first: the other files are checked against it.
        let statesTable = try LocatedCSV(
            path: path("valid-states.csv"),
            required: [
                "setting", "setting-group", "min-academic-year", "max-academic-year", "needs", "setting->setting",
            ])
        let states = Self.readValidStates(statesTable, &reader)
        guard reader.problems.isEmpty else { throw InvalidInput(reader.problems) }
        validStates = states
        // Every name in the setting column counts as declared (see `readValidStates`).
        let known = Set(statesTable.rows.map { $0.fields[statesTable.column("setting")].text })
        let allNeeds = Set(states.flatMap(\.needs))

        let transitionsTable = try LocatedCSV(
            path: path("transitions.csv"),
            required: [
                "calendar-year", "setting-1", "need-1", "academic-year-1", "setting-2", "need-2", "academic-year-2",
            ])
        let transitions = Self.readTransitions(transitionsTable, settings: known, needs: allNeeds, &reader)
        let populationTable = try LocatedCSV(
            path: path("population.csv"), required: ["calendar-year", "academic-year", "population"])
        let population = Self.readPopulation(populationTable, &reader)
        let costsTable = try LocatedCSV(path: path("costs.csv"), required: ["need", "setting", "cost"])
        let costs = Self.readCosts(costsTable, settings: known, needs: allNeeds, &reader)
        guard reader.problems.isEmpty else { throw InvalidInput(reader.problems) }

        self.transitions = transitions
        self.population = population
        self.costs = costs
        files = ["transitions.csv", "population.csv", "costs.csv", "valid-states.csv"].map(path)
        if let configPath = try Self.configFile(directory: directory, explicit: config) {
            let settings = try Self.readConfig(configPath)
            seed = settings.seed
            simulations = settings.simulations
            files.append(configPath)
        }
    }

    /// The seed and simulation count of witan.send's configuration: each, when present,
    /// must be a whole number in range; a file that is not text, or not an EDN map, is an
    /// error rather than a silent seed of 0.
    static func readConfig(_ path: String) throws -> (seed: Int?, simulations: Int?) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            !text.contains("\u{0}")
        else {
            throw InvalidInput([
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "a file that is not UTF-8 text",
                    expected: "witan.send's run configuration, an EDN map such as {:random-seed 42 :simulations 1000}")
            ])
        }
        let body = text.split(separator: "\n").map {
            $0.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        }.joined(separator: "\n")
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else {
            throw InvalidInput([
                Diagnostic(
                    at: SourceLocation(file: path, line: 1, column: 1), keyPath: "",
                    found: "text that is not an EDN map",
                    expected: "an EDN map such as {:random-seed 42 :simulations 1000}")
            ])
        }
        var problems: [Diagnostic] = []
        func place(_ index: String.Index) -> SourceLocation {
            let line = body[..<index].filter { $0 == "\n" }.count + 1
            let column =
                body[..<index].split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.count + 1 } ?? 1
            return SourceLocation(file: path, line: line, column: column)
        }
        func setting(_ key: String, _ range: ClosedRange<Int>, _ meaning: String) -> Int? {
            let all = Self.occurrences(of: ":\(key)", in: body)
            guard let found = all.first else { return nil }
            // Twice (say, in two maps) gave the first without a word: which one witan.send uses is not ours to guess.
            if all.count > 1 {
                let first = place(found.lowerBound)
                problems.append(
                    Diagnostic(
                        at: place(all[1].lowerBound), keyPath: ":\(key)",
                        found: ":\(key) a second time (first at line \(first.line), column \(first.column))",
                        expected: "each setting once in the run configuration"))
                return nil
            }
            let rest = body[found.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," }
            let token = String(rest.prefix { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," || $0 == "}") })
            let location = place(found.lowerBound), (line, column) = (location.line, location.column)
            guard let value = PlainDecimal.integer(token), range.contains(value) else {
                problems.append(
                    Diagnostic(
                        at: SourceLocation(file: path, line: line, column: column), keyPath: ":\(key)",
                        found: "\"\(token)\"",
                        expected:
                            "\(meaning), a whole number from \(range.lowerBound) to \(Text.thousands(range.upperBound))"
                    ))
                return nil
            }
            return value
        }
        let seed = setting("random-seed", 0...Int(Int64.max), "a seed")
        let simulations = setting("simulations", 1...1_000_000, "the number of simulations")
        if !problems.isEmpty { throw InvalidInput(problems) }
        return (seed, simulations)
    }

    /// Where `key` stands as a whole EDN keyword in `text` (`:random-seed`, not `:random-seeds`).
    static func occurrences(of key: String, in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var from = text.startIndex
        while let range = text.range(of: key, range: from..<text.endIndex) {
            let next = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if next.isWhitespace || next == "," || next == "}" { found.append(range) }
            from = range.upperBound
        }
        return found
    }

    /// `"A,B, C"` → `["A", "B", "C"]`.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func configFile(directory: String, explicit: String?) throws -> String? {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw InvalidInput([
                    Diagnostic(
                        at: nil, file: explicit, keyPath: "", found: "no such file",
                        expected: "witan.send's run configuration (.edn)")
                ])
            }
            return explicit
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasPrefix("config") && $0.hasSuffix(".edn")
        }.sorted()
        // Two or more without a config.edn gave seed 0 and 1,000 draws without a word.
        if names.count > 1, !names.contains("config.edn") {
            throw InvalidInput([
                Diagnostic(
                    at: nil, file: directory, keyPath: "",
                    found: "\(names.count) run configurations (\(names.joined(separator: ", "))) and no config.edn",
                    expected:
                        "one of them named with --config (e.g. --config \((directory as NSString).appendingPathComponent(names[0])))"
                )
            ])
        }
        let chosen = names.contains("config.edn") ? "config.edn" : names.first
        return chosen.map { (directory as NSString).appendingPathComponent($0) }
    }
}
