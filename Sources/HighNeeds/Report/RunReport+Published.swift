import Foundation

/// What the report sets beside the modelled money: published figures about the area
/// (`budget.comparators`), and warnings for money the area's data does not publish
/// (`budget.fallbacks`): the table, Markdown and JSON carry both, the workbook's README
/// sheet both, the HTML summary the warnings. A comparator in a year the run does not
/// reach is left out.
extension RunReport {
    /// The comparators whose year the run reaches, with the modelled figure beside each.
    public var comparisons: [(comparator: Scenario.Comparator, modelled: Stats)] {
        meta.comparators.compactMap { c in
            money.first { $0.year == c.year }?.measure(c.measure).map { (c, $0) }
        }
    }

    func comparatorRows() -> [[String]] {
        var rows = [["Measure", "Year", "Published", "Modelled (p50, 90% interval)", "Difference", "Source"]]
        for (c, modelled) in comparisons {
            let difference = modelled.p50 - c.amount
            rows.append([
                Self.measureLabel(c.measure),
                Self.yearLabel(c),
                Text.millions(c.amount, signed: c.measure.hasSuffix("balance")),
                Self.interval(modelled) { Text.millions($0, signed: c.measure.hasSuffix("balance")) },
                Text.millions(difference, signed: true)
                    + (c.amount != 0 ? " (\(Text.decimal1(difference / abs(c.amount) * 100, signed: true))%)" : ""),
                c.source,
            ])
        }
        return rows
    }

    /// A balance's comparator is dated at the 31 March its year closes on; others by financial year.
    static func yearLabel(_ c: Scenario.Comparator) -> String {
        c.measure == "cumulative_balance" ? "31 March \(c.year + 1)" : FinancialYear(c.year).label
    }

    static func measureLabel(_ measure: String) -> String {
        switch measure {
        case "spend": return "High needs spend"
        case "income": return "Income"
        case "high_needs_block": return "High needs block"
        case "in_year_balance": return "In-year balance"
        case "cumulative_balance": return "Cumulative balance"
        default: return measure
        }
    }

    /// The balance the money starts from, as the scenario states it (for an LA calibrated by
    /// `hnf calibrate`, and England's, the published one).
    func openingNote() -> [String] {
        guard let opening = meta.opening else { return [] }
        return [
            "The cumulative balance starts from \(Text.millionsOfPounds(opening.amount)) at 31 March \(opening.year) (budget.opening_balance)."
        ]
    }

    /// One warning line per money figure that is not the area's own published one.
    func fallbackNotes() -> [String] {
        guard !meta.moneyFallbacks.isEmpty else { return [] }
        return [
            "Warning: \(meta.moneyFallbacks.count) money figure\(meta.moneyFallbacks.count == 1 ? " is" : "s are") not published for this area; what stands in (budget.fallbacks):"
        ]
            + meta.moneyFallbacks.map { "  - \($0)" }
    }

    func comparatorsJSON() -> [[String: Any]] {
        comparisons.map { c, modelled in
            [
                "measure": c.measure, "financial_year": c.year, "published": c.amount, "source": c.source,
                "modelled": modelled.json, "difference": modelled.p50 - c.amount,
            ]
        }
    }
}
