import Foundation

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
        var problems: [Diagnostic] = []
        func report(_ field: LocatedCSV.Field, _ column: String, _ found: String, _ expected: String) {
            problems.append(Diagnostic(at: field.location, keyPath: column, found: found, expected: expected))
        }
        func integer(_ row: LocatedCSV.Row, _ table: LocatedCSV, _ column: String, in range: ClosedRange<Int>? = nil, _ meaning: String) -> Int? {
            let field = row.fields[table.column(column)]
            guard let value = Int(field.text) else {
                report(field, column, "\"\(field.text)\"", "a whole number (\(meaning))"); return nil
            }
            if let range, !range.contains(value) {
                report(field, column, "\(value)", "\(meaning) from \(range.lowerBound) to \(range.upperBound)"); return nil
            }
            return value
        }
        func number(_ row: LocatedCSV.Row, _ table: LocatedCSV, _ column: String, _ meaning: String) -> Double? {
            let field = row.fields[table.column(column)]
            guard let value = Double(field.text), value.isFinite, value >= 0 else {
                report(field, column, "\"\(field.text)\"", "a number of at least 0 (\(meaning))"); return nil
            }
            return value
        }
        let yearMeaning = "a national curriculum year; hnf tracks ages 0-25, years -4 to 21"

        // valid-states.csv first: the other files are checked against it.
        let statesTable = try LocatedCSV(path: path("valid-states.csv"), required: ["setting", "setting-group", "min-academic-year", "max-academic-year", "needs", "setting->setting"])
        var states: [ValidState] = []
        for row in statesTable.rows {
            let setting = row.fields[statesTable.column("setting")]
            if setting.text.isEmpty || setting.text == Self.nonSEND || !Validator.isIdentifier(setting.text) {
                report(setting, "setting", "\"\(setting.text)\"", "a setting code of letters, digits, _ and -, starting with a letter (not NONSEND)"); continue
            }
            if states.contains(where: { $0.setting == setting.text }) {
                report(setting, "setting", "\"\(setting.text)\" a second time", "each setting on one line"); continue
            }
            guard let lo = integer(row, statesTable, "min-academic-year", in: Self.yearRange, yearMeaning),
                  let hi = integer(row, statesTable, "max-academic-year", in: Self.yearRange, yearMeaning) else { continue }
            if lo > hi { report(row.fields[statesTable.column("max-academic-year")], "max-academic-year", "\(hi), below the minimum \(lo)", "max ≥ min"); continue }
            let needs = Self.list(row.fields[statesTable.column("needs")].text)
            if needs.isEmpty { report(row.fields[statesTable.column("needs")], "needs", "no needs", "the needs the setting takes, e.g. \"T,U,V\""); continue }
            states.append(ValidState(setting: setting.text, group: row.fields[statesTable.column("setting-group")].text, years: lo...hi,
                                     needs: needs, movesTo: Self.list(row.fields[statesTable.column("setting->setting")].text)))
        }
        // Every name in the setting column counts as declared, even on a line with other
        // problems, so that one bad line does not make every reference to it an error too.
        let known = Set(statesTable.rows.map { $0.fields[statesTable.column("setting")].text })
        for row in statesTable.rows {
            let field = row.fields[statesTable.column("setting->setting")]
            for target in Self.list(field.text) where !known.contains(target) {
                report(field, "setting->setting", "\"\(target)\", which is not a setting of this file",
                       "settings listed in the setting column (\(known.sorted().joined(separator: ", ")))")
            }
        }
        if problems.isEmpty && states.isEmpty {
            problems.append(Diagnostic(at: nil, file: statesTable.file, keyPath: "", found: "no settings", expected: "one line per setting witan.send may place a child in"))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        validStates = states
        let allNeeds = Set(states.flatMap(\.needs))

        let transitionsTable = try LocatedCSV(path: path("transitions.csv"), required: ["calendar-year", "setting-1", "need-1", "academic-year-1", "setting-2", "need-2", "academic-year-2"])
        var transitions: [Transition] = []
        transitions.reserveCapacity(transitionsTable.rows.count)
        for row in transitionsTable.rows {
            func text(_ column: String) -> LocatedCSV.Field { row.fields[transitionsTable.column(column)] }
            guard let cy = integer(row, transitionsTable, "calendar-year", in: 1990...2100, "a calendar year"),
                  let y1 = integer(row, transitionsTable, "academic-year-1", in: Self.yearRange, yearMeaning),
                  let y2 = integer(row, transitionsTable, "academic-year-2", in: Self.yearRange, yearMeaning) else { continue }
            if y2 != y1 + 1 {
                report(text("academic-year-2"), "academic-year-2", "\(y2) after \(y1)", "the next year, \(y1 + 1): a row is one child's year"); continue
            }
            var ok = true
            for side in ["1", "2"] {
                let setting = text("setting-\(side)"), need = text("need-\(side)")
                if (setting.text == Self.nonSEND) != (need.text == Self.nonSEND) {
                    report(need, "need-\(side)", "\"\(need.text)\" with setting \"\(setting.text)\"", "NONSEND in both setting-\(side) and need-\(side), or in neither"); ok = false
                } else if setting.text != Self.nonSEND {
                    if !known.contains(setting.text) {
                        report(setting, "setting-\(side)", "\"\(setting.text)\", which valid-states.csv does not declare",
                               "one of \(known.sorted().joined(separator: ", ")) or NONSEND\(Validator.suggestion(setting.text, Array(known)))"); ok = false
                    }
                    if !allNeeds.contains(need.text) {
                        report(need, "need-\(side)", "\"\(need.text)\", which no setting of valid-states.csv takes",
                               "one of \(allNeeds.sorted().joined(separator: ", ")) or NONSEND"); ok = false
                    }
                }
            }
            if text("setting-1").text == Self.nonSEND && text("setting-2").text == Self.nonSEND {
                report(text("setting-2"), "setting-2", "NONSEND on both sides", "a child with a plan on at least one side"); ok = false
            }
            guard ok else { continue }
            transitions.append(Transition(calendarYear: cy, setting1: text("setting-1").text, need1: text("need-1").text, year1: y1,
                                          setting2: text("setting-2").text, need2: text("need-2").text, year2: y2))
        }
        if problems.isEmpty && transitions.isEmpty {
            problems.append(Diagnostic(at: nil, file: transitionsTable.file, keyPath: "", found: "no transitions", expected: "at least one year of children's transitions"))
        }

        let populationTable = try LocatedCSV(path: path("population.csv"), required: ["calendar-year", "academic-year", "population"])
        var population: [Int: [Int: Double]] = [:]
        for row in populationTable.rows {
            guard let cy = integer(row, populationTable, "calendar-year", in: 1990...2100, "a calendar year"),
                  let year = integer(row, populationTable, "academic-year", in: -10...30, "a national curriculum year"),
                  let count = number(row, populationTable, "population", "children") else { continue }
            if population[cy]?[year] != nil {
                report(row.fields[0], "calendar-year", "\(cy), year \(year) a second time", "one line per calendar year and academic year"); continue
            }
            population[cy, default: [:]][year] = count
        }

        if populationTable.rows.isEmpty {
            problems.append(Diagnostic(at: nil, file: populationTable.file, keyPath: "", found: "a header and no rows", expected: "the population by calendar year and academic year"))
        }
        let costsTable = try LocatedCSV(path: path("costs.csv"), required: ["need", "setting", "cost"])
        var costs: [String: [String: Double]] = [:]
        for row in costsTable.rows {
            let need = row.fields[costsTable.column("need")], setting = row.fields[costsTable.column("setting")]
            guard let cost = number(row, costsTable, "cost", "£ a year") else { continue }
            if !known.contains(setting.text) { report(setting, "setting", "\"\(setting.text)\", which valid-states.csv does not declare", "one of \(known.sorted().joined(separator: ", "))"); continue }
            if !allNeeds.contains(need.text) { report(need, "need", "\"\(need.text)\", which no setting takes", "one of \(allNeeds.sorted().joined(separator: ", "))"); continue }
            if costs[need.text]?[setting.text] != nil { report(need, "need", "\(need.text) in \(setting.text) a second time", "one cost per need and setting"); continue }
            costs[need.text, default: [:]][setting.text] = cost
        }
        if costsTable.rows.isEmpty {
            problems.append(Diagnostic(at: nil, file: costsTable.file, keyPath: "", found: "a header and no rows (every cost would be £0)", expected: "a cost for each need and setting"))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }

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
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
            throw InvalidInput([Diagnostic(at: nil, file: path, keyPath: "", found: "a file that is not UTF-8 text", expected: "witan.send's run configuration, an EDN map such as {:random-seed 42 :simulations 1000}")])
        }
        let body = text.split(separator: "\n").map { $0.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }.joined(separator: "\n")
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else {
            throw InvalidInput([Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), keyPath: "", found: "text that is not an EDN map", expected: "an EDN map such as {:random-seed 42 :simulations 1000}")])
        }
        var problems: [Diagnostic] = []
        func setting(_ key: String, _ range: ClosedRange<Int>, _ meaning: String) -> Int? {
            guard let found = body.range(of: ":\(key)") else { return nil }
            let rest = body[found.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," }
            let token = String(rest.prefix { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," || $0 == "}") })
            let line = body[..<found.lowerBound].filter { $0 == "\n" }.count + 1
            let column = body[..<found.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.count + 1 } ?? 1
            guard let value = Int(token), range.contains(value) else {
                problems.append(Diagnostic(at: SourceLocation(file: path, line: line, column: column), keyPath: ":\(key)", found: "\"\(token)\"",
                                           expected: "\(meaning), a whole number from \(range.lowerBound) to \(Text.thousands(range.upperBound))"))
                return nil
            }
            return value
        }
        let seed = setting("random-seed", 0...Int(Int64.max), "a seed")
        let simulations = setting("simulations", 1...1_000_000, "the number of simulations")
        if !problems.isEmpty { throw InvalidInput(problems) }
        return (seed, simulations)
    }

    /// `"A,B, C"` → `["A", "B", "C"]`.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func configFile(directory: String, explicit: String?) throws -> String? {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw InvalidInput([Diagnostic(at: nil, file: explicit, keyPath: "", found: "no such file", expected: "witan.send's run configuration (.edn)")])
            }
            return explicit
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("config") && $0.hasSuffix(".edn") }.sorted()
        let chosen = names.contains("config.edn") ? "config.edn" : (names.count == 1 ? names[0] : nil)
        return chosen.map { (directory as NSString).appendingPathComponent($0) }
    }
}
