import HNFCore
import HNFScenario

/// Where each per-draw figure sits in a draw's metric row. A row holds, for every
/// projected January, one block per area (index 0 the whole LA, then each locality) and
/// then the LA's money; and, before those, the money of the history years.
///
/// Rows are all the engine keeps of a draw once it is done: memory is the draws'
/// rows (draws x years x areas x metrics), never the draws' children.
public struct MetricLayout: Sendable {
    public let settings: Int
    public let groups: [PlacementGroup]
    public let areas: Int
    public let years: Int
    public let historyYears: Int
    /// Formula funding blocks.
    public let blocks: Int
    /// Primary needs, for the LA's profile of plans by setting x age group x need.
    public let needs: Int

    public init(settings: Int, areas: Int, years: Int, historyYears: Int, blocks: Int = 0, needs: Int = 0) {
        self.settings = settings
        self.blocks = blocks
        self.needs = needs
        self.groups = PlacementGroup.published
        self.areas = areas
        self.years = years
        self.historyYears = historyYears
    }

    // Offsets within an area block.
    public var plans: Int { 0 }
    public func setting(_ s: Int) -> Int { 1 + s }
    public func group(_ g: Int) -> Int { 1 + settings + g }
    public var joiners: Int { 1 + settings + groups.count }
    public var leavers: Int { joiners + 1 }
    public var overflow: Int { joiners + 2 }
    public var overCapacity: Int { joiners + 3 }
    /// Pupils on SEN support (without a plan).
    public var senSupport: Int { joiners + 4 }
    public func spend(_ s: Int) -> Int { joiners + 5 + s }
    public var spendOnPlans: Int { joiners + 5 + settings }
    /// Formula funding from block k.
    public func funding(_ k: Int) -> Int { spendOnPlans + 1 + k }
    /// Formula funding from block k to children in setting s (see `StepOutcome.fundingBySetting`).
    public func funding(_ k: Int, setting s: Int) -> Int { spendOnPlans + 1 + blocks + k * settings + s }
    /// 1 when block k's allocation could not meet its protection and cap (LA area only).
    public func infeasible(_ k: Int) -> Int { spendOnPlans + 1 + blocks * (1 + settings) + k }
    public var areaWidth: Int { spendOnPlans + 1 + blocks * (2 + settings) }

    /// The LA's money in one financial year.
    public enum Money: Int, CaseIterable, Sendable {
        case highNeedsBlock, otherIncome, income, spendOnPlans, formulaFunding, otherSpend, spend, inYearBalance,
            cumulativeBalance
        /// Other income marked `conditional` (part of `otherIncome`), and the balances without it.
        case conditionalIncome, inYearBalanceWithoutConditional, cumulativeBalanceWithoutConditional
        /// The draw's price index in the year (1 at the price base).
        case priceIndex
    }

    public var moneyWidth: Int { Money.allCases.count }
    public var yearWidth: Int { areas * areaWidth + moneyWidth }
    /// The LA's plans by setting x age group x need in one January, after every year's blocks
    /// (what the DSG management plan template asks for).
    public var profileWidth: Int { settings * AgeGroup.allCases.count * needs }
    public var rowWidth: Int { historyYears * moneyWidth + years * yearWidth + years * profileWidth }

    public func area(_ a: Int, year y: Int) -> Int { historyYears * moneyWidth + y * yearWidth + a * areaWidth }
    public func money(_ m: Money, year y: Int) -> Int {
        historyYears * moneyWidth + y * yearWidth + areas * areaWidth + m.rawValue
    }
    public func profile(year y: Int, setting s: Int, ageGroup a: AgeGroup, need n: Int) -> Int {
        historyYears * moneyWidth + years * yearWidth + y * profileWidth + (s * AgeGroup.allCases.count + a.rawValue)
            * needs + n
    }
    public func historyMoney(_ m: Money, year h: Int) -> Int { h * moneyWidth + m.rawValue }
}
