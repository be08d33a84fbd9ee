import HNFCore
import HNFEngine
import HNFScenario

extension FundingRegistry {
    /// The funding block types hnf ships, in the order the schema lists them. A new block
    /// type is one file conforming to `FundingFormula` and one line here.
    public static let standard = FundingRegistry([
        LocalityBudget.self,
        TransitionFunding.self,
        SupportWithoutPlan.self,
    ])
}
