import Foundation
import SwiftCSV

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

    /// Rows of a small CSV with text cells, by column name; a missing file is no rows
    /// (the tables are optional: a scenario then says the figure was not found).
    static func textRows(_ file: String, in directory: URL, columns: [String]) throws -> [[String: String]] {
        let url = directory.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let csv = try NationalData.openCSV(url)
        for column in columns where !csv.header.contains(column) {
            throw NationalDataError.unreadable(url.path, "no column \"\(column)\"")
        }
        return try csv.rows.enumerated().map { number, fields in
            guard fields.count == csv.header.count else {
                throw NationalDataError.unreadable(url.path, "line \(number + 2) is malformed")
            }
            return Dictionary(uniqueKeysWithValues: zip(csv.header, fields))
        }
    }

    static func readSettlement(in directory: URL) throws -> [SettlementYear] {
        let file = settlementFile
        return try textRows(file, in: directory, columns: ["year", "total", "floor", "cap", "source"]).enumerated()
            .map { i, row in
                guard let year = Int(row["year"]!), let total = Double(row["total"]!) else {
                    throw NationalDataError.unreadable(file, "line \(i + 2): year and total must be numbers")
                }
                return SettlementYear(
                    year: year, total: total, floor: Double(row["floor"]!), cap: Double(row["cap"]!),
                    source: row["source"]!)
            }
    }

    static func readSafetyValve(in directory: URL) throws -> [SafetyValvePayment] {
        let file = safetyValveFile
        return try textRows(file, in: directory, columns: ["code", "name", "year", "dfe", "la", "source"])
            .enumerated().map { i, row in
                guard let year = Int(row["year"]!), let dfe = Double(row["dfe"]!), let la = Double(row["la"]!) else {
                    throw NationalDataError.unreadable(file, "line \(i + 2): year, dfe and la must be numbers")
                }
                return SafetyValvePayment(
                    code: row["code"]!, name: row["name"]!, year: year, dfe: dfe, la: la, source: row["source"]!)
            }
    }
}
