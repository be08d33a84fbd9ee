import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The workbook's change-against-baseline, DSG management plan and README sheets.
extension RunReport {
    func addChange(_ book: Workbook, _ c: BaselineComparison) {
        let sheet = book.sheet("Change vs baseline")
        let years = c.years.map { "January \($0.year)" }
        func rows(_ name: String, _ f: (BaselineComparison.Year) -> Stats, _ style: CellStyle) -> [SheetRow] {
            [
                SheetRow("\(name) p50", c.years.map { f($0).p50 }, style),
                SheetRow("\(name) p5", c.years.map { f($0).p5 }, style),
                SheetRow("\(name) p95", c.years.map { f($0).p95 }, style),
            ]
        }
        var all =
            rows("Plans", \.plans, .count) + rows("Mainstream share, points", \.mainstreamShare, .points)
            + rows("Special share, points", \.specialShare, .points)
        all +=
            rows("Spend (year to March), £", \.spend, .pounds)
            + rows("Cumulative balance, £", \.cumulativeBalance, .pounds)
        var next = sheet.table(
            at: 0, title: nil, header: ["Change against the baseline (same draws and seed)"] + years, rows: all,
            freeze: true)
        if !c.localities.isEmpty {
            let header = [
                "Locality", "Baseline receives, £ (p50)", "Change p50", "Change p5", "Change p95", "Change %",
            ]
            let lines = c.localities.map { l in
                SheetRow(l.name, [l.baseline.p50, l.change.p50, l.change.p5, l.change.p95], .pounds)
            }
            let start = next + 1
            next = sheet.table(
                at: next, title: "Who gains and who loses, \(money.last!.label): all a locality receives",
                header: header, rows: lines)
            for (r, l) in c.localities.enumerated() where l.baseline.p50 != 0 {
                sheet.write(start + 1 + r, 5, l.change.p50 / l.baseline.p50, .percent)
            }
            next = addFormulas(sheet, c, at: next)
        }
        let chart = book.chart(
            .column, title: "Change in plans against the baseline (p50)", on: sheet, row: next, column: 1)
        chart.series(
            "Plans", categories: Chart.Range(sheet, rows: 0...0, columns: 1...c.years.count),
            values: Chart.Range(sheet, rows: 1...1, columns: 1...c.years.count))
        chart.valueAxis("Plans", format: "+#,##0;-#,##0;0")
        chart.categoryLabelsLow()
    }

    /// The DfE DSG management plan's EHC plan rows: placement category x age group, needs
    /// across, one block per January; then the spend lines and the mapping used.
    func addDSGPlan(_ book: Workbook, _ profile: PlanProfile) {
        let sheet = book.sheet("DSG management plan")
        sheet.write(
            0, 0,
            "DSG management plan: projected EHC plans by placement category, age group and primary need (mean of draws), each January",
            .title)
        var r = 2
        let header = ["Placement category", "Age group"] + profile.needs.map(\.code) + ["Total"]
        for (t, year) in profile.years.enumerated() {
            sheet.write(r, 0, "January \(year)", .title)
            r += 1
            if t == 0 {
                sheet.header(r, header, freezeColumns: 2)
            } else {
                for (c, h) in header.enumerated() { sheet.write(r, c, h, .header) }
            }
            r += 1
            for category in DSGPlanCategory.allCases {
                for group in AgeGroup.allCases {
                    sheet.write(r, 0, category.label)
                    sheet.write(r, 1, group.label)
                    var total = 0.0
                    for n in profile.needs.indices {
                        let v = profile.plans(year: t, category: category, ageGroup: group, need: n)
                        total += v
                        sheet.write(r, 2 + n, v, .count)
                    }
                    sheet.write(r, 2 + profile.needs.count, total, .count)
                    r += 1
                }
            }
            r += 1
        }
        r = addDSGSpend(sheet, profile, at: r)
        r = addDSGSummary(sheet, profile, at: r)
        sheet.write(r, 0, "How hnf's settings map to the template's placement categories", .title)
        r += 1
        for (c, h) in ["Setting", "Name", "Template category", "Because"].enumerated() { sheet.write(r, c, h, .header) }
        for s in profile.settings {
            r += 1
            for (c, text) in [s.id, s.name, s.category.label, s.reason].enumerated() { sheet.write(r, c, text) }
        }
    }

    /// Spend on plans by template category and financial year (mean of draws, so the lines add up).
    func addDSGSpend(_ sheet: Sheet, _ profile: PlanProfile, at row: Int) -> Int {
        let labels = la.years.map { FinancialYear(containing: $0.year).label }
        let rows =
            DSGPlanCategory.allCases.map { category in
                SheetRow(
                    category.label,
                    la.years.map { y in
                        y.spendBySetting.enumerated().reduce(0.0) { sum, e in
                            profile.settings[e.offset].category == category ? sum + e.element.stats.mean : sum
                        }
                    }, .pounds)
            } + [SheetRow("All EHC plan spend", la.years.map(\.spendOnPlans.mean), .pounds)]
        return sheet.table(
            at: row, title: "Spend on EHC plans by placement category, £ by financial year (mean of draws)",
            header: ["Placement category"] + labels, rows: rows)
    }

    /// The template's financial summary for the lines hnf models, by financial year (means
    /// of draws, so the lines add up: income less spend is the in-year balance): spend on
    /// plans, formula funding in the categories of the children it follows, the central
    /// and other lines, income with its conditional part, and the balances with and
    /// without conditional income.
    func addDSGSummary(_ sheet: Sheet, _ profile: PlanProfile, at row: Int) -> Int {
        let category = Dictionary(uniqueKeysWithValues: profile.settings.map { ($0.id, $0.category) })
        let projected = Dictionary(
            uniqueKeysWithValues: la.years.map { (FinancialYear(containing: $0.year).label, $0) })
        var rows: [SheetRow] = []
        for (k, block) in (la.years.first?.fundingBySetting ?? []).enumerated() {
            for c in DSGPlanCategory.allCases {
                let values = money.map { m in
                    projected[m.label].map { y in
                        y.fundingBySetting[k].settings.filter { category[$0.id] == c }.reduce(0.0) {
                            $0 + $1.stats.mean
                        }
                    }
                }
                guard values.contains(where: { ($0 ?? 0) != 0 }) else { continue }
                rows.append(SheetRow("Formula funding, \(block.id): \(c.label)", values, .pounds))
            }
        }
        func line(_ name: String, _ f: (MoneyYear) -> Stats) -> SheetRow {
            SheetRow(name, money.map { f($0).mean }, .pounds)
        }
        rows += [
            line("Spend on EHC plans (place funding and top-ups)", \.spendOnPlans),
            line("Formula funding (locality budgets, transition funding, support without a plan)", \.formulaFunding),
            line("Central and other high needs lines", \.otherSpend), line("Total spend", \.spend),
        ]
        if meta.budgetDeclared {
            rows += [
                line("High needs block", \.highNeedsBlock), line("Other income", \.otherIncome),
                line("of which conditional (Safety Valve)", \.conditionalIncome), line("Total income", \.income),
                line("In-year balance", \.inYearBalance), line("Cumulative balance", \.cumulativeBalance),
                line("In-year balance without conditional income", \.inYearBalanceWithoutConditional),
                line("Cumulative balance without conditional income", \.cumulativeBalanceWithoutConditional),
            ]
        }
        var next = sheet.table(
            at: row,
            title:
                "Financial summary, £ by financial year (mean of draws; h = history, SEN2's actual children costed)",
            header: ["Line"] + money.map { $0.label + ($0.isHistory ? " h" : "") }, rows: rows)
        for note in Self.unmodelledTemplateLines {
            sheet.write(next, 0, note, .note)
            next += 1
        }
        return next + 1
    }

    /// What the template asks for that hnf does not model, said on the sheet.
    static let unmodelledTemplateLines = [
        "Not modelled (lines of the DfE template hnf leaves out): place funding and top-ups apart (spend on plans is their sum),",
        "the central lines one by one (they are one total, budget.other_spend), hospital education, recoupment and",
        "import/export adjustments, transfers from other DSG blocks, and the template's mitigation lines (model them as what-ifs).",
    ]

    func addReadme(_ sheet: Sheet, book: Workbook, provenance: [String: Any]) {
        var lines: [(String, String)] = [
            ("Scenario", meta.scenario),
            ("Projection", "January \(meta.baseYear) (actual) to January \(meta.years.last!)"),
            (
                "Draws and seed",
                "\(meta.draws) Monte Carlo draws, seed \(meta.seed): the same inputs and seed give the same numbers"
            ),
            (
                "How to read",
                "p50 is the median of the draws; p5 and p95 bound the 90% interval. Money is in pounds (cash), shares are % of plans."
            ),
            ("Sheets", book.sheets.map(\.name).filter { $0 != "README" }.joined(separator: "; ")),
        ]
        if let england {
            lines.append(
                (
                    "England",
                    "England's placement mix, January \(england.year) (SEN2), and its linear trend from \(england.trendFrom)"
                ))
        }
        for warning in meta.estimated { lines.append(("Warning: estimated SEN2 figure", warning)) }
        for warning in meta.moneyFallbacks { lines.append(("Warning: money fallback", warning)) }
        for (c, modelled) in comparisons {
            lines.append(
                (
                    "Published \(c.measure.label.lowercased()), \(Self.yearLabel(c))",
                    "£\(Text.thousands(Int(c.amount.rounded()))) (modelled p50 £\(Text.thousands(Int(modelled.p50.rounded())))): \(c.source)"
                ))
        }
        if let attribution { lines.append(("Source", attribution)) }
        lines.append(("Made by", "hnf \(HighNeedsVersion.current), `hnf run --format xlsx`"))
        for (key, value) in Self.flatten(provenance, prefix: "provenance") { lines.append((key, value)) }
        sheet.writeReadme(title: "\(meta.scenario): projection to January \(meta.years.last!)", lines, labelWidth: 28)
    }

    /// Provenance as dotted keys and text values, sorted.
    static func flatten(_ value: Any, prefix: String) -> [(String, String)] {
        switch value {
        case let dictionary as [String: Any]:
            return dictionary.keys.sorted().flatMap { flatten(dictionary[$0]!, prefix: "\(prefix).\($0)") }
        case let array as [Any]:
            return array.enumerated().flatMap { flatten($1, prefix: "\(prefix).\($0)") }
        case is NSNull: return [(prefix, "")]
        default: return [(prefix, "\(value)")]
        }
    }
}
