import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// What the report sets beside the modelled money: published figures about the area
/// (`budget.comparators`), and warnings for money the area's data does not publish
/// (`budget.fallbacks`): the table, Markdown and JSON carry both, the workbook's README
/// sheet both, the HTML summary the warnings. A comparator in a year the run does not
/// reach is left out.
extension RunReport {
    /// The comparators whose year the run reaches, with the modelled figure beside each.
    public var comparisons: [(comparator: Scenario.Comparator, modelled: Stats)] {
        meta.comparators.compactMap { c in
            money.first { $0.year == c.year }.map { (c, $0.measure(c.measure)) }
        }
    }

    func comparatorRows() -> [[String]] {
        var rows = [["Measure", "Year", "Published", "Modelled (p50, 90% interval)", "Difference", "Source"]]
        for (c, modelled) in comparisons {
            let difference = modelled.p50 - c.amount
            rows.append([
                c.measure.label,
                Self.yearLabel(c),
                Text.millions(c.amount, signed: c.measure.isBalance),
                Self.interval(modelled) { Text.millions($0, signed: c.measure.isBalance) },
                Text.millions(difference, signed: true)
                    + (c.amount != 0 ? " (\(Text.decimal1(difference / abs(c.amount) * 100, signed: true))%)" : ""),
                c.source,
            ])
        }
        return rows
    }

    /// A balance's comparator is dated at the 31 March its year closes on; others by financial year.
    static func yearLabel(_ c: Scenario.Comparator) -> String {
        c.measure == .cumulativeBalance ? "31 March \(c.year + 1)" : FinancialYear(c.year).label
    }

    /// The balance the money starts from, as the scenario states it (for an LA calibrated by
    /// `hnf calibrate`, and England's, the published one).
    func openingNote() -> [String] {
        guard let opening = meta.opening else { return [] }
        return [
            "The cumulative balance starts from \(Text.millionsOfPounds(opening.amount)) at 31 March \(opening.year) (budget.opening_balance)."
        ]
    }

    /// One warning line per figure about the children that is not the area's own
    /// published one (`meta.estimated`).
    func estimatedNotes() -> [String] {
        guard !meta.estimated.isEmpty else { return [] }
        return [
            "Warning: \(meta.estimated.count) SEN2 figure\(meta.estimated.count == 1 ? " is" : "s are") not published for this area; what calibration estimated in their place (meta.estimated):"
        ]
            + meta.estimated.map { "  - \($0)" }
    }

    /// One warning line per money figure that is not the area's own published one.
    func moneyFallbackNotes() -> [String] {
        guard !meta.moneyFallbacks.isEmpty else { return [] }
        return [
            "Warning: \(meta.moneyFallbacks.count) money figure\(meta.moneyFallbacks.count == 1 ? " is" : "s are") not published for this area; what stands in (budget.fallbacks):"
        ]
            + meta.moneyFallbacks.map { "  - \($0)" }
    }

    func comparatorsJSON() -> [[String: Any]] {
        comparisons.map { c, modelled in
            [
                "measure": c.measure.rawValue, "financial_year": c.year, "published": c.amount, "source": c.source,
                "modelled": modelled.json, "difference": modelled.p50 - c.amount,
            ]
        }
    }
}
