import HNFCore
import HNFScenario

extension DrawSimulation {
    /// Kernel 2, **join**: new plans by locality x phase (Poisson with mean rate x children
    /// / 1,000) and by single age; each joiner's age, need, setting and band from the
    /// plan's alias tables. The child stream is a local for the whole kernel and each
    /// Poisson batch is written by an `Admissions` with its room reserved first, so that
    /// a joiner costs its four random numbers and its writes, not the draw's bookkeeping.
    /// Where this draw's new children go (`Admissions`).
    var admissionRoom: Admissions.Room {
        Admissions.Room(
            storage: population.storage, counts: counts.pointer, capacityKind: plan.capacityKind,
            S: plan.settingCount, B: plan.bandCount)
    }

    mutating func join(_ t: Int, _ out: inout StepOutcome) {
        let N = plan.needCount, A = ProjectionPlan.ageCount
        let room = admissionRoom
        let phases = Phase.allCases
        var rng = child
        defer { child = rng }
        let shift = JoinerShift(plan: plan, assumptions: assumptions, step: t)
        for l in 0..<plan.localityCount {
            let (plan, assumptions) = flows(of: l)
            let settingOf = joinerSetting(t, locality: l, plan)
            let needTable = plan.needTable, bandTable = plan.bandTable
            for (p, phase) in phases.enumerated() {
                guard let ages = plan.joinerAges[phase] else { continue }
                let count = random.poisson(assumptions.newPlans[t][l * phases.count + p])
                var batch = Admissions(room, reserving: count, into: &out.joiners)
                for _ in 0..<count {
                    let age = ages.ages[ages.table.pick(rng.next())]
                    let need = needTable.pick(rng.next())
                    let s =
                        settingOf[age].map { $0.pick(rng.next()) }
                        ?? Self.pick(plan.settingsTaking[age], rng.next())
                    let shifted = shift.apply(p, age, s, &rng)
                    batch.admit(l, age, need, shifted, bandTable[p * N + need].pick(rng.next()), &arrivals)
                }
                batch.finish(&out.joiners)
            }
            // New plans by single age: Poisson with mean chance × children of the age.
            let byAge =
                mix.joinerFactor.isEmpty ? [] : MixPath.reweighted(assumptions.joinerSettingShares, mix.joinerFactor[t])
            for (k, entry) in plan.joinersByAge.enumerated() {
                let p = phases.firstIndex(of: Phase.of(age: entry.age))!
                let count = random.poisson(
                    assumptions.joinerRate[k] * plan.populationByAge[t][l * A + entry.age]
                        * assumptions.newPlanFactor[t])
                let settings = byAge.isEmpty ? assumptions.joinerSetting[k] : byAge[k]
                let needs = assumptions.joinerNeed[k] ?? needTable
                var batch = Admissions(room, reserving: count, into: &out.joiners)
                for _ in 0..<count {
                    let s = settings.pick(rng.next())
                    let need = needs.pick(rng.next())
                    let shifted = shift.apply(p, entry.age, s, &rng)
                    batch.admit(l, entry.age, need, shifted, bandTable[p * N + need].pick(rng.next()), &arrivals)
                }
                batch.finish(&out.joiners)
            }
        }
    }

    /// Where locality `l`'s new plans start in step `t`, by age: its flow group's mix,
    /// reweighted by this draw's mix path where the scenario has one.
    func joinerSetting(_ t: Int, locality l: Int, _ groupPlan: ProjectionPlan) -> [Categorical?] {
        guard !mix.joinerFactor.isEmpty else { return groupPlan.joinerSetting }
        guard let g = plan.localityFlows?.group[l], g > 0 else { return mix.joinerSetting[t] }
        return groupJoinerSetting[g - 1][t]
    }

    /// Plans arriving from other LAs: Poisson by age with the LA's mean, each arrival in a
    /// locality drawn by the localities' children (one Poisson draw per age, not per
    /// locality: the same distribution); need and band as new plans'.
    mutating func transferIn(_ out: inout StepOutcome) {
        let N = plan.needCount, phases = Phase.allCases
        let room = admissionRoom
        var rng = child
        defer { child = rng }
        for (k, entry) in plan.transfersIn.enumerated() {
            let p = phases.firstIndex(of: Phase.of(age: entry.age))!
            let count = random.poisson(assumptions.transferInMean[k])
            var batch = Admissions(room, reserving: count, into: &out.transfersIn)
            for _ in 0..<count {
                let l = plan.transferLocality.pick(rng.next())
                let s = assumptions.transferInSetting[k].pick(rng.next())
                let need = plan.needTable.pick(rng.next())
                batch.admit(l, entry.age, need, s, plan.bandTable[p * N + need].pick(rng.next()), &arrivals)
            }
            batch.finish(&out.transfersIn)
        }
    }
}

/// Where a new plan starts after step `t`'s joiner-shift responses: one more random
/// number, drawn only for a plan a response could shift.
struct JoinerShift {
    let to: [Int]
    let chance: [UInt64]
    let allowed: OwnedBuffer<Bool>
    let S: Int

    init(plan: ProjectionPlan, assumptions: DrawAssumptions, step t: Int) {
        (to, chance, allowed, S) = (
            assumptions.joinerShiftTo[t], assumptions.joinerShiftChance[t], plan.allowed, plan.settingCount
        )
    }

    @inline(__always)
    func apply(_ phase: Int, _ age: Int, _ s: Int, _ rng: inout ChildStream) -> Int {
        let i = phase &* S &+ s
        let target = to[i]
        guard target >= 0, allowed[age &* S &+ target] else { return s }
        return rng.next() & 0xFFFF_FFFF < chance[i] ? target : s
    }
}

/// New plans written straight into the population's columns, with room for `count`
/// reserved first; each is counted in `counts` (locality x setting x band) and in the
/// step's flow (joiners or transfers in) by locality x setting. `finish` sets the
/// population's count and adds the flow back.
struct Admissions {
    let storage: Population.Storage
    let start: Int, reserved: Int
    var written = 0
    // The columns, taken once the room is reserved (growing moves them).
    let locality: UnsafeMutablePointer<UInt16>
    let age, need, setting, band, years, term: UnsafeMutablePointer<UInt8>
    let counts: UnsafeMutablePointer<Int32>
    let capacityKind: [ProjectionPlan.CapacityKind]
    let S: Int, B: Int
    var flow: [Int32]

    /// What a batch writes into: the draw's children, its counts by cell, and the plan's
    /// shape. Taken once a step, not a whole `DrawSimulation` a batch (passing the draw
    /// copied it, retaining every one of its buffers: 6% of a Kent run in retains).
    struct Room {
        let storage: Population.Storage
        let counts: UnsafeMutablePointer<Int32>
        let capacityKind: [ProjectionPlan.CapacityKind]
        let S: Int, B: Int
    }

    init(_ room: Room, reserving count: Int, into flow: inout [Int32]) {
        let st = room.storage
        (storage, start, reserved) = (st, st.count, count)
        if st.count + count > st.capacity { st.grow(to: st.count + count) }
        (locality, age, need, setting) = (st.locality, st.age, st.need, st.setting)
        (band, years, term) = (st.band, st.yearsWithPlan, st.fundingTerm)
        counts = room.counts
        capacityKind = room.capacityKind
        (S, B) = (room.S, room.B)
        // Taken, not copied: the array stays unique while the batch adds to it.
        self.flow = flow
        flow = []
    }

    @inline(__always)
    mutating func admit(_ l: Int, _ a: Int, _ n: Int, _ s: Int, _ b: Int, _ arrivals: inout [Int32]) {
        assert(written < reserved, "more new plans than the room reserved for them")
        let i = start &+ written
        if capacityKind[s] != .none { arrivals.append(Int32(i)) }
        locality[i] = UInt16(l); age[i] = UInt8(a); need[i] = UInt8(n)
        setting[i] = UInt8(s); band[i] = UInt8(b); years[i] = 0; term[i] = 0
        written &+= 1
        flow[l &* S &+ s] &+= 1
        counts[(l &* S &+ s) &* B &+ b] &+= 1
    }

    /// Sets the population's count and hands the flow back.
    func finish(_ into: inout [Int32]) {
        storage.count = start + written
        into = flow
    }
}
