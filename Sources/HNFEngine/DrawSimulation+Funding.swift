import HNFCore
import HNFScenario

// MARK: 6. formula funding

extension DrawSimulation {
    /// Pays each formula block for the year into `out.funding` (`[block * L + l]`), each
    /// by its own payer (`FundingRule.payer`): one call per block and year, reading this
    /// January's children and pupils on SEN support.
    mutating func fund(_ t: Int, _ out: inout StepOutcome) {
        let S = plan.settingCount, L = plan.localityCount
        let year = plan.stepYears[t]
        out.funding = [Double](repeating: 0, count: plan.blocks.count * L)
        out.fundingBySetting = [Double](repeating: 0, count: plan.blocks.count * L * S)
        out.fundingFeasible = [Bool](repeating: true, count: plan.blocks.count)
        for (k, block) in plan.blocks.enumerated() {
            let context = FundingYear(
                plan: plan, t: t, year: year, active: block.isActive(in: year), counts: counts,
                population: population, senSupport: senSupport, price: prices[t])
            payers[k].pay(context, block: k, &out)
        }
    }
}
