import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// An area's high needs money from what is published, for a calibrated scenario: the
/// block by year, other high needs spend, the opening cumulative DSG balance and the
/// published balances to set the history beside, the national settlement's growth and
/// any Safety Valve payments. Every figure keeps its source; a figure the tables do not
/// publish for the area is filled by a stated fallback, never left at 0.
///
/// - **Block.** The high needs block after the ESFA's direct funding of places (the money
///   an LA spends, on the footing of the S251 lines its unit costs come from): published
///   for 2022-23 and 2023-24; for 2020-21 and 2021-22 (needed only when the money opens
///   before April 2022) the area's share of its published total DSG, carried back on the
///   line through the two published shares, as Kent's baseline does. Later years grow by
///   the national settlement's published growth, then by an uncertain assumption.
/// - **Opening.** The latest published cumulative DSG balance at or before the base
///   year: 31 March 2022 for a base year of 2022 or later (the balances are published to
///   March 2022). History years from there to the base year are modelled on SEN2's actual
///   Januaries and shown beside any published balance.
/// - **New and merged LAs.** An LA created from another (Cumberland and Westmorland and
///   Furness from Cumbria in 2023; North and West Northamptonshire from Northamptonshire
///   in 2021) takes its predecessor's figure in its share of the successors' first
///   published figure of the same kind, and says so.
public struct CalibratedMoney: Sendable {
    public struct Figure: Sendable {
        /// The financial year (2022 = 2022-23); for a balance, the year it closes.
        public var year: Int
        public var amount: Double
        public var source: String
    }

    public let area: Area
    public let baseYear: Int
    /// The balance at the start of `opening.year` (`year` 2022: 31 March 2022).
    public let opening: Figure
    /// The block in each year from the opening year to the last published one.
    public let blocks: [Figure]
    /// Published cumulative balances at the close of history years.
    public let publishedBalances: [Figure]
    /// S251 outturn 2021-22: services (SEN support, AP services, hospital, therapies) and AP/PRU places.
    public let services: Figure, alternativeProvision: Figure
    /// The national settlement's growth for the years after the last published block.
    public let settlementGrowth: [(year: Int, growth: Double, floor: Double?, cap: Double?, source: String)]
    public let safetyValve: [HighNeedsFinance.SafetyValvePayment]
    /// Each figure not published for the area, and what stood in for it.
    public let fallbacks: [String]

    /// Financial years whose cumulative balance is published (closing 31 March of the next year).
    static let balanceYears = 2019...2021
    static let blockYears = 2022...2023
    /// Successor LAs and the predecessor whose figures they share (`Reorganisation.sinceSEN2`
    /// with one predecessor: Dorset's of April 2019 predates every money year, so its
    /// successors have rows of their own).
    static let predecessors: [String: String] = Dictionary(
        uniqueKeysWithValues: Reorganisation.sinceSEN2.filter { $0.predecessors.count == 1 }.flatMap { group in
            group.successors.map { ($0, group.predecessors[0]) }
        })

    public init(
        area: Area, baseYear: Int, national: NationalData, finance: HighNeedsFinance, openingYear: Int? = nil
    ) throws {
        var reader = Reader(area: area, national: national, finance: finance)
        let openYear =
            openingYear ?? min(max(baseYear, Self.balanceYears.lowerBound + 1), Self.balanceYears.upperBound + 1)
        guard openYear <= baseYear else {
            throw NationalDataError.noData(
                "no published cumulative DSG balance at or before 31 March \(baseYear) (the earliest is 31 March \(openYear))"
            )
        }
        guard let openingBalance = reader.balance(closing: openYear - 1) else {
            throw NationalDataError.noData(
                "no published cumulative DSG balance at 31 March \(openYear) for \(area.name), nor a predecessor's")
        }
        // History years are costed on the area's own Januaries: an LA whose first January
        // comes later (Cumberland's is 2024) opens when its counts start, from the same balance.
        var start = openYear
        while start < baseYear, national.caseload(of: area, in: start + 1) == nil { start += 1 }
        if start > openYear {
            reader.fallbacks.append(
                "cumulative DSG balance at 31 March \(start): the published 31 March \(openYear) figure carried on "
                    + "(ASSUMPTION: SEN2 has no January \(openYear + 1) count for \(area.name) to cost "
                    + (openYear..<start).map { FinancialYear($0).label }.joined(separator: ", ") + " on)")
        }
        self.area = area
        self.baseYear = baseYear
        opening = Figure(year: start, amount: openingBalance.amount, source: openingBalance.source)
        blocks = try (start...max(start, Self.blockYears.upperBound)).map { year in
            guard let block = reader.block(in: year) else {
                throw NationalDataError.noData(
                    "no published high needs block for \(area.name) in \(FinancialYear(year))")
            }
            return block
        }
        publishedBalances = Self.balanceYears.filter { $0 >= start }.compactMap { reader.balance(closing: $0) }
        services = reader.outturn(UnitCosts.serviceLines, "SEN support, AP services, hospital and therapies")
        alternativeProvision = reader.outturn(UnitCosts.apLines, "PRU/AP place funding and top-ups")
        let lastBlock = blocks.last!.year
        settlementGrowth = finance.settlement.map(\.year).filter { $0 > lastBlock }.sorted().compactMap { year in
            finance.settlementGrowth(in: year).map { ($0.row.year, $0.growth, $0.row.floor, $0.row.cap, $0.row.source) }
        }
        // England's and a region's Safety Valve money is their LAs' added up.
        let members = area.level == .england ? Set(finance.safetyValve.map(\.code)) : Set(reader.members)
        safetyValve = members.sorted().flatMap { finance.safetyValve(of: $0) }
        if settlementGrowth.isEmpty {
            reader.fallbacks.append(
                "high needs block after \(FinancialYear(lastBlock)): no national settlement rows after it "
                    + "(\(HighNeedsFinance.settlementFile)); the later growth ASSUMPTION applies from \(FinancialYear(lastBlock + 1))"
            )
        }
        // (A stand-in read for several figures is said once.)
        var seen = Set<String>()
        fallbacks = reader.fallbacks.filter { seen.insert($0).inserted }
    }
}
