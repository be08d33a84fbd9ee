import HNFCore
import HNFScenario

extension Projection {
    /// A draw's income, spending and running balances, written year by year (history
    /// years, then step years) into its metric row.
    struct Balances {
        let budget: BudgetProjection
        /// The stated balance and its year: the running balances restart from it that year.
        let opening: (year: Int, amount: Double)?
        var balance: Double
        /// The running balance without conditional income (e.g. Safety Valve payments).
        var balanceWithoutConditional: Double

        init(budget: BudgetProjection, opening: (year: Int, amount: Double)?) {
            self.budget = budget
            self.opening = opening
            balance = opening?.amount ?? 0
            balanceWithoutConditional = balance
        }

        /// Writes `year`'s money at the offsets `offset` gives and carries the balances on.
        package mutating func record(
            _ year: Int, spendOnPlans: Double, formula: Double = 0, priceIndex: Double,
            into row: UnsafeMutablePointer<Double>, at offset: (MetricLayout.Money) -> Int
        ) {
            let block = budget.highNeedsBlock(in: year), other = budget.otherIncome(in: year)
            let conditional = budget.conditionalIncome(in: year)
            let otherSpend = budget.otherSpend(in: year)
            let income = block + other, spend = spendOnPlans + formula + otherSpend
            if let opening, year == opening.year {
                balance = opening.amount
                balanceWithoutConditional = balance
            }
            balance += income - spend
            balanceWithoutConditional += income - conditional - spend
            row[offset(.conditionalIncome)] = conditional
            row[offset(.inYearBalanceWithoutConditional)] = income - conditional - spend
            row[offset(.cumulativeBalanceWithoutConditional)] = balanceWithoutConditional
            row[offset(.priceIndex)] = priceIndex
            row[offset(.highNeedsBlock)] = block
            row[offset(.otherIncome)] = other
            row[offset(.income)] = income
            row[offset(.spendOnPlans)] = spendOnPlans
            row[offset(.formulaFunding)] = formula
            row[offset(.otherSpend)] = otherSpend
            row[offset(.spend)] = spend
            row[offset(.inYearBalance)] = income - spend
            row[offset(.cumulativeBalance)] = balance
        }
    }
}
