import HNFCore
import HNFScenario

extension Explanation {
    /// What a funding block's explanation (`FundingRule.explain`) reads for one locality
    /// and financial year.
    package struct BlockContext {
        let projection: Projection
        /// The locality's index and name.
        let locality: Int
        let localityName: String
        /// The step and its financial year.
        let step: Int
        let year: Int
        /// The block's payment to the locality in the year, the mean over draws.
        let amount: Double
        /// The block's parameters the plan recorded for the year: those whose key path
        /// ends in one of the suffixes (all, when nil).
        let recorded: ([String]?) -> [Parameter]
        /// The mean over draws of a figure in the locality's row for the year (an offset
        /// of `projection.layout`).
        let mean: (Int) -> Double
    }
}
