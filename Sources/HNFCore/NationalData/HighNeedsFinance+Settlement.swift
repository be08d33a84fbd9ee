import Foundation

/// The two hand-kept money tables beside the derived ones: the national high needs
/// settlement by year and the Safety Valve agreements' payments. Each row names its
/// source, so a calibrated scenario can say where every figure came from.
extension HighNeedsFinance {
    public static let settlementFile = "high-needs-settlement.csv", safetyValveFile = "safety-valve.csv"

    /// England's high needs funding in one financial year, as the DfE announced it, with
    /// the per-head floor and gains cap of the high needs formula that year.
    public struct SettlementYear: Sendable {
        /// The financial year (2024 = 2024-25).
        public var year: Int
        /// The national total, £ (the same measure in every row, so that rows can be divided).
        public var total: Double
        public var floor: Double?
        public var cap: Double?
        public var source: String
    }

    /// One year of a Safety Valve agreement: the DfE's payment and the LA's own contribution.
    public struct SafetyValvePayment: Sendable {
        public var code: String
        public var name: String
        public var year: Int
        public var dfe: Double
        public var la: Double
        public var source: String
    }

    /// The national settlement's growth in `year`: that year's total over the year before's.
    public func settlementGrowth(in year: Int) -> (growth: Double, row: SettlementYear)? {
        guard let now = settlement.first(where: { $0.year == year }),
            let before = settlement.first(where: { $0.year == year - 1 }), before.total > 0
        else { return nil }
        return (now.total / before.total - 1, now)
    }

    public func safetyValve(of code: String) -> [SafetyValvePayment] {
        safetyValve.filter { $0.code == code }.sorted { $0.year < $1.year }
    }

    /// A hand-kept table, read as strictly as the derived ones, and each row's cells by
    /// column; nil when the file is absent (the tables are optional: a scenario then says
    /// the figure was not found).
    static func handKept(_ file: String, in directory: URL, columns: [String]) throws(InvalidInput) -> HandKept? {
        let url = directory.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return HandKept(csv: try NationalCSV(url, required: columns))
    }

    /// Reads the cells of a hand-kept table, collecting every problem at its cell.
    struct HandKept {
        let csv: NationalCSV
        var problems: [Diagnostic] = []

        init(csv: NationalCSV) { self.csv = csv }

        func text(_ row: NationalCSV.Row, _ column: String) -> String { row.fields[csv.column(column)!].text }

        mutating func refuse(_ row: NationalCSV.Row, _ column: String, _ found: String, _ expected: String) {
            problems.append(
                Diagnostic(
                    at: csv.location(row, csv.column(column)!), keyPath: column, found: found, expected: expected))
        }

        mutating func year(_ row: NationalCSV.Row) -> Int? {
            let text = text(row, "year")
            guard let year = PlainDecimal.integer(text), (2000...2100).contains(year) else {
                refuse(row, "year", "\"\(text)\"", "a financial year from 2000 to 2100 (2024 = 2024-25)")
                return nil
            }
            return year
        }

        /// A number in plain digits within `range`; nil (and refused) otherwise, or nil when empty and `optional`.
        mutating func number(
            _ row: NationalCSV.Row, _ column: String, _ range: ClosedRange<Double>, _ meaning: String,
            optional: Bool = false
        ) -> Double? {
            let text = text(row, column)
            if text.isEmpty, optional { return nil }
            guard let value = PlainDecimal.number(text), range.contains(value) else {
                refuse(row, column, "\"\(text)\"", "\(meaning) in plain digits\(optional ? ", or an empty cell" : "")")
                return nil
            }
            return value
        }

        mutating func source(_ row: NationalCSV.Row) -> String {
            let text = text(row, "source")
            if text.isEmpty { refuse(row, "source", "an empty source", "where the row's figures come from") }
            return text
        }

        func check() throws(InvalidInput) { if !problems.isEmpty { throw InvalidInput(problems) } }
    }

    /// `high-needs-settlement.csv`: a year once each, a positive total, a floor no higher than the cap.
    static func readSettlement(in directory: URL) throws(InvalidInput) -> [SettlementYear] {
        guard
            var table = try handKept(
                settlementFile, in: directory, columns: ["year", "total", "floor", "cap", "source"])
        else { return [] }
        var years: [SettlementYear] = [], first: [Int: Int] = [:]
        for row in table.csv.rows {
            let year = table.year(row)
            let total = table.number(row, "total", 1...Bounds.largestMoney, "England's high needs funding, £")
            let floor = table.number(row, "floor", -1...1, "a per-head change (0.03 = +3%)", optional: true)
            let cap = table.number(row, "cap", -1...1, "a per-head change (0.05 = +5%)", optional: true)
            let source = table.source(row)
            if let floor, let cap, floor > cap {
                table.refuse(row, "floor", "\(floor), above the cap \(cap)", "floor ≤ cap")
            }
            guard let year, let total else { continue }
            if let line = first[year] {
                table.refuse(row, "year", "\(year) a second time (first on line \(line))", "one row per year")
            }
            first[year] = first[year] ?? row.line
            years.append(SettlementYear(year: year, total: total, floor: floor, cap: cap, source: source))
        }
        try table.check()
        return years
    }

    /// `safety-valve.csv`: an LA's 3-digit code, a year once per LA, payments of at least £0.
    static func readSafetyValve(in directory: URL) throws(InvalidInput) -> [SafetyValvePayment] {
        guard
            var table = try handKept(
                safetyValveFile, in: directory, columns: ["code", "name", "year", "dfe", "la", "source"])
        else { return [] }
        var payments: [SafetyValvePayment] = [], first: [String: Int] = [:]
        for row in table.csv.rows {
            let code = table.text(row, "code"), name = table.text(row, "name")
            if code.count != 3 || PlainDecimal.integer(code) == nil {
                table.refuse(row, "code", "\"\(code)\"", "an LA's 3-digit code (886 for Kent)")
            }
            if name.isEmpty { table.refuse(row, "name", "an empty name", "the LA's name") }
            let year = table.year(row)
            let dfe = table.number(row, "dfe", 0...Bounds.largestMoney, "the DfE's payment that year, £")
            let la = table.number(row, "la", 0...Bounds.largestMoney, "the LA's own contribution that year, £")
            let source = table.source(row)
            guard let year, let dfe, let la else { continue }
            if let line = first["\(code) \(year)"] {
                table.refuse(
                    row, "year", "\(year) a second time for \(code) (first on line \(line))", "one row per LA and year")
            }
            first["\(code) \(year)"] = first["\(code) \(year)"] ?? row.line
            payments.append(SafetyValvePayment(code: code, name: name, year: year, dfe: dfe, la: la, source: source))
        }
        try table.check()
        return payments
    }
}
