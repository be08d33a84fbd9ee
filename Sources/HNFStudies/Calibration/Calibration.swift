import CGSL
import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Estimates an LA's flows from the SEN2 history shipped in the repository, with their
/// uncertainty, shrunk toward England's (partial pooling), and writes them as a scenario.
///
/// From the January caseloads by placement S(c), and new plans by placement in each
/// calendar year J(c), for the calendar years `from ..< to`:
///
/// - **leavers**: the stock identity gives the plans that ended in year c,
///   S(c) + J(c) − S(c + 1), a share r(c) of S(c); the LA's mean share, with the
///   sampling variance of the yearly values, is shrunk toward England's by precision
///   weights against the spread between LAs (empirical Bayes); by phase it follows
///   England's 2024 pattern of ceasing by age (SEN2 ceased plans / caseload by age);
/// - **movers**: what each setting gains or loses beyond its leavers and joiners is a net
///   move; losing settings send children to gaining settings in proportion to their gains
///   (moves into post-16 settings from children aged 16-18);
/// - **growth**: plans grow at England's pace moved by the LA's pipeline (its requests for
///   assessment for the plans it holds, `StockGrowth`), and new plans are anchored so the
///   median plans do (`anchoredNewPlans`, `anchoredScenarioYAML`); the log-linear trend of new plans
///   (GSL least squares, pooled like the leaving rate) is kept for reference only; new plans
///   by phase follow the LA's new plans by age at start, and their settings the LA's mix;
/// - **stock**: the January `to` caseload by placement, by age in the proportions of the
///   nearest January with ages (2024 or 2025), by need in the LA's 2025 mix.
///
/// Years whose figures SEN2 published later (ages, needs, ceasing by age) shape splits
/// only, never totals: a backtest never sees the totals it predicts.
public struct Calibration: Sendable {
    public struct Estimate: Sendable {
        public var mean: Double
        public var sd: Double
    }

    public var area: Area
    public var from: Int
    public var to: Int
    public var stock: [String: Double]
    /// Share of plans that end in a year, pooled.
    public var ceasing: Estimate
    /// Share of plans ending a year at each age (after ageing), where England's pattern has one.
    public var ceasingByAge: [Int: Double]
    /// The yearly growth of new plans on their log-linear trend, pooled: shown beside the
    /// growth model's pace for reference, not used (`StockGrowth` sets the growth).
    public var growth: Estimate
    public var newPlanPhaseShares: [Phase: Double]
    public var newPlanSettingMix: [String: Double]
    public var moves: [(from: String, to: String, rate: Double, phase: Phase?)]
    public var cells: [(age: Int, need: String, setting: String, count: Int)]
    /// The LA's districts, when the written scenario is to have them as its localities
    /// (`hnf calibrate --districts`); empty: one locality, the LA.
    public var districts: [Districts.District] = []
    public var needMix: [String: Double]
    /// Plans at each January `from...to` with requests for assessment, and how the LA's plans
    /// grow (England's pace moved by the LA's pipeline).
    public var history: StockGrowth.History
    public var stockGrowth: StockGrowth
    /// How the mix moves: England's trend in new plans' settings, LAs' shocks around it.
    public var mix: MixDynamics
    /// Figures SEN2 lacks for this area in the window and what stands in (`Gaps`).
    public var fills: [Fill] = []
    /// Variance added to the log plans' predictive variance for filled figures the
    /// forecast starts from (`fillVariance(_:to:shocks:)`).
    public var fillVariance = 0.0
    /// The factor on anchored new plans that a pilot run found (`anchoredScenarioYAML`).
    public var newPlanScale = 1.0

    /// The settings of a calibrated scenario and the SEN2 columns each holds.
    public static let settings: [(id: String, name: String, group: PlacementGroup, columns: [String])] = [
        ("mainstream", "Mainstream school (incl. resourced provision and units)", .mainstream, ["mainstream_total"]),
        ("state_special", "State special school", .special, ["special_la_maintained", "special_academy_free"]),
        (
            "independent_special", "Independent / non-maintained special", .special,
            ["special_independent", "special_non_maintained"]
        ),
        ("ap", "Alternative provision / PRU", .ap, ["ap_pru_total"]),
        ("post16", "Post-16 / further education", .post16, ["fe_total"]),
        ("elsewhere", "Educated elsewhere", .elsewhere, ["ed_elsewhere"]),
        ("early_years", "Non-maintained early years", .earlyYears, ["nm_early_years"]),
        ("not_recorded", "Placement not recorded", .unknown, ["placement_unknown", "await_prov_2022", "perm_ex_2022"]),
    ]

    /// The calibrated settings with the ages they take (as the calibrated scenario declares them).
    public static let cohortSettings: [CohortFlows.Setting] = settings.map { s in
        CohortFlows.Setting(
            id: s.id, columns: s.columns,
            ages: s.id == "early_years" ? 0...5 : s.id == "post16" ? 16...Phase.maximumAge : 0...Phase.maximumAge)
    }

    /// A row's plans by calibrated setting. Until 2024 SEN2 counts "other placement
    /// settings" in no placement group (from 2025 they are inside educated elsewhere): what
    /// the placement columns leave of the row's total goes to `elsewhere`, so the stock is
    /// the published total (without it, Wirral's January 2022 started 17% short).
    static func bySetting(_ row: NationalData.Row) -> [String: Double] {
        var out = Dictionary(
            uniqueKeysWithValues: settings.map { s in (s.id, s.columns.reduce(0) { $0 + (row.value($1) ?? 0) }) })
        let placed = settings.reduce(0) { $0 + (out[$1.id] ?? 0) }
        if let total = row.value("plans") ?? row.value("new_plans"), total > placed, placed > 0 {
            out["elsewhere", default: 0] += total - placed
        }
        return out
    }

    /// The national tables calibration reads, read once and shared by every LA of a backtest.
    public struct Tables: Sendable {
        let national: NationalData
        let newPlans: [NationalData.Row]
        let byAge: [NationalData.Row]
        let needs: [NationalData.Row]
        let ceased: [NationalData.Row]
        /// Requests for assessment received by calendar year (a signal of growth, `StockGrowth`).
        let requests: [NationalData.Row]

        public init(_ national: NationalData) throws {
            self.national = national
            newPlans = try national.table(.newPlans)
            byAge = try national.table(.caseloadByAge)
            needs = try national.table(.needs)
            ceased = try national.table(.ceasedPlans)
            requests = try national.table(.requests)
        }
    }

    public enum Failure: InputProblem {
        case missing(String)
        public var description: String { if case .missing(let what) = self { return what }; return "" }
    }

    /// The yearly series of one area: caseloads and new plans by setting, leaving shares.
    struct Series {
        var stock: [Int: [String: Double]] = [:]
        var joiners: [Int: [String: Double]] = [:]
        var ceasing: [Double] = []
        var newPlanTotals: [(year: Int, count: Double)] = []
        /// Requests for assessment received each calendar year `from..<to` (nil: none known).
        var requests: [Double?] = []
        /// What stands in for figures SEN2 lacks (empty unless the series was read `filling`).
        var fills: [Fill] = []

        func totals(from: Int, to: Int) -> [Double] { (from...to).map { stock[$0]?.values.reduce(0, +) ?? 0 } }
    }

    /// `filling`: fill what SEN2 lacks (`Gaps`), listing each stand-in in `fills`; without
    /// it a missing figure throws (the prior is estimated on published figures only).
    static func series(_ area: Area, from: Int, to: Int, tables: Tables, filling: Bool = false) throws -> Series {
        var out = Series()
        var gaps = Gaps(area, from: from, to: to, tables: tables, filling: filling)
        for year in from...to { out.stock[year] = try gaps.caseload(year) }
        for year in from..<to {
            let (bySetting, total) = try gaps.newPlans(year)
            out.joiners[year] = bySetting
            out.newPlanTotals.append((year, total))
            let s0 = out.stock[year]!.values.reduce(0, +), s1 = out.stock[year + 1]!.values.reduce(0, +)
            // A January without plans gives no share ceasing (and the net moves below need
            // one every year): such an LA cannot be calibrated on these years.
            guard s0 > 0 else { throw Failure.missing("no EHC plans by placement for \(area.name) in January \(year)") }
            out.ceasing.append(max(0, (s0 + total - s1) / s0))
        }
        out.requests = (from..<to).map { gaps.requests($0) }
        out.fills = Fill.merged(gaps.fills)
        return out
    }

    /// Growth of new plans a year on a log-linear trend, with its variance (GSL fit).
    static func growth(_ totals: [(year: Int, count: Double)]) -> (growth: Double, variance: Double)? {
        let points = totals.filter { $0.count > 0 }
        // One year of new plans (a window of two Januaries) has no trend: no growth, and a
        // variance that leaves the pooled figure to England's. (The trend is kept for
        // reference only; the growth model does not need it.)
        if points.count == 1 { return (0, 1) }
        guard let fit = LinearTrend(x: points.map { Double($0.year) }, y: points.map { Foundation.log($0.count) })
        else { return nil }
        // With two points the fit is exact: take the sampling variance of a Poisson count.
        let variance = points.count > 2 ? fit.c11 : 2 / max(points.map(\.count).min()!, 1)
        return (Foundation.exp(fit.slope) - 1, variance)
    }

    static func variance(_ v: [Double]) -> Double { Summary(v).map { $0.sd * $0.sd } ?? 0 }

    /// What every LA's estimates are pooled toward, for one span of years: England's
    /// leaving share and new-plan growth, their spread between LAs (variances), and
    /// England's pattern of ceasing by age relative to its overall share: SEN2 plans ceased
    /// at each age over the plans held the January before by children a year younger
    /// ("20plus" for 20-25), latest year with ages (as Scripts/fit-ceasing.py for an LA).
    public struct Prior: Sendable {
        public var ceasing: Double
        public var ceasingSpread: Double
        public var growth: Double
        public var growthSpread: Double
        public var ceasingPattern: [Int: Double]
        /// Growth of plans: England's pace and how an LA's pipeline moves it (`StockGrowth`).
        public var stock: StockGrowth
        /// How LAs' placement mixes move from year to year (`MixDynamics`).
        public var mix: MixDynamics

        public init(from: Int, to: Int, tables: Tables) throws {
            let national = tables.national
            let england = try Calibration.series(national.england, from: from, to: to, tables: tables)
            guard let englandGrowth = Calibration.growth(england.newPlanTotals) else {
                throw Failure.missing("too few years of new plans for England to fit a trend")
            }
            var laCeasing: [Double] = [], laGrowth: [Double] = [], laSeries: [Series] = []
            for la in national.areas(in: to) where la.level == .la {
                guard let s = try? Calibration.series(la, from: from, to: to, tables: tables), !s.ceasing.isEmpty else {
                    continue
                }
                laSeries.append(s)
                laCeasing.append(s.ceasing.reduce(0, +) / Double(s.ceasing.count))
                if let g = Calibration.growth(s.newPlanTotals) { laGrowth.append(g.growth) }
            }
            stock = StockGrowth(
                england: Calibration.growthHistory(national.england, from: from, to: to, tables: tables),
                las: Calibration.growthHistories(from: from, to: to, tables: tables))
            mix = MixDynamics(england: england, las: laSeries, from: from, to: to)
            ceasing = england.ceasing.reduce(0, +) / Double(max(england.ceasing.count, 1))
            ceasingSpread = Calibration.variance(laCeasing)
            growth = englandGrowth.growth
            growthSpread = Calibration.variance(laGrowth)

            // (Rows by age are those whose breakdown reads as an age; others are by placement.)
            let code = national.england.code
            var ceased: [Int: Double] = [:], held: [Int: Double] = [:]
            let year =
                tables.ceased.filter { $0.area.code == code && SEN2Age.parse($0.breakdown) != nil }.map(\.year).max()
                ?? 2024
            for row in tables.ceased where row.year == year && row.area.code == code {
                guard let age = SEN2Age.parse(row.breakdown) else { continue }
                ceased[age] = row.value("total_ceased") ?? 0
            }
            for row in tables.byAge where row.year == year && row.area.code == code {
                guard let age = SEN2Age.parse(row.breakdown) else { continue }
                held[age, default: 0] += row.value("plans") ?? 0
            }
            let overall = ceased.values.reduce(0, +) / max(held.values.reduce(0, +), 1)
            var pattern: [Int: Double] = [:]
            for (age, count) in ceased where age >= 3 {
                let ages = age == 20 ? Array(20...Phase.maximumAge) : [age]  // "20plus"
                let exposure = ages.reduce(0.0) { $0 + (held[$1 - 1] ?? 0) }
                guard exposure > 0, overall > 0 else { continue }
                for a in ages { pattern[a] = count / exposure / overall }
            }
            ceasingPattern = pattern
        }
    }

    /// Shrinks an LA estimate toward England's: weights are the precisions of the LA's own
    /// estimate (its sampling variance) and of the prior (the spread between LAs).
    static func pool(_ own: Double, variance: Double, prior: Double, between: Double) -> Estimate {
        let v = max(variance, 1e-12), t = max(between, 1e-12)
        let precision = 1 / v + 1 / t
        return Estimate(mean: (own / v + prior / t) / precision, sd: (1 / precision).squareRoot())
    }

    /// `prior` is England's figures and the spread between LAs for the same years; give it
    /// when calibrating many LAs (it reads every LA's history), else it is computed.
    public init(area: Area, from: Int, to: Int, tables: Tables, prior: Prior? = nil) throws {
        guard to > from else { throw Failure.missing("calibration needs at least two Januaries: --from before --to") }
        self.area = area; self.from = from; self.to = to
        let prior = try prior ?? Prior(from: from, to: to, tables: tables)
        let own = try Self.series(area, from: from, to: to, tables: tables, filling: true)
        fills = own.fills
        history = Self.growthHistory(area, from: from, to: to, tables: tables, filled: own)
        stockGrowth = prior.stock
        fillVariance = Self.fillVariance(own, to: to, shocks: prior.stock.shocks)
        mix = prior.mix

        let pooledCeasing = Self.pooledCeasing(own, from: from, prior: prior)
        ceasing = pooledCeasing
        guard let ownGrowth = Self.growth(own.newPlanTotals) else {
            throw Failure.missing("too few years of new plans for \(area.name) to fit a trend")
        }
        // The pooled estimate is the LA's expected growth; the growth it will see is spread
        // around that as LAs' growth is spread around England's (a predictive, not a
        // posterior, sd: the first backtests with the posterior sd covered a quarter of
        // actuals in their 80% intervals).
        let pooledGrowth = Self.pool(
            ownGrowth.growth, variance: ownGrowth.variance, prior: prior.growth, between: prior.growthSpread)
        growth = Estimate(
            mean: pooledGrowth.mean, sd: (pooledGrowth.sd * pooledGrowth.sd + prior.growthSpread).squareRoot())
        ceasingByAge = prior.ceasingPattern.mapValues { min(0.95, $0 * pooledCeasing.mean) }
        newPlanPhaseShares = Self.newPlanPhaseShares(area, to: to, tables: tables)
        newPlanSettingMix = Self.newPlanSettingMix(own)

        stock = own.stock[to]!
        guard stock.values.contains(where: { $0 > 0 }) else {
            throw Failure.missing(
                "no EHC plans by placement for \(area.name) in January \(to) (SEN2 gives its total only): nothing to start from"
            )
        }
        let split = Self.splitStock(stock, area, to: to, tables: tables)
        needMix = split.needMix
        cells = split.cells
        moves = Self.netMoves(own, from: from, to: to, byPhaseStock: split.byPhase)
    }

    /// The share of plans ending a year: the LA's mean share (with the sampling variance of
    /// its yearly values, or a binomial one from a single year) pooled toward England's.
    static func pooledCeasing(_ own: Series, from: Int, prior: Prior) -> Estimate {
        let ownCeasing = own.ceasing.reduce(0, +) / Double(max(own.ceasing.count, 1))
        let stockSize = own.stock[from]!.values.reduce(0, +)
        let ceasingVariance =
            own.ceasing.count > 1
            ? Self.variance(own.ceasing) / Double(own.ceasing.count)
            : ownCeasing * (1 - ownCeasing) / max(stockSize, 1)
        return Self.pool(ownCeasing, variance: ceasingVariance, prior: prior.ceasing, between: prior.ceasingSpread)
    }

    /// New plans by phase: the LA's ages at start in the nearest year with ages.
    static func newPlanPhaseShares(_ area: Area, to: Int, tables: Tables) -> [Phase: Double] {
        let withAges = Set(tables.newPlans.filter { $0.area.code == area.code && $0.breakdown != "all" }.map(\.year))
        let ageYear = withAges.filter { $0 < to }.max() ?? withAges.min() ?? to
        var phaseCounts: [Phase: Double] = [:]
        for row in tables.newPlans
        where row.year == ageYear && row.area.code == area.code && row.area.level == area.level
            && row.breakdown != "all"
        {
            if let age = SEN2Age.parse(row.breakdown) {
                phaseCounts[Phase.of(age: age), default: 0] += row.value("new_plans") ?? 0
            }
        }
        let phaseTotal = phaseCounts.values.reduce(0, +)
        return phaseTotal > 0 ? phaseCounts.mapValues { $0 / phaseTotal } : [.primary: 1]
    }

    /// The settings new plans start in: the LA's mix of joiners over the history.
    static func newPlanSettingMix(_ own: Series) -> [String: Double] {
        var mix: [String: Double] = [:]
        for j in own.joiners.values { for (s, n) in j { mix[s, default: 0] += n } }
        let mixTotal = mix.values.reduce(0, +)
        return mixTotal > 0 ? mix.mapValues { $0 / mixTotal } : ["mainstream": 1]
    }

    /// The stock at January `to` split by age (from the nearest January with ages) and by
    /// need (the LA's mix, else England's), with each setting's plans by phase.
    static func splitStock(
        _ stock: [String: Double], _ area: Area, to: Int, tables: Tables
    )
        -> (
            cells: [(age: Int, need: String, setting: String, count: Int)], byPhase: [String: [Phase: Double]],
            needMix: [String: Double]
        )
    {
        let englandCode = tables.national.england.code
        // The LA's ages in the nearest January with ages; England's where SEN2 gives the LA none.
        let ownAges = tables.byAge.filter { $0.area.code == area.code && $0.area.level == area.level }
        let agesFrom = ownAges.isEmpty ? tables.byAge.filter { $0.area.code == englandCode } : ownAges
        let stockAgeYear = Set(agesFrom.map(\.year)).min { abs($0 - to) < abs($1 - to) } ?? to
        let ageRows = agesFrom.filter { $0.year == stockAgeYear }
        let needRow =
            tables.needs.first { $0.area.code == area.code && $0.area.level == area.level && $0.breakdown == "all" }
            ?? tables.needs.first { $0.area.code == englandCode && $0.breakdown == "all" }
        let needCodes = ScenarioSchema.sen2Needs.map(\.code)
        let needWeights = needCodes.map { needRow?.value($0 == "UNK" ? "need_unknown" : $0.lowercased()) ?? 0 }
        let needTotal = needWeights.reduce(0, +)
        let needMix = Dictionary(
            uniqueKeysWithValues: zip(needCodes, needWeights.map { needTotal > 0 ? $0 / needTotal : 1 / 13 }))
        var cells: [(Int, String, String, Int)] = []
        var byPhaseStock: [String: [Phase: Double]] = [:]
        for setting in Self.settings {
            let ages = ageRows.compactMap { row -> (Int, Double)? in
                guard let age = SEN2Age.parse(row.breakdown) else { return nil }
                return (age, setting.columns.reduce(0) { $0 + (row.value($1) ?? 0) })
            }.sorted { $0.0 < $1.0 }
            let weights = ages.map(\.1).contains { $0 > 0 } ? ages.map(\.1) : ages.map { _ in 1.0 }
            let perAge = StockDerivation.largestRemainder(Int(stock[setting.id] ?? 0), weights)
            for (i, count) in perAge.enumerated() where count > 0 {
                byPhaseStock[setting.id, default: [:]][Phase.of(age: ages[i].0), default: 0] += Double(count)
                for (n, c) in StockDerivation.largestRemainder(
                    count, needWeights.contains { $0 > 0 } ? needWeights : needWeights.map { _ in 1 }
                ).enumerated() where c > 0 {
                    cells.append((ages[i].0, needCodes[n], setting.id, c))
                }
            }
        }
        return (cells.map { (age: $0.0, need: $0.1, setting: $0.2, count: $0.3) }, byPhaseStock, needMix)
    }

    /// Net moves over the whole history: settings that lose send children to settings
    /// that gain, in proportion to the gains.
    static func netMoves(
        _ own: Series, from: Int, to: Int, byPhaseStock: [String: [Phase: Double]]
    ) -> [(from: String, to: String, rate: Double, phase: Phase?)] {
        var net: [String: Double] = [:], exposed: [String: Double] = [:]
        for c in from..<to {
            let r = own.ceasing[c - from]
            for setting in Self.settings {
                let before = own.stock[c]![setting.id] ?? 0, after = own.stock[c + 1]![setting.id] ?? 0
                net[setting.id, default: 0] += after - before * (1 - r) - (own.joiners[c]![setting.id] ?? 0)
                exposed[setting.id, default: 0] += before * (1 - r)
            }
        }
        var loss: [String: Double] = [:], gain: [String: Double] = [:]
        for (id, n) in net {
            if n < 0, let e = exposed[id], e > 0 { loss[id] = -n / e } else if n > 0 { gain[id] = n }
        }
        let gainTotal = gain.values.reduce(0, +)
        var moves: [(String, String, Double, Phase?)] = []
        for setting in Self.settings {
            guard let l = loss[setting.id], gainTotal > 0 else { continue }
            for target in Self.settings {
                guard let g = gain[target.id] else { continue }
                var rate = l * g / gainTotal
                var phase: Phase? = nil
                if target.id == "post16" {
                    // Only children of 16-18 move to college: the same number, from fewer children.
                    let all = byPhaseStock[setting.id]?.values.reduce(0, +) ?? 0
                    let older = byPhaseStock[setting.id]?[.post16] ?? 0
                    guard older > 0 else { continue }
                    rate *= all / older
                    phase = .post16
                }
                if rate >= 0.0005 { moves.append((setting.id, target.id, min(rate, 0.95), phase)) }
            }
        }
        return Self.capped(moves).map { (from: $0.0, to: $0.1, rate: $0.2, phase: $0.3) }
    }

    /// Net moves out of one setting can add up to more than all its children where a data
    /// break empties it (a January of "not recorded" placements, say): scales them so that in
    /// every phase at most `limit` of a setting's children move, which the validator requires.
    /// Moves for every phase are scaled first; moves at post-16 share what they leave.
    static func capped(
        _ moves: [(String, String, Double, Phase?)], limit: Double = 0.95
    ) -> [(String, String, Double, Phase?)] {
        var out = moves
        for from in Set(moves.map(\.0)) {
            let everyPhase = moves.indices.filter { moves[$0].0 == from && moves[$0].3 == nil }
            let onePhase = moves.indices.filter { moves[$0].0 == from && moves[$0].3 != nil }
            let all = everyPhase.reduce(0.0) { $0 + moves[$1].2 }
            if all > limit { for i in everyPhase { out[i].2 *= limit / all } }
            let left = limit - min(all, limit), phased = onePhase.reduce(0.0) { $0 + moves[$1].2 }
            if phased > left { for i in onePhase { out[i].2 *= phased > 0 ? left / phased : 0 } }
        }
        return out
    }
}
