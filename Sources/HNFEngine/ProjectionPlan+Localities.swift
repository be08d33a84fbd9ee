import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// What the plan keeps of each locality: the factors formula blocks share money by,
    /// children by phase, and pupils on SEN support at the start.
    struct Localities {
        var localityFactors: [String: [Double]]
        /// `[l * phases + p]`.
        var population: [Double]
        var senSupport: [Double]
    }

    static func compileLocalities(_ scenario: Scenario) -> Localities {
        let localities = scenario.localities
        return Localities(
            localityFactors: [
                "population": localities.map(\.totalPopulation),
                "pupils_on_roll": localities.map { $0.pupilsOnRoll ?? 0 },
                "fsm": localities.map { $0.fsm ?? 0 },
                "low_prior_attainment": localities.map { $0.lowPriorAttainment ?? 0 },
                "deprivation": localities.map { ($0.deprivation ?? 0) * $0.totalPopulation },
            ],
            population: localities.flatMap { l in Phase.allCases.map { l.population[$0] ?? 0 } },
            senSupport: localities.flatMap { l in Phase.allCases.map { l.senSupport[$0] ?? 0 } })
    }
}
