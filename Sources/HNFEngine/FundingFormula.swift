import HNFCore
import HNFScenario

/// What the engine needs of a funding block beside what the loader needs (`FundingRule`):
/// how one draw pays it, and the steps `hnf explain` shows for it. Every registered block
/// type conforms to both.
package protocol FundingFormula: FundingRule {
    /// What one draw needs to pay the block: compiled against the plan, with the draw's
    /// price in each step's financial year.
    func payer(plan: ProjectionPlan, prices: [Double]) -> any FundingPayer
    /// The steps `hnf explain` shows for the block in one locality and year.
    func explain(_ block: NamedFundingBlock, _ context: Explanation.BlockContext) -> [Explanation.Step]
}

extension FundingRegistry {
    /// The registry of block types the engine can pay: each conforms to `FundingFormula`,
    /// so every block the loader decodes through it has a formula.
    package init(_ formulas: [any FundingFormula.Type]) {
        self.init(rules: formulas.map { $0 as any FundingRule.Type })
    }
}

extension NamedFundingBlock {
    /// The block's rule as the engine pays it.
    package var formula: any FundingFormula {
        guard let formula = rule as? any FundingFormula else {
            // Only `FundingRegistry(rules:)` could register such a type, and nothing calls it
            // but the initialiser above.
            preconditionFailure("funding block type \(typeName) is registered without conforming to FundingFormula")
        }
        return formula
    }
}

/// One draw's payment of one block: called once a year, never per child from outside (a
/// block that pays children loops over them itself, without dynamic dispatch per child).
package protocol FundingPayer {
    /// Pays block `k` for the year into `out.funding[k * L + l]` (and, where the money
    /// goes to children in a setting, `out.fundingBySetting`; `out.fundingFeasible[k]`
    /// where the rule can fail to meet its constraints).
    mutating func pay(_ year: FundingYear, block k: Int, _ out: inout StepOutcome)
}

/// What a year's payment may read: this January's children and pupils on SEN support.
package struct FundingYear {
    package let plan: ProjectionPlan
    /// The step, and the financial year it pays in.
    package let t: Int
    package let year: Int
    /// Whether the block pays this year (`from`).
    package let active: Bool
    /// Children by locality x setting x band, `[(l * S + s) * B + b]`.
    package let counts: OwnedBuffer<Int32>
    package let population: Population
    /// Pupils on SEN support by locality x phase.
    package let senSupport: [Double]
    /// The draw's price index in the step's financial year.
    package let price: Double
}
