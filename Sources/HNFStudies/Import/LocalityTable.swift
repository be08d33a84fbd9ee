import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Locality data an LA fills in, one row per locality (`hnf localities import`):
///
/// | column | meaning |
/// |---|---|
/// | `id`, `name` | the locality's id (letters, digits, `_`, `-`) and name (required) |
/// | `population_<phase>` | children by phase: all five of early_years, primary, secondary, post16, post19 |
/// | `population_age_<N>` | or children by single age N (0–25), instead of by phase |
/// | `pupils_on_roll`, `fsm`, `low_prior_attainment`, `plan_share`, `deprivation` | optional single figures |
/// | `sen_support_<phase>` | pupils on SEN support without a plan, by phase (optional) |
/// | `plans_<setting>` | children with EHC plans in each of the scenario's settings (optional) |
/// | `source` | where the row's figures come from (publication and year), written beside it |
///
/// A blank optional cell leaves the figure out. Every problem — an unknown column, a
/// cell that is not a count, a missing population, a repeated id — is reported at its
/// line and column, all at once.
public struct LocalityTable: Sendable {
    public struct Row: Sendable {
        public var id: String
        public var name: String
        public var line: Int
        /// Children by phase or by single age (one of the two).
        public var populationByPhase: [(Phase, Double)]
        public var populationByAge: [(Int, Double)]
        /// `pupils_on_roll`, `fsm`, `low_prior_attainment`, `plan_share`, `deprivation` where given, in that order.
        public var figures: [(String, Double)]
        public var senSupport: [(Phase, Double)]
        /// Plans by setting id, in the scenario's order of settings.
        public var plans: [(String, Double)]
        public var source: String?
    }

    public let file: String
    public let rows: [Row]
    /// The file as read, `rows[i]` from `csv.rows[i]`: where each cell is, for problems
    /// found in the scenario written from it (`LocalityTable+Origins.swift`).
    public let csv: LocatedCSV

    static let figureColumns = ["pupils_on_roll", "fsm", "low_prior_attainment", "plan_share", "deprivation"]
    static let phasePrefix = "population_", agePrefix = "population_age_", supportPrefix = "sen_support_",
        plansPrefix = "plans_"

    /// Reads `path` for a scenario with settings `settings` (ids).
    public init(path: String, settings: [String]) throws {
        let csv = try LocatedCSV(path: path, required: ["id", "name"])
        file = path
        self.csv = csv
        var problems: [Diagnostic] = []
        let header = Self.readHeader(csv, settings: settings, &problems)
        var rows: [Row] = [], seen: [String: Int] = [:]
        rows.reserveCapacity(csv.rows.count)
        let idColumn = csv.column("id"), nameColumn = csv.column("name")
        for row in csv.rows {
            func field(_ column: Int) -> LocatedCSV.Field { row.fields[column] }
            func report(_ column: Int, _ found: String, _ expected: String) {
                problems.append(
                    Diagnostic(
                        at: field(column).location, keyPath: csv.header[column], found: found, expected: expected))
            }
            /// A count in a cell: nil when blank (and `optional`), or reported when not a count.
            func count(_ column: Int, optional: Bool = true, bound: Bound = .count) -> Double? {
                let text = field(column).text
                if text.isEmpty {
                    if !optional { report(column, "an empty cell", "a number of children") }
                    return nil
                }
                // Plain digits, or grouped by commas in threes as a spreadsheet formats them
                // (`Double` read "0x10" as 16 and "1,2,3" became 123).
                guard let value = PlainDecimal.number(text, .init(thousands: true)), value >= 0, value <= bound.largest
                else {
                    report(column, "\"\(text)\"", bound.expected)
                    return nil
                }
                return value
            }
            let id = field(idColumn).text, name = field(nameColumn).text
            if !Validator.isIdentifier(id) {
                report(
                    idColumn, id.isEmpty ? "an empty id" : "\"\(id)\"",
                    "an id of letters, digits, _ and -, starting with a letter (e.g. tunbridge_wells)")
            } else if let first = seen[id] {
                report(idColumn, "\"\(id)\", already on line \(first)", "each locality on one line")
            }
            seen[id] = seen[id] ?? row.line
            if name.isEmpty { report(nameColumn, "an empty name", "the locality's name") }
            let byPhase = header.phases.compactMap { p, c in count(c, optional: false).map { (p, $0) } }
            let byAge = header.ages.compactMap { a, c in count(c, optional: false).map { (a, $0) } }
            let figures = header.figures.compactMap { key, c in count(c, bound: Bound(column: key)).map { (key, $0) } }
            let support = header.support.compactMap { p, c in count(c).map { (p, $0) } }
            let plans = header.plans.compactMap { s, c in count(c).map { (s, $0) } }
            let source = header.source.map { field($0).text }.flatMap { $0.isEmpty ? nil : $0 }
            rows.append(
                Row(
                    id: id, name: name, line: row.line, populationByPhase: byPhase, populationByAge: byAge,
                    figures: figures, senSupport: support, plans: plans, source: source))
        }
        problems += Self.populationTotal(rows, header, csv)
        if csv.rows.isEmpty {
            problems.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "a header and no rows", expected: "one line per locality"))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        self.rows = rows
    }

    /// The largest value a cell may hold, and how a problem says so.
    enum Bound {
        case count, share, score
        init(column: String) { self = column == "plan_share" ? .share : column == "deprivation" ? .score : .count }
        var largest: Double { self == .share ? 1 : self == .score ? 100 : ScenarioSchema.largestCount }
        var expected: String {
            switch self {
            case .count: return "a count from 0 to \(Text.thousands(Int(ScenarioSchema.largestCount)))"
            case .share: return "a share from 0 to 1"
            case .score: return "a deprivation score from 0 to 100"
            }
        }
    }

    struct Header {
        var phases: [(Phase, Int)] = [], ages: [(Int, Int)] = [], figures: [(String, Int)] = []
        var support: [(Phase, Int)] = [], plans: [(String, Int)] = [], source: Int?
    }

    /// What each column holds; an unknown column, or population both by phase and by age
    /// (or by some phases only), is a problem at the header.
    static func readHeader(_ csv: LocatedCSV, settings: [String], _ problems: inout [Diagnostic]) -> Header {
        var header = Header()
        let at = { (c: Int) in csv.headerLocations[c] }
        for (c, column) in csv.header.enumerated() {
            if ["id", "name"].contains(column) { continue }
            if column == "source" {
                header.source = c
            } else if figureColumns.contains(column) {
                header.figures.append((column, c))
            } else if column.hasPrefix(agePrefix), let age = Self.age(column), (0...Phase.maximumAge).contains(age) {
                header.ages.append((age, c))
            } else if column.hasPrefix(phasePrefix),
                let phase = Phase(rawValue: String(column.dropFirst(phasePrefix.count)))
            {
                header.phases.append((phase, c))
            } else if column.hasPrefix(supportPrefix),
                let phase = Phase(rawValue: String(column.dropFirst(supportPrefix.count)))
            {
                header.support.append((phase, c))
            } else if column.hasPrefix(plansPrefix), settings.contains(String(column.dropFirst(plansPrefix.count))) {
                header.plans.append((String(column.dropFirst(plansPrefix.count)), c))
            } else {
                let expected =
                    column.hasPrefix(plansPrefix)
                    ? "plans_ and one of the scenario's settings (\(settings.joined(separator: ", ")))"
                    : "one of id, name, source, \(figureColumns.joined(separator: ", ")), population_<phase>, population_age_<0-25>, sen_support_<phase>, plans_<setting>"
                problems.append(
                    Diagnostic(at: at(c), keyPath: "header", found: "the column \"\(column)\"", expected: expected))
            }
        }
        if !header.phases.isEmpty && !header.ages.isEmpty {
            problems.append(
                Diagnostic(
                    at: at(header.ages[0].1), keyPath: "header", found: "population both by phase and by age",
                    expected: "one of the two: population_<phase> columns or population_age_<N> columns"))
        } else if header.phases.isEmpty && header.ages.isEmpty {
            problems.append(
                Diagnostic(
                    at: at(0), keyPath: "header", found: "no population columns",
                    expected:
                        "population_<phase> for every phase (\(Phase.allCases.map(\.rawValue).joined(separator: ", "))) or population_age_<N> by single age"
                ))
        } else if !header.phases.isEmpty, header.phases.count < Phase.allCases.count {
            let missing = Phase.allCases.filter { p in !header.phases.contains { $0.0 == p } }.map {
                "population_\($0.rawValue)"
            }
            problems.append(
                Diagnostic(
                    at: at(header.phases[0].1), keyPath: "header", found: "population for some phases only",
                    expected: "the columns \(missing.joined(separator: ", ")) as well"))
        }
        return header
    }

    /// The age of a `population_age_N` column, written as plain as the template writes it
    /// (`population_age_05` and `population_age_+5` were age 5 too, a key twice in the scenario).
    static func age(_ column: String) -> Int? {
        let suffix = String(column.dropFirst(agePrefix.count))
        return PlainDecimal.integer(suffix).flatMap { String($0) == suffix ? $0 : nil }
    }

    /// The children of every row together, at most what a scenario may hold
    /// (`ScenarioChecks.largestTotalPopulation`), refused at the row that passes it (the
    /// scenario's check would point at a line of a file never written).
    static func populationTotal(_ rows: [Row], _ header: Header, _ csv: LocatedCSV) -> [Diagnostic] {
        let limit = ScenarioChecks.largestTotalPopulation
        var total = 0.0, passedAt: Int?
        for (i, row) in rows.enumerated() {
            total += row.populationByPhase.reduce(0) { $0 + $1.1 } + row.populationByAge.reduce(0) { $0 + $1.1 }
            if total > limit, passedAt == nil { passedAt = i }
        }
        // (`rows[i]` is read from `csv.rows[i]`.)
        guard let i = passedAt, let column = (header.phases.first?.1 ?? header.ages.first?.1) else { return [] }
        return [
            Diagnostic(
                at: csv.rows[i].fields[column].location,
                keyPath: "population",
                found:
                    "\(Text.thousands(Int(min(total, 9e15)))) children in all rows together, past 20,000,000 at this row",
                expected: "at most 20,000,000 (England has about 17 million aged 0–25)")
        ]
    }
}
