extension DrawSimulation {
    /// Kernel 2, **join**: new plans by locality x phase (Poisson with mean rate x children
    /// / 1,000) and by single age; each joiner's age, need, setting and band from the
    /// plan's alias tables.
    mutating func join(_ t: Int, _ out: inout StepOutcome) {
        let N = plan.needCount, A = ProjectionPlan.ageCount
        let phases = Phase.allCases
        for l in 0..<plan.localityCount {
            let (plan, assumptions) = flows(of: l)
            let settingOf = joinerSetting(t, locality: l, plan)
            for (p, phase) in phases.enumerated() {
                guard let ages = plan.joinerAges[phase] else { continue }
                let count = random.poisson(assumptions.newPlans[t][l * phases.count + p])
                for _ in 0..<count {
                    let age = ages.ages[ages.table.pick(child.next())]
                    let need = plan.needTable.pick(child.next())
                    let s =
                        settingOf[age].map { $0.pick(child.next()) }
                        ?? Self.pick(plan.settingsTaking[age], child.next())
                    admit(l, age, need, shifted(t, p, age, s), plan.bandTable[p * N + need].pick(child.next()), &out)
                }
            }
            // New plans by single age: Poisson with mean chance × children of the age.
            let byAge =
                mix.joinerFactor.isEmpty ? [] : MixPath.reweighted(assumptions.joinerSettingShares, mix.joinerFactor[t])
            for (k, entry) in plan.joinersByAge.enumerated() {
                let p = phases.firstIndex(of: Phase.of(age: entry.age))!
                let count = random.poisson(
                    assumptions.joinerRate[k] * plan.populationByAge[t][l * A + entry.age]
                        * assumptions.newPlanFactor[t])
                for _ in 0..<count {
                    let s = (byAge.isEmpty ? assumptions.joinerSetting[k] : byAge[k]).pick(child.next())
                    let need = (assumptions.joinerNeed[k] ?? plan.needTable).pick(child.next())
                    admit(
                        l, entry.age, need, shifted(t, p, entry.age, s),
                        plan.bandTable[p * N + need].pick(child.next()), &out)
                }
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
    mutating func admit(
        _ l: Int, _ age: Int, _ need: Int, _ s: Int, _ band: Int, _ out: inout StepOutcome, transfer: Bool = false
    ) {
        let S = plan.settingCount
        if plan.capacityKind[s] != .none { arrivals.append(Int32(population.count)) }
        population.append(locality: l, age: age, need: need, setting: s, band: band, yearsWithPlan: 0)
        if transfer { out.transfersIn[l * S + s] += 1 } else { out.joiners[l * S + s] += 1 }
        counts[(l * S + s) * plan.bandCount + band] += 1
    }
}
