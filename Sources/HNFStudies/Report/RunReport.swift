import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// What `hnf run` reports, computed from a projection's per-draw rows: for every projected
/// January, plans, placement mix against England (latest actual and England's own trend),
/// gaps and when they close, spend, income and balance, LA-wide and by locality.
/// Renderers only format this model.
public struct RunReport: Sendable {
    public struct Meta: Sendable {
        public var scenario: String
        public var area: String?
        public var baseYear: Int
        public var years: [Int]
        public var draws: Int
        public var seed: UInt64
        /// The year `--by` names: probabilities that a gap has closed by then.
        public var closeBy: Int
        /// Whether any setting belongs to a DfE placement group (else group shares say nothing).
        public var groupsKnown: Bool = true
        /// Whether the scenario has a budget (else only spend is projected).
        public var budgetDeclared: Bool = true
        /// The scenario's name with its overlays' names and the money's basis (`Scenario.title`).
        public var title: String = ""
        public var overlays: [String] = []
        public var basis: String? = nil
        /// Whether any other income is conditional (balances are then also shown without it).
        public var hasConditionalIncome: Bool = false
        /// The price base of unit costs, when `budget.prices` states one.
        public var priceBase: Int? = nil
        /// Said under every by-locality table when localities differ only by a split of the LA.
        public var localitySplitNote: String? = nil
        /// Money figures not published for the area and what stands in (`budget.fallbacks`): warnings.
        public var moneyFallbacks: [String] = []
        /// Figures about the children the data does not publish for the area and what
        /// stands in (`meta.estimated`, filled by `hnf calibrate`): warnings.
        public var estimated: [String] = []
        /// Published figures to set beside the modelled ones (`budget.comparators`).
        public var comparators: [Scenario.Comparator] = []
        /// The stated balance the money starts from (`budget.opening_balance`): its year and £.
        public var opening: (year: Int, amount: Double)? = nil
        /// Each setting's `name:` by its id ("state_special" → "State special school"), for
        /// pages people read; the command line's tables keep the ids analysts type.
        public var settingNames: [String: String] = [:]

        /// A setting's name, or a funding block's id in words ("communities_of_schools" →
        /// "Communities of schools").
        public func name(of id: String) -> String {
            if let name = settingNames[id] { return name }
            let words = id.replacingOccurrences(of: "_", with: " ")
            return words.prefix(1).uppercased() + words.dropFirst()
        }
    }

    /// England's placement mix, the yardstick.
    public struct England: Sendable {
        public var year: Int
        /// Latest actual share by group, percent.
        public var share: [PlacementGroup: Double]
        /// England's share projected on its own linear trend (SEN2 2019 on), by year.
        public var trend: [PlacementGroup: [Int: Double]]
        public var trendFrom: Int
        /// The shares are over the LAs that record placements; the published shares (over
        /// every LA) and the LAs left out, latest year.
        public var published: [PlacementGroup: Double] = [:]
        public var excludes: [String] = []
    }

    public struct GroupYear: Sendable {
        public var group: PlacementGroup
        public var count: Stats
        /// Percent of plans.
        public var share: Stats
        /// Share minus England's latest actual, percentage points.
        public var gap: Stats?
        public var englandTrend: Double?
        /// Probability that the share is at or above England's latest actual.
        public var atOrAboveEngland: Double?
    }

    public struct AreaYear: Sendable {
        public var year: Int
        public var plans: Stats
        public var settings: [(id: String, stats: Stats)]
        public var groups: [GroupYear]
        public var joiners, leavers, overflow, overCapacity: Stats
        /// Pupils on SEN support (without a plan), where the scenario gives them.
        public var senSupport: Stats
        public var spendBySetting: [(id: String, stats: Stats)]
        public var spendOnPlans: Stats
        /// Formula funding by block (`scenario.fundingBlocks`' ids), £ in the financial year ending then.
        public var funding: [(id: String, stats: Stats)] = []
        /// Formula funding by block, then setting (only settings that receive any).
        public var fundingBySetting: [(id: String, settings: [(id: String, stats: Stats)])] = []
        /// Everything the area receives: spend on its plans plus its formula funding.
        public var allocation: Stats? = nil
        /// Per block (LA only): the share of draws in which its allocation met its
        /// protection and cap (1 for blocks without them).
        public var fundingFeasible: [(id: String, share: Double)] = []
    }

    public struct GapClosure: Sendable {
        public var group: PlacementGroup
        /// The gap to England in the base year, percentage points.
        public var baseGap: Double
        /// The median first year in which the share reaches England's latest actual from
        /// where it started; nil when that is after the last projected year.
        public var closesBy: Int?
        /// Probability that it has closed by `Meta.closeBy`.
        public var probabilityByYear: Double
    }

    public struct AreaResult: Sendable {
        public var id: String
        public var name: String
        /// Plans and percent by group at the base January (the starting stock).
        public var basePlans: Int
        /// Plans at the base January by setting, in the scenario's order.
        public var baseBySetting: [Int]
        /// Pupils on SEN support at the start (0 when the scenario gives none).
        public var baseSENSupport: Double
        public var baseShare: [PlacementGroup: Double]
        public var years: [AreaYear]
        public var closures: [GapClosure]
    }

    public struct MoneyYear: Sendable {
        /// Financial year starting in April of `year`.
        public var year: Int
        /// Costed on SEN2's actual January count rather than projected.
        public var isHistory: Bool
        public var highNeedsBlock, otherIncome, income, spendOnPlans, formulaFunding, otherSpend, spend, inYearBalance,
            cumulativeBalance: Stats
        /// Probability that income covers spend in the year.
        public var inYearBalanceReached: Double
        /// Conditional other income (part of `otherIncome`), the balances without it, and
        /// the probability that income without it covers spend.
        public var conditionalIncome = Stats([0]), inYearBalanceWithoutConditional = Stats([0]),
            cumulativeBalanceWithoutConditional = Stats([0])
        public var inYearBalanceReachedWithoutConditional: Double = 0
        /// The price index applied to unit costs in the year (1 at the price base).
        public var priceIndex = Stats([1])
        /// The published cumulative balance at the end of the year (`budget.published_balances`).
        public var publishedCumulativeBalance: Double? = nil
        /// Modelled (p50) minus published cumulative balance.
        public var publishedDifference: Double? { publishedCumulativeBalance.map { cumulativeBalance.p50 - $0 } }

        public var label: String { FinancialYear(year).label }

        /// The modelled figure a comparator names.
        public func measure(_ measure: Scenario.Comparator.Measure) -> Stats {
            switch measure {
            case .spend: return spend
            case .income: return income
            case .highNeedsBlock: return highNeedsBlock
            case .inYearBalance: return inYearBalance
            case .cumulativeBalance: return cumulativeBalance
            }
        }
    }

    public var meta: Meta
    public var england: England?
    public var la: AreaResult
    public var localities: [AreaResult]
    public var money: [MoneyYear]
    public var pupilYears: Int
    /// The what-if against its baseline, when the run had overlays and ran the baseline too.
    public var againstBaseline: BaselineComparison? = nil
    /// Plans by setting x age group x need (the DSG management plan's rows).
    public var profile: PlanProfile? = nil
}

extension RunReport {
    /// Summarises `projection`. `national` gives England's mix; without it gaps are omitted.
    public init(_ projection: Projection, national: NationalData?, closeBy: Int? = nil) {
        let plan = projection.plan, scenario = plan.scenario
        let years = plan.stepYears.map { $0 + 1 }
        let closeBy = closeBy ?? years.last!
        meta = Meta(
            scenario: scenario.meta.name, area: scenario.meta.area, baseYear: scenario.meta.baseYear, years: years,
            draws: projection.draws, seed: projection.seed, closeBy: closeBy,
            groupsKnown: plan.settingGroups.contains { $0 != .unknown }, budgetDeclared: scenario.budget.declared,
            title: scenario.title, overlays: scenario.overlayNames, basis: scenario.budget.basis,
            hasConditionalIncome: scenario.budget.otherIncome.contains(where: \.conditional),
            priceBase: scenario.budget.prices?.base)
        meta.localitySplitNote = scenario.localitySplitNote
        meta.moneyFallbacks = scenario.budget.fallbacks
        meta.estimated = scenario.meta.estimated
        meta.comparators = scenario.budget.comparators
        meta.opening = scenario.budget.openingBalance
        meta.settingNames = Dictionary(scenario.settings.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let england = national.flatMap { Self.england(national: $0, upTo: scenario.meta.baseYear, years: years) }
        self.england = england
        let summary = DrawSummary(projection, years: years, england: england, closeBy: closeBy)
        let areas = summary.areas()
        la = areas[0]
        localities = Array(areas.dropFirst())
        money = summary.money()
        pupilYears = projection.pupilYears
        profile = PlanProfile(projection)
    }

    /// England's latest actual mix up to `year`, and each group's linear trend over every
    /// January the SEN2 data has up to then.
    public static func england(national: NationalData, upTo year: Int, years: [Int]) -> England? {
        // The same national data, year and Januaries give the same comparator: worked out
        // once a process (8% of an `hnf serve` what-if's fixed cost, and of each sweep run).
        let key = "\(national.directory.path)|\(year)|\(years)"
        if let kept = englandKept.withLock({ $0[key] }) { return kept }
        let computed = computeEngland(national: national, upTo: year, years: years)
        englandKept.withLock { $0[key] = computed }
        return computed
    }

    private static let englandKept = LockedValue<[String: England?]>([:])

    static func computeEngland(national: NationalData, upTo year: Int, years: [Int]) -> England? {
        let england = national.england
        let available = national.years.filter { $0 <= year && national.caseload(of: england, in: $0) != nil }
        guard let latest = available.last, let row = national.caseload(of: england, in: latest),
            let published = PlacementMix(row: row)
        else { return nil }
        // Over the LAs that record placements (see NationalData+Recording): summed over
        // every LA, so once a year, not once a group and year (8% of a what-if's time).
        var recordedByYear: [Int: PlacementMix?] = [:]
        func recorded(_ year: Int) -> PlacementMix? {
            if let known = recordedByYear[year] { return known }
            let mix =
                national.recordingMix(of: england, in: year)?.mix
                ?? national.caseload(of: england, in: year).flatMap(PlacementMix.init(row:))
            recordedByYear[year] = mix
            return mix
        }
        let mix = recorded(latest) ?? published
        var share: [PlacementGroup: Double] = [:]
        for group in PlacementGroup.published { share[group] = mix.share(group) }
        var trend: [PlacementGroup: [Int: Double]] = [:]
        for group in PlacementGroup.published {
            var x: [Double] = [], y: [Double] = []
            for past in available {
                guard let m = recorded(past), let s = m.share(group) else { continue }
                x.append(Double(past)); y.append(s)
            }
            guard let fit = LinearTrend(x: x, y: y) else { continue }
            trend[group] = Dictionary(uniqueKeysWithValues: years.map { ($0, max(0, fit.value(at: Double($0)))) })
        }
        var out = England(year: latest, share: share, trend: trend, trendFrom: available.first ?? latest)
        for group in PlacementGroup.published { out.published[group] = published.share(group) }
        out.excludes = national.recordingMix(of: england, in: latest)?.excluded.map(\.name) ?? []
        return out
    }
}

extension RunReport {
    /// The year a gap closes "in the median": the first year by which at least half of the
    /// draws have closed it, nil when fewer than half ever do within the projection.
    /// A year is a discrete event and some draws never close, so this is the median of the
    /// closing year's distribution as a step function (the lower median), not an
    /// interpolated (type 7) quantile, which would give half-years and has no meaning
    /// between a closing year and "never".
    public static func firstYearClosedInHalf(_ firstYears: [Double]) -> Int? {
        let finite = firstYears.filter(\.isFinite).sorted()
        let half = (firstYears.count + 1) / 2
        guard half > 0, finite.count >= half else { return nil }
        return Int(finite[half - 1])
    }
}
