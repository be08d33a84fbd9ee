import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The LA's projected plans by setting x DSG age group x primary need, each January: the
/// mean over draws (means add up, so the cells sum to the mean number of plans, as a
/// plan template's rows must), with the settings' DSG management plan categories.
public struct PlanProfile: Sendable {
    public struct Setting: Sendable {
        public var id: String, name: String
        public var category: DSGPlanCategory
        /// How the category was chosen (the SEN2 columns or the DfE group).
        public var reason: String
    }

    public var settings: [Setting]
    /// Need codes and names, in the scenario's order.
    public var needs: [(code: String, name: String)]
    public var years: [Int]
    /// `mean[t][(s * ageGroups + a) * needs + n]`.
    public var mean: [[Double]]

    public init?(_ projection: Projection) {
        let layout = projection.layout, plan = projection.plan, D = projection.draws
        guard layout.needs > 0, D > 0 else { return nil }
        settings = plan.scenario.settings.map {
            Setting(
                id: $0.id, name: $0.name, category: DSGPlanCategory.of(setting: $0),
                reason: DSGPlanCategory.reason(setting: $0))
        }
        needs = plan.scenario.needs
        years = plan.stepYears.map { $0 + 1 }
        mean = (0..<layout.years).map { t in
            let start = layout.profile(year: t, setting: 0, ageGroup: .under5, need: 0)
            var sums = [Double](repeating: 0, count: layout.profileWidth)
            for d in 0..<D {
                for i in 0..<layout.profileWidth { sums[i] += projection.value(draw: d, at: start + i) }
            }
            return sums.map { $0 / Double(D) }
        }
    }

    /// Mean plans in year index `t` for one DSG category, age group and need index.
    public func plans(year t: Int, category: DSGPlanCategory, ageGroup: AgeGroup, need n: Int) -> Double {
        let A = AgeGroup.allCases.count, N = needs.count
        return settings.indices.reduce(0.0) { sum, s in
            settings[s].category == category ? sum + mean[t][(s * A + ageGroup.rawValue) * N + n] : sum
        }
    }
}
