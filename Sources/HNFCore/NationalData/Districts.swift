import Foundation

/// England's districts of April 2021, each with its children by single year of age and a
/// deprivation score, and the LA that holds their plans in SEN2 (`Scenarios/national/
/// districts.csv`, written by `Scripts/update-district-data.py`).
///
/// A two-tier county (Kent, Essex, Hampshire, …) has several districts; a unitary council,
/// metropolitan district or London borough is its own only district. The populations are
/// ONS mid-2021 estimates: a scenario whose base year is later holds them (an assumption
/// every district carries in its source), since no later estimate by district and age is
/// shipped. The deprivation score is mySociety's composite IMD (from IMD 2019), a mean
/// score over the district's neighbourhoods: higher is more deprived.
public struct Districts: Sendable {
    public struct District: Sendable {
        /// ONS district code (`E07000114`) and name (`Thanet`).
        public var code: String
        public var name: String
        /// The old 3-digit DfE number of the LA (`886`).
        public var la: String
        public var deprivation: Double
        /// True where the district was abolished in 2023 and carries its new unitary's score.
        public var deprivationOfLA: Bool
        /// Persons by single year of age, `population[a]` for a in 0...25.
        public var population: [Double]

        public var totalPopulation: Double { population.reduce(0, +) }
    }

    public static let file = "districts.csv"
    /// What every district carries as its source, for scenarios and CSVs written from it.
    public static let populationSource =
        "ONS mid-2021 population estimates by district and single year of age (OGL v3.0)"
    public static let deprivationSource =
        "mySociety composite IMD score from IMD 2019 (CC BY 4.0, attribute mySociety); higher = more deprived"

    public let districts: [District]

    /// Reads `districts.csv` in the national data folder; a missing or damaged file is an
    /// error at its line and column.
    public init(directory: URL) throws(InvalidInput) {
        let ages = (0...Phase.maximumAge).map { "age_\($0)" }
        let csv = try NationalCSV(
            directory.appendingPathComponent(Self.file),
            required: ["code", "name", "la", "deprivation", "deprivation_of"] + ages)
        var problems: [Diagnostic] = []
        var districts: [District] = []
        var seen = Set<String>()
        let columns = (
            code: csv.column("code")!, name: csv.column("name")!, la: csv.column("la")!,
            deprivation: csv.column("deprivation")!, of: csv.column("deprivation_of")!
        )
        let ageColumns = ages.map { csv.column($0)! }
        for row in csv.rows {
            func number(_ c: Int, _ range: ClosedRange<Double>, _ expected: String) -> Double {
                guard let value = PlainDecimal.number(row.fields[c].text), range.contains(value) else {
                    problems.append(
                        Diagnostic(
                            at: csv.location(row, c), keyPath: csv.header[c], found: "\"\(row.fields[c].text)\"",
                            expected: expected))
                    return 0
                }
                return value
            }
            let code = row.fields[columns.code].text, of = row.fields[columns.of].text
            if code.isEmpty || !seen.insert(code).inserted {
                problems.append(
                    Diagnostic(
                        at: csv.location(row, columns.code), keyPath: "code", found: "\"\(code)\"",
                        expected: "each district's ONS code once"))
            }
            if !["district", "la"].contains(of) {
                problems.append(
                    Diagnostic(
                        at: csv.location(row, columns.of), keyPath: "deprivation_of", found: "\"\(of)\"",
                        expected: "district or la"))
            }
            districts.append(
                District(
                    code: code, name: row.fields[columns.name].text, la: row.fields[columns.la].text,
                    deprivation: number(columns.deprivation, 0...100, "a deprivation score from 0 to 100"),
                    deprivationOfLA: of == "la",
                    population: ageColumns.map { number($0, 0...1e7, "a count of people") }))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        self.districts = districts
    }

    /// The districts of the LA numbered `la` (old DfE number), in ONS code order.
    public func of(la: String) -> [District] { districts.filter { $0.la == la } }

    /// The LA's population by age, its districts' sum.
    public func population(of la: String) -> [Double] {
        of(la: la).reduce(into: [Double](repeating: 0, count: Phase.maximumAge + 1)) { sum, d in
            for a in sum.indices { sum[a] += d.population[a] }
        }
    }

    /// The LA's deprivation: its districts' scores weighted by their children aged 0–25 (the
    /// same measure, so an LA and its districts compare).
    public func deprivation(of la: String) -> Double? {
        let ds = of(la: la)
        let total = ds.reduce(0) { $0 + $1.totalPopulation }
        guard total > 0 else { return nil }
        return ds.reduce(0) { $0 + $1.deprivation * $1.totalPopulation } / total
    }
}

extension NationalData {
    /// The shipped districts (`Districts`), read from this folder.
    public func districts() throws(InvalidInput) -> Districts { try Districts(directory: directory) }
}
