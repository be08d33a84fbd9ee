import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// A what-if against its baseline: the same draws and seed run with and without the
/// overlays (common random numbers), so each difference is taken draw by draw and its
/// interval is the interval of the difference, not of two separate projections.
///
/// For every projected year: plans, the mainstream and special shares (points), spend
/// and the cumulative balance; for every locality: all it receives (spend on its plans
/// plus formula funding) — who gains and who loses.
public struct BaselineComparison: Sendable {
    public struct Year: Sendable {
        public var year: Int
        public var plans, mainstreamShare, specialShare: Stats
        /// Financial year `year − 1`: total spend and the cumulative balance.
        public var spend, cumulativeBalance: Stats
        /// The change split: mechanical (the same children, the what-if's prices, pots and
        /// rules — its own behavioural responses switched off) and behavioural (what its
        /// responses add on top), draw by draw; they add up to the change.
        public var mechanicalSpend, behaviouralSpend, mechanicalBalance, behaviouralBalance: Stats
    }

    public struct LocalityChange: Sendable {
        public var id: String, name: String
        /// All the locality receives in the last financial year: baseline, and the change.
        public var baseline: Stats
        public var change: Stats
    }

    public var years: [Year]
    public var localities: [LocalityChange]
    /// Each locality budget's shares, for saying why localities gain or lose (`formulas`).
    public var formulas: [LocalityFormula] = []
    /// Why the what-if spends more or less than the baseline in the last projected year.
    public var spendChange: SpendChange?

    /// `reform` and `baseline` must have the same draws, years and localities;
    /// `mechanical` is the reform with its own responses switched off (nil: it has none,
    /// so the whole change is mechanical).
    public init?(reform: Projection, baseline: Projection, mechanical: Projection? = nil) {
        let m = mechanical ?? reform
        let a = reform.layout, b = baseline.layout
        guard reform.draws == baseline.draws, a.years == b.years, a.areas == b.areas, a.settings == b.settings else {
            return nil
        }
        let D = reform.draws
        func diff(_ offsetA: Int, _ offsetB: Int) -> Stats {
            Stats((0..<D).map { reform.value(draw: $0, at: offsetA) - baseline.value(draw: $0, at: offsetB) })
        }
        // Each projection is read through its own layout: the reform may carry extra blocks
        // (the workbook's plan profile) that the baseline and the mechanical run do not.
        let c = m.layout
        guard m.draws == D, c.years == a.years else { return nil }
        func split(_ money: MetricLayout.Money, _ t: Int) -> (mechanical: Stats, behavioural: Stats) {
            let mechanical = (0..<D).map {
                m.value(draw: $0, at: c.money(money, year: t)) - baseline.value(draw: $0, at: b.money(money, year: t))
            }
            let behavioural = (0..<D).map {
                reform.value(draw: $0, at: a.money(money, year: t)) - m.value(draw: $0, at: c.money(money, year: t))
            }
            return (Stats(mechanical), Stats(behavioural))
        }
        years = (0..<a.years).map { t in
            let shareDiff = { (group: PlacementGroup) in
                Stats(
                    (0..<D).map {
                        reform.share(of: group, draw: $0, year: t) - baseline.share(of: group, draw: $0, year: t)
                    })
            }
            let spend = split(.spend, t), balance = split(.cumulativeBalance, t)
            return Year(
                year: reform.plan.stepYears[t] + 1,
                plans: diff(a.area(0, year: t) + a.plans, b.area(0, year: t) + b.plans),
                mainstreamShare: shareDiff(.mainstream), specialShare: shareDiff(.special),
                spend: diff(a.money(.spend, year: t), b.money(.spend, year: t)),
                cumulativeBalance: diff(a.money(.cumulativeBalance, year: t), b.money(.cumulativeBalance, year: t)),
                mechanicalSpend: spend.mechanical, behaviouralSpend: spend.behavioural,
                mechanicalBalance: balance.mechanical, behaviouralBalance: balance.behavioural)
        }
        let t = a.years - 1
        func received(_ p: Projection, _ layout: MetricLayout, _ area: Int, _ d: Int) -> Double {
            (0..<layout.blocks).reduce(p.value(draw: d, area: area, year: t) { $0.spendOnPlans }) { sum, k in
                sum + p.value(draw: d, area: area, year: t) { $0.funding(k) }
            }
        }
        localities = reform.plan.scenario.localities.enumerated().map { l, locality in
            LocalityChange(
                id: locality.id, name: locality.name,
                baseline: Stats((0..<D).map { received(baseline, b, l + 1, $0) }),
                change: Stats((0..<D).map { received(reform, a, l + 1, $0) - received(baseline, b, l + 1, $0) }))
        }
        formulas = Self.formulas(reform: reform, baseline: baseline, behavioural: mechanical != nil)
        let base = SpendBasis(baseline, year: t), whatIf = SpendBasis(reform, year: t)
        spendChange = SpendChange(
            from: base, to: whatIf, fromLabel: "the baseline, \(base.label)", toLabel: "the what-if, \(whatIf.label)")
    }
}
