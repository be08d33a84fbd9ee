import HNFCore
import HNFScenario

/// One Monte Carlo draw: its own population, its own random streams derived from
/// (seed, draw index), and the yearly kernels, run in the documented order:
///
/// 1. **age, leave, move** — one fused pass over the children: everyone is a year older;
///    a child older than the maximum age leaves; otherwise one 64-bit random number
///    decides whether the plan ceases (rate by the new age, times the setting's factor)
///    and, if it stays,
///    whether the child changes setting (moves by age x setting, sharpest at the phase
///    transfers). A child whose setting does not take its new age moves where new plans
///    of that age start. Survivors are compacted to the front of the arrays.
///    Then, where the scenario has them, moves between localities (house moves).
/// 2. **join** — new plans by locality x phase, Poisson (GSL) with mean rate × children
///    / 1,000; each joiner's age, need, starting setting and band drawn from the
///    scenario's mixes (alias tables, one random number each).
/// 3. **place** — where a setting has commissioned places and more children than places,
///    children drawn at random among those who arrived this year go to its overflow
///    setting (at random, so that neither the order of the localities in the file nor
///    the order the kernels add children decides who is sent).
/// 4. **cost** — children by locality x setting x band (counted as the kernels place
///    them), costed at the year's top-ups (a new band system's values, old values for
///    children it protects), fees and place funding.
/// 5. **SEN support** — pupils on SEN support by locality x phase grow by the draw's
///    rates (they are counts, not simulated children: no plan, no placement).
/// 6. **formula funding** — locality budgets, transition funding, support without a
///    plan, from this January's children and pupils on SEN support.
public struct DrawSimulation {
    public let plan: ProjectionPlan
    public let draw: Int
    public private(set) var population: Population
    package let assumptions: DrawAssumptions
    /// The assumptions of each locality flow group (`plan.localityFlows`), sharing the LA's
    /// draw of every parameter they inherit: empty when no locality overrides the LA's flows.
    package let localityAssumptions: [DrawAssumptions]
    /// This draw's trend and shocks of the placement mix (empty when the scenario has none),
    /// and, per locality flow group (`plan.localityFlows`), its new plans' settings by step.
    let mix: MixPath
    let groupJoinerSetting: [[[Categorical?]]]
    var child: ChildStream
    /// The stream of moves between localities (its own, so that scenarios without them
    /// draw the same numbers everywhere else).
    var house: ChildStream
    /// The stream that orders this year's arrivals before overflow picks among them (its
    /// own, so that overflow never shifts the numbers other kernels draw).
    var overflowOrder: ChildStream
    let random: DrawRandom
    /// Indices of children who entered a setting with commissioned places this step.
    var arrivals: [Int32] = []
    /// Children by locality x setting x band, `[(l * S + s) * B + b]`, kept as they are placed.
    let counts: OwnedBuffer<Int32>
    /// Children by locality x setting at the end of the last step (the start of the next).
    var lastStock: [Int32]
    /// Per block: what pays it in this draw (`FundingRule.payer`), with any state it
    /// carries from year to year.
    var payers: [any FundingPayer]
    /// The last yearly tables built, and the step they were built for.
    var tables: (step: Int, tables: YearTables)?
    /// Pupils on SEN support by locality x phase.
    var senSupport: [Double]
    /// The draw's price index (`budget.prices`), and its value in each step's financial year.
    public let priceIndex: PriceIndex
    let prices: [Double]

    public init(plan: ProjectionPlan, seed: UInt64, draw: Int) {
        self.plan = plan
        self.draw = draw
        random = DrawRandom(seed: seed, draw: draw)
        child = ChildStream(seed: seed, draw: draw)
        house = ChildStream(seed: seed, draw: draw, purpose: .localityMoves)
        overflowOrder = ChildStream(seed: seed, draw: draw, purpose: .overflowOrder)
        assumptions = DrawAssumptions(
            plan: plan, random: random, responses: DrawRandom(seed: seed, draw: draw, purpose: .responses))
        localityAssumptions = Self.localityAssumptions(plan, assumptions, seed: seed, draw: draw)
        let mix = MixPath(plan: plan, seed: seed, draw: draw)
        self.mix = mix
        groupJoinerSetting = (plan.localityFlows?.plans ?? []).map {
            MixPath.joinerTables($0.joinerWeights, mix.joinerFactor)
        }
        priceIndex = PriceIndex(plan.scenario.budget.prices, seed: seed, draw: draw)
        prices = plan.stepYears.map(priceIndex.value)
        population = plan.base.copy(extra: plan.base.count / 2)
        counts = OwnedBuffer(repeating: 0, count: plan.localityCount * plan.settingCount * plan.bandCount)
        lastStock = [Int32](repeating: 0, count: plan.localityCount * plan.settingCount)
        senSupport = plan.senSupport
        let prices = prices
        payers = plan.blocks.map { $0.formula.payer(plan: plan, prices: prices) }
        let base = plan.base, S = plan.settingCount
        for i in 0..<base.count { lastStock[Int(base.locality[i]) * S + Int(base.setting[i])] += 1 }
    }

    /// Runs step `t` (from January `stepYears[t]` to the next January).
    public mutating func step(_ t: Int) -> StepOutcome {
        let S = plan.settingCount, L = plan.localityCount, B = plan.bandCount
        var out = StepOutcome(year: plan.stepYears[t] + 1, cells: L * S)
        out.start = lastStock
        // The tables change only when a dated rate does: reuse last step's otherwise.
        if let (step, _) = tables, tablesHold(from: step, for: t) {
        } else {
            tables = (t, yearTables(t))
        }
        let tables = self.tables!.tables
        arrivals.removeAll(keepingCapacity: true)
        counts.fill(0)
        if plan.localityFlows == nil {
            ageLeaveMove(tables, &out, LAWideFlows())
        } else {
            ageLeaveMove(tables, &out, LocalityFlowOffsets(tables))
        }
        moveLocality(t, &out)
        join(t, &out)
        transferIn(&out)
        place(t, &out)
        for c in 0..<(L * S) {
            var n: Int32 = 0
            for b in 0..<B { n += counts[c * B + b] }
            out.stock[c] = n
        }
        cost(t, &out)
        let phases = Phase.allCases.count
        for i in senSupport.indices {
            senSupport[i] *= 1 + senSupportGrowth(t, locality: i / phases, phase: i % phases)
        }
        out.senSupport = senSupport
        // Formula funding reads this January's children and pupils on SEN support.
        fund(t, &out)
        lastStock = out.stock
        return out
    }
}
