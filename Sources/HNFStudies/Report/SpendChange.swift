import HNFCore
import HNFEngine

/// What one year's spend on plans and formula funding is made of, as means of draws: an
/// end of a `SpendChange` (the first and last projected years of a run, or a baseline's
/// and a what-if's same year).
public struct SpendBasis: Sendable {
    /// The financial year ("2029-30").
    public var label: String
    /// Plans and spend on them by setting, in the scenario's order of settings.
    public var plans, spend: [Double]
    public var spendOnPlans, formulaFunding, priceIndex: Double

    public init(
        label: String, plans: [Double], spend: [Double], spendOnPlans: Double, formulaFunding: Double,
        priceIndex: Double
    ) {
        self.label = label
        self.plans = plans
        self.spend = spend
        self.spendOnPlans = spendOnPlans
        self.formulaFunding = formulaFunding
        self.priceIndex = priceIndex
    }

    /// Year `t` of area 0 (the LA) of a projection, read through its own layout.
    init(_ p: Projection, year t: Int) {
        let layout = p.layout, o = layout.area(0, year: t), D = p.draws
        func mean(_ offset: Int) -> Double { (0..<D).reduce(0) { $0 + p.value(draw: $1, at: offset) } / Double(D) }
        let settings = 0..<layout.settings
        self.init(
            label: FinancialYear(containing: p.plan.stepYears[t] + 1).label,
            plans: settings.map { mean(o + layout.setting($0)) }, spend: settings.map { mean(o + layout.spend($0)) },
            spendOnPlans: mean(o + layout.spendOnPlans),
            formulaFunding: (0..<layout.blocks).reduce(0) { $0 + mean(o + layout.funding($1)) },
            priceIndex: mean(layout.money(.priceIndex, year: t)))
    }

    var total: Double { spendOnPlans + formulaFunding }
}

/// Why spend differs between two ends, in parts that add up (means of draws, so they do):
/// more or fewer children, a costlier or cheaper placement mix, prices, a plan costing
/// more or less than that in its setting (top-up rules, a formula's own terms), and
/// formula funding. Each part is taken at the first end's costs per plan, then the next
/// part on top (a chained, order-dependent split: children first, prices before rules).
public struct SpendChange: Sendable {
    public var from: String, to: String
    public var start, children, mix, prices, costPerPlan, formula, end: Double

    /// Nil where the first end has no plans or the two ends have different settings.
    public init?(from a: SpendBasis, to b: SpendBasis, fromLabel: String? = nil, toLabel: String? = nil) {
        let n0 = a.plans, nT = b.plans
        let N0 = n0.reduce(0, +), NT = nT.reduce(0, +)
        guard N0 > 0, n0.count == nT.count, a.priceIndex > 0 else { return nil }
        // Each setting's cost per plan at the first end (0 where it had no children then).
        let c0 = zip(a.spend, n0).map { $1 > 0 ? $0 / $1 : 0 }
        let atFirstMix = NT / N0 * a.spendOnPlans
        let atLastMix = zip(nT, c0).reduce(0) { $0 + $1.0 * $1.1 }
        let atLastPrices = atLastMix * b.priceIndex / a.priceIndex
        from = fromLabel ?? a.label
        to = toLabel ?? b.label
        start = a.total
        children = atFirstMix - a.spendOnPlans
        mix = atLastMix - atFirstMix
        prices = atLastPrices - atLastMix
        costPerPlan = b.spendOnPlans - atLastPrices
        formula = b.formulaFunding - a.formulaFunding
        end = b.total
    }

    /// The parts between the two ends, in order, with their words.
    public var parts: [(label: String, value: Double)] {
        [
            ("More or fewer children with plans", children), ("A change in the placement mix", mix),
            ("Prices (the scenario's uplift)", prices),
            ("Cost per plan beyond prices (top-up rules, formula terms)", costPerPlan),
            ("Formula funding", formula),
        ]
    }
}
