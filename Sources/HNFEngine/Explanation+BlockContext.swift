import HNFCore
import HNFScenario

extension Explanation {
    /// What a funding block's explanation (`FundingRule.explain`) reads for one locality
    /// and financial year.
    package struct BlockContext {
        package let projection: Projection
        /// The locality's index and name.
        package let locality: Int
        package let localityName: String
        /// The step and its financial year.
        package let step: Int
        package let year: Int
        /// The block's payment to the locality in the year, the mean over draws.
        package let amount: Double
        /// The block's parameters the plan recorded for the year: those whose key path
        /// ends in one of the suffixes (all, when nil).
        package let recorded: ([String]?) -> [Parameter]
        /// The mean over draws of a figure in the locality's row for the year (an offset
        /// of `projection.layout`).
        package let mean: (Int) -> Double
    }
}
