import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf run --format csv`: one row per area x period x measure, the statistics as columns,
/// for spreadsheets and R/pandas alike (Docs/json-contracts.md, "CSV columns"). Counts are at a January,
/// money in a financial year, each in its own column; money is rounded to pence; with
/// overlays, `change.*` rows give the change against the baseline. A share of draws (that
/// income covers spend, that a locality budget's pot pays its protection) is one number,
/// in `mean`, its unit `probability`.
extension RunReport {
    static let csvHeader = [
        "area", "january", "financial_year", "measure", "unit", "mean", "sd", "p5", "p10", "p50", "p90", "p95",
    ]

    func csv() -> String {
        var lines = [Text.csvLine(Self.csvHeader)]
        func add(_ area: String, january: Int?, financialYear: String?, _ measure: String, _ unit: CSVUnit, _ s: Stats)
        {
            let values = [s.mean, s.sd, s.p5, s.p10, s.p50, s.p90, s.p95].map(unit.format)
            lines.append(
                Text.csvLine(
                    [area, january.map(String.init) ?? "", financialYear ?? "", measure, unit.rawValue] + values))
        }
        /// A figure that is one number, not a distribution (a share of draws): in `mean` only.
        func single(_ area: String, financialYear: String, _ measure: String, _ value: Double) {
            let values = [CSVUnit.probability.format(value)] + Array(repeating: "", count: 6)
            lines.append(
                Text.csvLine([area, "", financialYear, measure, CSVUnit.probability.rawValue] + values))
        }
        for area in [la] + localities {
            for y in area.years {
                func count(_ measure: String, _ unit: CSVUnit, _ s: Stats) {
                    add(area.id, january: y.year, financialYear: nil, measure, unit, s)
                }
                func pounds(_ measure: String, _ s: Stats) {
                    add(area.id, january: nil, financialYear: Self.financialYear(endingIn: y.year), measure, .gbp, s)
                }
                count("plans", .count, y.plans)
                for s in y.settings { count("plans.\(s.id)", .count, s.stats) }
                for g in y.groups {
                    count("share.\(g.group.rawValue)", .percent, g.share)
                    if let gap = g.gap { count("gap.\(g.group.rawValue)", .points, gap) }
                }
                count("joiners", .count, y.joiners)
                count("leavers", .count, y.leavers)
                count("overflow", .count, y.overflow)
                count("sen_support", .count, y.senSupport)
                for s in y.spendBySetting { pounds("spend.\(s.id)", s.stats) }
                pounds("cost", y.spendOnPlans)
                for f in y.funding { pounds("funding.\(f.id)", f.stats) }
                if let allocation = y.allocation { pounds("allocation", allocation) }
                // The share of draws in which a locality budget's pot pays its protection and
                // cap: the figure behind the report's feasibility warning.
                for f in y.fundingFeasible {
                    single(area.id, financialYear: Self.financialYear(endingIn: y.year), "feasible.\(f.id)", f.share)
                }
            }
        }
        for m in money {
            for (name, s) in m.measures { add(la.id, january: nil, financialYear: m.label, name, .gbp, s) }
            if meta.budgetDeclared && !m.isHistory {
                single(la.id, financialYear: m.label, "p_in_year_balance", m.inYearBalanceReached)
                single(
                    la.id, financialYear: m.label, "p_in_year_balance_without_conditional",
                    m.inYearBalanceReachedWithoutConditional)
            }
        }
        if let c = againstBaseline {
            for y in c.years {
                add(la.id, january: y.year, financialYear: nil, "change.plans", .count, y.plans)
                add(la.id, january: y.year, financialYear: nil, "change.share.mainstream", .points, y.mainstreamShare)
                add(la.id, january: y.year, financialYear: nil, "change.share.special", .points, y.specialShare)
                add(
                    la.id, january: nil, financialYear: Self.financialYear(endingIn: y.year), "change.spend", .gbp,
                    y.spend)
                add(
                    la.id, january: nil, financialYear: Self.financialYear(endingIn: y.year),
                    "change.cumulative_balance", .gbp, y.cumulativeBalance)
            }
            let last = money.last?.label
            for l in c.localities {
                add(l.id, january: nil, financialYear: last, "baseline.allocation", .gbp, l.baseline)
                add(l.id, january: nil, financialYear: last, "change.allocation", .gbp, l.change)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The financial year that ends in the spring after January `year` began it: January 2026 -> "2025-26".
    static func financialYear(endingIn january: Int) -> String {
        FinancialYear(containing: january).label
    }
}

/// What a CSV row's numbers are in, and how precisely they are written.
enum CSVUnit: String {
    case count, percent, points, gbp = "GBP", probability

    func format(_ value: Double) -> String {
        switch self {
        case .gbp: return Text.pence(value)
        default:
            let text = String(format: "%.4f", value)
            let trimmed = text.contains(".") ? String(text.reversed().drop { $0 == "0" }.reversed()) : text
            return trimmed.hasSuffix(".") ? String(trimmed.dropLast()) : trimmed
        }
    }
}
