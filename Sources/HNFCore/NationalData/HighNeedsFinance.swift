import Foundation

/// The high needs money tables shipped under `Scenarios/national/`, derived from the
/// DfE/ESFA DSG files by `Scripts/update-dsg-data.py` (see `Scenarios/national/README.md`):
/// Section 251 high needs lines (benchmarking tool 2021-22, budget and outturn) and DSG
/// totals, published cumulative balances and high needs blocks by financial year.
public struct HighNeedsFinance: Sendable {
    public static let s251File = "s251-high-needs.csv", balancesFile = "dsg-balances.csv"
    /// One row per area; `year` is the financial year (2021 = 2021-22).
    public let s251: [NationalData.Row]
    /// One row per financial year and area.
    public let balances: [NationalData.Row]
    /// England's high needs settlement by year (`high-needs-settlement.csv`; empty when absent).
    public let settlement: [SettlementYear]
    /// Safety Valve payments by LA and year (`safety-valve.csv`; empty when absent).
    public let safetyValve: [SafetyValvePayment]

    public init(directory: URL) throws {
        s251 = try NationalData.read(NationalData.s251Layout, in: directory)
        let (balances, located) = try NationalData.readLocated(NationalData.balancesLayout, in: directory)
        try Self.checkBalances(balances, located)
        self.balances = balances
        settlement = try Self.readSettlement(in: directory)
        safetyValve = try Self.readSafetyValve(in: directory)
    }

    /// Opens the tables beside a loaded SEN2 set.
    public init(_ national: NationalData) throws { try self.init(directory: national.directory) }

    /// The tables beside a SEN2 set, nil when its folder has neither money table (a SEN2-only
    /// extract); one of them alone, or tables that fail their checks, are refused all the same.
    public static func ifPresent(_ national: NationalData) throws -> HighNeedsFinance? {
        let files = [s251File, balancesFile].map { national.directory.appendingPathComponent($0).path }
        guard files.contains(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
        return try HighNeedsFinance(national)
    }

    public func s251(of code: String) -> NationalData.Row? { s251.first { $0.area.code == code } }
    public var englandS251: NationalData.Row? { s251(of: Area.englandCode) }

    public func balance(of code: String, in year: Int) -> NationalData.Row? {
        balances.first { $0.area.code == code && $0.year == year }
    }
}
