import HNFCore
import HNFScenario

/// The work of one draw's yearly steps as plain numbers, for the vectorised reference
/// implementation the speed benchmark sets hnf against (`Benchmarks/numpy-reference.py`,
/// written to by `hnf-benchmark --reference-workload FILE`): the starting children, and
/// for each step the chances of leaving and moving by age × setting × need, the moves'
/// destinations, the settings each age may be in, the new plans' means and mixes, plans
/// arriving from other LAs and the cost of a child by setting × band. It is the draw's own
/// sample of every uncertain assumption, so both sides do the same work on the same
/// tables; it is not a second model (only LA-wide flows: a scenario whose localities have
/// flows of their own is refused by the benchmark).
extension DrawSimulation {
    public var hasLocalityFlows: Bool { plan.localityFlows != nil }

    /// JSON-ready: numbers and arrays of numbers, probabilities as Doubles.
    public func referenceWorkload() -> [String: Any] {
        let base = plan.base
        let phases = Phase.allCases
        var steps: [[String: Any]] = []
        for t in plan.stepYears.indices {
            let tables = yearTables(t)
            let cells = ProjectionPlan.ageCount * plan.settingCount * tables.needStride
            steps.append([
                "leave": (0..<cells).map { Double(tables.leave[$0]) / 4_294_967_296.0 },
                "transfer_out": (0..<ProjectionPlan.ageCount).map { Double(tables.transferOut[$0]) / 4_294_967_296.0 },
                "move": (0..<cells).map { Double(tables.move[$0]) / 4_294_967_296.0 },
                "move_start": tables.moveStart.map(Int.init),
                "move_cumulative": tables.moveCumulative.map { Double($0) / 4_294_967_296.0 },
                "move_to": tables.moveTo.map(Int.init),
                "new_plans": assumptions.newPlans[t],
                "joiners_by_age_mean": (0..<plan.localityCount).flatMap { l in
                    plan.joinersByAge.enumerated().map { k, entry in
                        assumptions.joinerRate[k] * plan.populationByAge[t][l * ProjectionPlan.ageCount + entry.age]
                            * assumptions.newPlanFactor[t]
                    }
                },
                "cost": plan.perChildCost[t].map { $0 * prices[t] },
            ])
        }
        return [
            "settings": plan.settingCount, "bands": plan.bandCount, "needs": plan.needCount,
            "ages": ProjectionPlan.ageCount, "localities": plan.localityCount, "max_age": plan.maxAge,
            "need_stride": plan.needStride, "phases": phases.count,
            "stock": [
                "locality": base.locality.map(Int.init), "age": base.age.map(Int.init),
                "need": base.need.map(Int.init), "setting": base.setting.map(Int.init),
                "band": base.band.map(Int.init),
            ],
            "allowed": (0..<(ProjectionPlan.ageCount * plan.settingCount)).map { plan.allowed[$0] ? 1 : 0 },
            "age_out_destination": plan.ageOutDestination,
            "joiner_ages": phases.map { phase in
                plan.joinerAges[phase].map { ["ages": $0.ages, "weights": $0.table.weights] } ?? [:]
            },
            "joiner_setting": plan.joinerSetting.enumerated().map { age, table in
                table?.weights ?? plan.settingsTaking[age]
            },
            "need_weights": plan.needTable.weights,
            "band_weights": plan.bandTable.map(\.weights),
            "joiners_by_age": plan.joinersByAge.enumerated().map { k, entry in
                ["age": entry.age, "setting": assumptions.joinerSetting[k].weights]
            },
            "transfers_in": plan.transfersIn.enumerated().map { k, entry in
                [
                    "age": entry.age, "mean": assumptions.transferInMean[k],
                    "setting": assumptions.transferInSetting[k].weights,
                ]
            },
            "transfer_locality": plan.transferLocality.weights,
            "steps": steps,
        ]
    }
}

extension Categorical {
    /// The probabilities the alias table picks with (each column's kept share, plus what
    /// the columns aliased to it give away), adding up to 1.
    var weights: [Double] {
        var weights = [Double](repeating: 0, count: Int(n))
        for i in 0..<Int(n) {
            let (keep, alias) = column(i)
            let kept = Double(keep) / 4_294_967_296.0
            weights[i] += kept / Double(n)
            weights[alias] += (1 - kept) / Double(n)
        }
        return weights
    }
}
