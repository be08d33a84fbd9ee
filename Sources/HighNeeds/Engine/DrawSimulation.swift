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
    let assumptions: DrawAssumptions
    /// The assumptions of each locality flow group (`plan.localityFlows`), sharing the LA's
    /// draw of every parameter they inherit: empty when no locality overrides the LA's flows.
    let localityAssumptions: [DrawAssumptions]
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
        house = ChildStream(seed: seed, draw: draw, purpose: 3)
        overflowOrder = ChildStream(seed: seed, draw: draw, purpose: 4)
        assumptions = DrawAssumptions(plan: plan, random: random, responses: DrawRandom(seed: seed, draw: draw, purpose: 5))
        localityAssumptions = Self.localityAssumptions(plan, assumptions, seed: seed, draw: draw)
        priceIndex = PriceIndex(plan.scenario.budget.prices, seed: seed, draw: draw)
        prices = plan.stepYears.map(priceIndex.value)
        population = plan.base.copy(extra: plan.base.count / 2)
        counts = OwnedBuffer(repeating: 0, count: plan.localityCount * plan.settingCount * plan.bandCount)
        lastStock = [Int32](repeating: 0, count: plan.localityCount * plan.settingCount)
        senSupport = plan.senSupport
        let prices = prices
        payers = plan.blocks.map { $0.rule.payer(plan: plan, prices: prices) }
        let base = plan.base, S = plan.settingCount
        for i in 0..<base.count { lastStock[Int(base.locality[i]) * S + Int(base.setting[i])] += 1 }
    }

    /// Runs step `t` (from January `stepYears[t]` to the next January).
    public mutating func step(_ t: Int) -> StepOutcome {
        let S = plan.settingCount, L = plan.localityCount, B = plan.bandCount
        var out = StepOutcome(year: plan.stepYears[t] + 1, cells: L * S)
        out.start = lastStock
        // The tables change only when a dated rate does: reuse last step's otherwise.
        if let (step, _) = tables, tablesHold(from: step, for: t) {} else {
            tables = (t, yearTables(t))
        }
        let tables = self.tables!.tables
        arrivals.removeAll(keepingCapacity: true)
        counts.fill(0)
        if plan.localityFlows == nil { ageLeaveMove(tables, &out, LAWideFlows()) } else { ageLeaveMove(tables, &out, LocalityFlowOffsets(tables)) }
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
        for i in senSupport.indices { senSupport[i] *= 1 + senSupportGrowth(t, locality: i / phases, phase: i % phases) }
        out.senSupport = senSupport
        // Formula funding reads this January's children and pupils on SEN support.
        fund(t, &out)
        lastStock = out.stock
        return out
    }

    // MARK: 1. age, leave, move

    mutating func ageLeaveMove<Offsets: FlowGroupOffsets>(_ tables: YearTables, _ out: inout StepOutcome, _ offsets: Offsets) {
        let S = plan.settingCount, B = plan.bandCount
        let st = population.storage
        let n = st.count
        let maxAge = plan.maxAge
        let capped = plan.capacityKind.map { $0 != .none }
        var written = 0
        var rng = child
        let loc = st.locality, age = st.age, need = st.need, setting = st.setting, band = st.band, years = st.yearsWithPlan, term = st.fundingTerm
        let leave = tables.leave.pointer, transferOut = tables.transferOut.pointer, move = tables.move.pointer, allowed = plan.allowed.pointer, counts = counts.pointer
        let cells = plan.localityCount * S, stride = tables.needStride, byNeed = stride == 1 ? 0 : 1
        let leavers = OwnedBuffer<Int32>(repeating: 0, count: cells), movedOut = OwnedBuffer<Int32>(repeating: 0, count: cells)
        let movedIn = OwnedBuffer<Int32>(repeating: 0, count: cells), transfers = OwnedBuffer<Int32>(repeating: 0, count: cells)
        for i in 0..<n {
            let l = Int(loc[i]), s = Int(setting[i])
            let a = Int(age[i]) &+ 1
            if a > maxAge { leavers.pointer[l &* S &+ s] &+= 1; continue }
            let r = rng.next()
            let childNeed = need[i]
            // (The offsets pick the locality's flow group; specialised away when no locality has its own flows.)
            let cell = (a &* S &+ s) &* stride &+ Int(childNeed) &* byNeed &+ offsets.cell(l)
            if r & 0xFFFF_FFFF < leave[cell] {
                if r & 0xFFFF_FFFF < transferOut[offsets.age(l) &+ a] { transfers.pointer[l &* S &+ s] &+= 1 } else { leavers.pointer[l &* S &+ s] &+= 1 }
                continue
            }
            var s2 = s
            if r >> 32 < move[cell] { s2 = Self.destination(tables, cell, r >> 32) }
            if !allowed[a &* S &+ s2] { s2 = Self.pick(plan.ageOutDestination[a &* S &+ s2], rng.next()) }
            if s2 != s {
                movedOut.pointer[l &* S &+ s] &+= 1
                movedIn.pointer[l &* S &+ s2] &+= 1
                if capped[s2] { Self.arrive(&arrivals, written) }
            }
            let b = band[i]
            loc[written] = UInt16(truncatingIfNeeded: l)
            age[written] = UInt8(truncatingIfNeeded: a)
            need[written] = childNeed
            setting[written] = UInt8(truncatingIfNeeded: s2)
            band[written] = b
            years[written] = years[i] &+ (years[i] < 255 ? 1 : 0)
            term[written] = term[i]
            counts[(l &* S &+ s2) &* B &+ Int(b)] &+= 1
            written &+= 1
        }
        child = rng
        st.count = written
        out.leavers = leavers.array
        out.movedOut = movedOut.array
        out.movedIn = movedIn.array
        out.transfersOut = transfers.array
    }

    /// Kept out of the loop: arrivals in a setting with commissioned places are rare.
    @inline(never)
    static func arrive(_ arrivals: inout [Int32], _ index: Int) {
        arrivals.append(Int32(index))
    }

    @inline(__always)
    static func destination(_ tables: YearTables, _ cell: Int, _ high: UInt64) -> Int {
        let lower = Int(tables.moveStart[cell]), upper = Int(tables.moveStart[cell + 1])
        for k in lower..<upper where high < tables.moveCumulative[k] { return Int(tables.moveTo[k]) }
        return Int(tables.moveTo[upper - 1])
    }

    /// An index drawn in proportion to `weights` (for rare events: a child whose setting
    /// stops taking its age, read from `ageOutDestination`; a new plan with no mix).
    @inline(never)
    static func pick(_ weights: [Double], _ r: UInt64) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }
        let u = Double(r >> 11) * 0x1p-53 * total
        var cumulative = 0.0
        for (s, w) in weights.enumerated() where w > 0 {
            cumulative += w
            if u < cumulative { return s }
        }
        return weights.lastIndex { $0 > 0 }!
    }

    // MARK: 1b. moves between localities

    /// Each child moves house to another locality with the year's chance, to one drawn in
    /// proportion to the localities' children, keeping its setting type and band; any
    /// transition funding it carries goes with it.
    mutating func moveLocality(_ t: Int, _ out: inout StepOutcome) {
        let L = plan.localityCount
        let threshold = localityMoveThresholds(t)
        guard L > 1, threshold.contains(where: { $0 > 0 }) else { return }
        let S = plan.settingCount, B = plan.bandCount
        let weights = plan.scenario.localities.map(\.totalPopulation)
        let st = population.storage
        for i in 0..<st.count {
            let r = house.next()
            let l = Int(st.locality[i]), s = Int(st.setting[i]), b = Int(st.band[i])
            guard r & 0xFFFF_FFFF < threshold[l] else { continue }
            var others = weights
            others[l] = 0
            if !others.contains(where: { $0 > 0 }) { others = (0..<L).map { $0 == l ? 0 : 1 } }
            let l2 = Self.pick(others, house.next())
            st.locality[i] = UInt16(l2)
            out.movedOut[l * S + s] += 1
            out.movedIn[l2 * S + s] += 1
            counts[(l * S + s) * B + b] -= 1
            counts[(l2 * S + s) * B + b] += 1
            if plan.capacityKind[s] == .perLocality { arrivals.append(Int32(i)) }
        }
    }

    // MARK: 2. join

    mutating func join(_ t: Int, _ out: inout StepOutcome) {
        let N = plan.needCount, A = ProjectionPlan.ageCount
        let phases = Phase.allCases
        for l in 0..<plan.localityCount {
            let (plan, assumptions) = flows(of: l)
            for (p, phase) in phases.enumerated() {
                guard let ages = plan.joinerAges[phase] else { continue }
                let count = random.poisson(assumptions.newPlans[t][l * phases.count + p])
                for _ in 0..<count {
                    let age = ages.ages[ages.table.pick(child.next())]
                    let need = plan.needTable.pick(child.next())
                    let s = plan.joinerSetting[age].map { $0.pick(child.next()) } ?? Self.pick(plan.settingsTaking[age], child.next())
                    admit(l, age, need, shifted(t, p, age, s), plan.bandTable[p * N + need].pick(child.next()), &out)
                }
            }
            // New plans by single age: Poisson with mean chance × children of the age.
            for (k, entry) in plan.joinersByAge.enumerated() {
                let p = phases.firstIndex(of: Phase.of(age: entry.age))!
                let count = random.poisson(assumptions.joinerRate[k] * plan.populationByAge[t][l * A + entry.age] * assumptions.newPlanFactor[t])
                for _ in 0..<count {
                    let s = assumptions.joinerSetting[k].pick(child.next())
                    let need = (assumptions.joinerNeed[k] ?? plan.needTable).pick(child.next())
                    admit(l, entry.age, need, shifted(t, p, entry.age, s), plan.bandTable[p * N + need].pick(child.next()), &out)
                }
            }
        }
    }

    /// Plans arriving from other LAs: Poisson by age with the LA's mean, each arrival in a
    /// locality drawn by the localities' children (one Poisson draw per age, not per
    /// locality: the same distribution); need and band as new plans'.
    mutating func transferIn(_ out: inout StepOutcome) {
        let N = plan.needCount, phases = Phase.allCases
        for (k, entry) in plan.transfersIn.enumerated() {
            let p = phases.firstIndex(of: Phase.of(age: entry.age))!
            let count = random.poisson(assumptions.transferInMean[k])
            for _ in 0..<count {
                let l = plan.transferLocality.pick(child.next())
                let s = assumptions.transferInSetting[k].pick(child.next())
                let need = plan.needTable.pick(child.next())
                admit(l, entry.age, need, s, plan.bandTable[p * N + need].pick(child.next()), &out, transfer: true)
            }
        }
    }

    /// Where a new plan starts after joiner-shift responses: one more random number, drawn
    /// only for a plan a response could shift.
    mutating func shifted(_ t: Int, _ phase: Int, _ age: Int, _ s: Int) -> Int {
        let i = phase * plan.settingCount + s
        let target = assumptions.joinerShiftTo[t][i]
        guard target >= 0, plan.allowed[age * plan.settingCount + target] else { return s }
        return child.next() & 0xFFFF_FFFF < assumptions.joinerShiftChance[t][i] ? target : s
    }

    /// Adds a new plan to the population and to this step's counts.
    mutating func admit(_ l: Int, _ age: Int, _ need: Int, _ s: Int, _ band: Int, _ out: inout StepOutcome, transfer: Bool = false) {
        let S = plan.settingCount
        if plan.capacityKind[s] != .none { arrivals.append(Int32(population.count)) }
        population.append(locality: l, age: age, need: need, setting: s, band: band, yearsWithPlan: 0)
        if transfer { out.transfersIn[l * S + s] += 1 } else { out.joiners[l * S + s] += 1 }
        counts[(l * S + s) * plan.bandCount + band] += 1
    }

    // MARK: 3. place

    mutating func place(_ t: Int, _ out: inout StepOutcome) {
        let S = plan.settingCount, L = plan.localityCount, B = plan.bandCount
        let st = population.storage
        func occupied(_ l: Int, _ s: Int) -> Int { (0..<B).reduce(0) { $0 + Int(counts[(l * S + s) * B + $1]) } }
        for s in 0..<S where plan.capacityKind[s] != .none {
            let target = plan.overflow[s]
            // Excess by locality (per-locality places) or for the whole LA (index 0).
            var excess: [Int]
            if plan.capacityKind[s] == .laWide {
                let total = (0..<L).reduce(0) { $0 + occupied($1, s) }
                excess = [max(0, total - Int(plan.wideCapacity[t][s].clampedPlaces))]
            } else {
                excess = (0..<L).map { max(0, occupied($0, s) - Int(plan.localCapacity[t][$0 * S + s].clampedPlaces)) }
            }
            if target >= 0, excess.contains(where: { $0 > 0 }) {
                var candidates = arrivals.filter { Int(st.setting[Int($0)]) == s }
                Self.shuffle(&candidates, &overflowOrder)
                for index in candidates {
                    let i = Int(index)
                    let l = Int(st.locality[i]), b = Int(st.band[i])
                    let slot = plan.capacityKind[s] == .laWide ? 0 : l
                    guard excess[slot] > 0 else { continue }
                    excess[slot] -= 1
                    st.setting[i] = UInt8(target)
                    out.overflowOut[l * S + s] += 1
                    out.overflowIn[l * S + target] += 1
                    counts[(l * S + s) * B + b] -= 1
                    counts[(l * S + target) * B + b] += 1
                }
            }
            // Whatever is left is over capacity with nowhere else to go (or no newcomer to send).
            if plan.capacityKind[s] == .laWide {
                out.overCapacity[s] += Int32(excess[0])
            } else {
                for l in 0..<L { out.overCapacity[l * S + s] += Int32(excess[l]) }
            }
        }
    }

    /// Fisher-Yates with the overflow stream: every order of the arrivals equally likely.
    static func shuffle(_ items: inout [Int32], _ stream: inout ChildStream) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = Int((stream.next() >> 11) % UInt64(i + 1))
            items.swapAt(i, j)
        }
    }

    // MARK: 4. cost

    mutating func cost(_ t: Int, _ out: inout StepOutcome) {
        let S = plan.settingCount, L = plan.localityCount, B = plan.bandCount
        let perChild = plan.perChildCost[t], placeFunding = plan.placeFunding[t]
        for l in 0..<L {
            for s in 0..<S {
                var spend = 0.0
                for b in 0..<B { spend += Double(counts[(l * S + s) * B + b]) * perChild[s * B + b] }
                let occupied = Double(out.stock[l * S + s])
                switch plan.capacityKind[s] {
                case .none: break
                case .perLocality:
                    let places = plan.localCapacity[t][l * S + s]
                    spend += placeFunding[s] * (places.isFinite ? places : occupied)
                case .laWide:
                    // Commissioned places are paid whether filled or not, shared between
                    // localities by the children they place there.
                    let places = plan.wideCapacity[t][s]
                    let total = (0..<L).reduce(0.0) { $0 + Double(out.stock[$1 * S + s]) }
                    let share = total > 0 ? occupied / total : 1 / Double(L)
                    spend += placeFunding[s] * (places.isFinite ? places * share : occupied)
                }
                out.spend[l * S + s] = spend
            }
        }
        protectBands(t, &out)
        // Unit costs are stated at the price base: the year's index uplifts them all.
        if prices[t] != 1 { for c in out.spend.indices { out.spend[c] *= prices[t] } }
    }

    /// Children a new band system protects — with a plan in the January it starts, and no
    /// phase transfer since — keep the top-up of the year before it.
    func protectBands(_ t: Int, _ out: inout StepOutcome) {
        let systems = plan.protectedBandSystem[t]
        guard systems.contains(where: { $0 != nil }) else { return }
        let S = plan.settingCount, B = plan.bandCount
        let extra = plan.protectedTopUpExtra[t]
        let transferAge = Transfer.allCases.map(\.age)
        let st = population.storage
        for i in 0..<st.count {
            let s = Int(st.setting[i])
            // (A setting whose top-ups a locality budget pays has none to protect.)
            guard let k = systems[s], !plan.replaced[t][s] else { continue }
            // Steps since the January the system started (the starting stock counts as funded then).
            let started = max(plan.scenario.bandSystems[k].from - plan.baseYear, 0)
            let steps = t - started + 1
            guard steps > 0, Int(st.yearsWithPlan[i]) >= steps else { continue }
            let age = Int(st.age[i])
            if transferAge.contains(where: { $0 > age - steps && $0 <= age }) { continue }
            out.spend[Int(st.locality[i]) * S + s] += extra[s * B + Int(st.band[i])]
        }
    }
}

extension Double {
    /// Commissioned places as a whole number (unlimited stays far above any count).
    var clampedPlaces: Double { isFinite ? rounded(.down) : Double(Int32.max) }
}
