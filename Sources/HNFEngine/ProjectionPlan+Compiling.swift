import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// What every compiler of the plan reads: the typed scenario, its sizes, ids turned
    /// into indices, which settings take which ages, and the recorder of the parameters
    /// each figure reads (for `hnf explain`).
    struct Compiling {
        let scenario: Scenario
        /// Numbers of settings, localities, needs and bands (at least 1 band).
        let S: Int, L: Int, N: Int, B: Int
        /// Calendar / financial years of the steps.
        let stepYears: [Int]
        let settingIndex: [String: Int], localityIndex: [String: Int], needIndex: [String: Int]
        let bandIDs: [String]
        /// `allowed[age * S + s]`: setting s takes children of that age.
        let allowed: [Bool]
        let recorder: TraceRecorder

        init(_ scenario: Scenario) {
            self.scenario = scenario
            let settings = scenario.settings
            (S, L, N, B) = (
                settings.count, scenario.localities.count, scenario.needs.count, max(scenario.bands.count, 1)
            )
            stepYears = (0..<scenario.meta.horizon).map { scenario.meta.baseYear + $0 }
            settingIndex = Dictionary(uniqueKeysWithValues: settings.enumerated().map { ($1.id, $0) })
            localityIndex = Dictionary(uniqueKeysWithValues: scenario.localities.enumerated().map { ($1.id, $0) })
            needIndex = Dictionary(uniqueKeysWithValues: scenario.needs.enumerated().map { ($1.code, $0) })
            bandIDs = scenario.bands.map(\.id)
            var allowed = [Bool](repeating: false, count: ProjectionPlan.ageCount * settings.count)
            for a in 0..<ProjectionPlan.ageCount {
                for s in 0..<settings.count { allowed[a * settings.count + s] = settings[s].ages.contains(a) }
            }
            self.allowed = allowed
            // Every parameter a figure reads is recorded as it is read (for `hnf explain`).
            recorder = TraceRecorder(scenario.document, schema: scenario.schema, texts: scenario.sourceTexts)
        }

        var settings: [Scenario.Setting] { scenario.settings }

        /// The trace scope of setting s's costs.
        func scope(_ s: Int) -> [TraceScope] { [.setting(scenario.settings[s].id)] }
    }
}
