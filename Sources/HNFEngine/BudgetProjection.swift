import HNFCore
import HNFScenario

/// The LA's high needs income and other spend by financial year, for one draw.
///
/// - **High needs block**: the stated amount in its year; each listed increment is added
///   in its year; in a later year with no increment, last year's block grows by the
///   draw's growth rate, held between that year's `floor` and `cap` (the NFF's floor and gains
///   cap per head; the population of a scenario is fixed, so per head = in total).
///   Years before the stated one take the stated amount.
/// - **Other income** (e.g. Safety Valve payments): the listed amounts, 0 in other years;
///   `conditional` lines are also reported apart, so balances can be shown without them.
/// - **Other spend** (services, hospital education, therapies): the listed amounts; after
///   the last listed year the last amount grows by the line's growth (held when none);
///   before the first listed year, the first amount.
struct BudgetProjection {
    let budget: Scenario.Budget
    let blockGrowth: DatedValue<Double>?
    let otherSpendGrowth: [DatedValue<Double>?]

    func highNeedsBlock(in year: Int) -> Double {
        var amount = budget.blockAmount
        guard year > budget.blockYear else { return amount }
        let lastIncrement = budget.increments.keys.max() ?? budget.blockYear
        for y in (budget.blockYear + 1)...year {
            if let increment = budget.increments[y] {
                amount += increment
            } else if y > lastIncrement, let growth = blockGrowth?.value(in: y) {
                let floor = budget.floor?.value(in: y) ?? -.infinity, cap = budget.cap?.value(in: y) ?? .infinity
                let held = min(max(growth, floor), cap)
                amount *= 1 + held
            }
        }
        return amount
    }

    func otherIncome(in year: Int) -> Double {
        budget.otherIncome.reduce(0) { $0 + ($1.amounts[year] ?? 0) }
    }

    /// The part of other income paid only while conditions hold (`conditional: true`).
    func conditionalIncome(in year: Int) -> Double {
        budget.otherIncome.reduce(0) { $0 + ($1.conditional ? $1.amounts[year] ?? 0 : 0) }
    }

    func otherSpend(in year: Int) -> Double {
        var total = 0.0
        for (i, line) in budget.otherSpend.enumerated() {
            guard let first = line.amounts.keys.min(), let last = line.amounts.keys.max() else { continue }
            if let amount = line.amounts[year] { total += amount; continue }
            if year < first { total += line.amounts[first]!; continue }
            if year < last {  // a gap between listed years: the latest listed before it
                total += line.amounts[line.amounts.keys.filter { $0 < year }.max()!]!
                continue
            }
            var amount = line.amounts[last]!
            for y in (last + 1)...year { amount *= 1 + (otherSpendGrowth[i]?.value(in: y) ?? 0) }
            total += amount
        }
        return total
    }
}
