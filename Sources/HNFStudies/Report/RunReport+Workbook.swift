import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf run --format xlsx`: the report as a finance officer's workbook. The report's
/// document as printed (every table and warning, `Report`), then one sheet per
/// table, years across, money as numbers in £ formats, shares as percentages, frozen
/// headers, native charts, a README sheet with provenance and sources, the change against
/// the baseline with overlays, and the DSG management plan sheet.
extension RunReport {
    /// Writes the workbook at `path` (a temporary path: commands put it in place through
    /// `OutputTarget.writeFile`, so a half-written workbook is never seen).
    public func writeWorkbook(to path: String, provenance: [String: Any]) throws {
        let book = try Workbook(path: path)
        book.setProperties(
            title: "\(meta.scenario): projection to January \(meta.years.last!)",
            subject: "hnf run, seed \(meta.seed), \(meta.draws) draws")
        let readme = book.sheet("README")
        document.write(to: book.sheet("Report"))
        addPlans(book)
        if meta.groupsKnown { addMix(book) }
        addMoney(book)
        addSpendBySetting(book)
        if !localities.isEmpty { addLocalities(book) }
        if let comparison = againstBaseline { addChange(book, comparison) }
        if let profile { addDSGPlan(book, profile) }
        addReadme(readme, book: book, provenance: provenance)
        try book.close()
    }

    var januaries: [String] { ["\(meta.baseYear) actual"] + meta.years.map { "January \($0)" } }

    func addPlans(_ book: Workbook) {
        let sheet = book.sheet("Plans")
        let base = Double(la.basePlans)
        var rows = [
            SheetRow("Plans p50", [base] + la.years.map(\.plans.p50), .count),
            SheetRow("Plans p5", [base] + la.years.map(\.plans.p5), .count),
            SheetRow("Plans p95", [base] + la.years.map(\.plans.p95), .count),
            SheetRow("Plans mean", [base] + la.years.map(\.plans.mean), .count),
            SheetRow("New plans p50", [nil] + la.years.map(\.joiners.p50), .count),
            SheetRow("Ceased p50", [nil] + la.years.map(\.leavers.p50), .count),
            SheetRow("Sent to overflow p50", [nil] + la.years.map(\.overflow.p50), .count),
        ]
        if la.baseSENSupport > 0 {
            rows.append(SheetRow("SEN support p50", [la.baseSENSupport] + la.years.map(\.senSupport.p50), .count))
        }
        for (i, setting) in (la.years.first?.settings ?? []).enumerated() {
            rows.append(
                SheetRow(
                    "\(setting.id) p50", [Double(la.baseBySetting[i])] + la.years.map { $0.settings[i].stats.p50 },
                    .count))
        }
        sheet.table(
            at: 0, title: nil, header: ["Children and young people with EHC plans"] + januaries, rows: rows,
            freeze: true)
        let chart = book.chart(
            .line, title: "EHC plans, median and 90% interval", on: sheet, row: rows.count + 3, column: 1)
        let years = Chart.Range(sheet, rows: 0...0, columns: 1...meta.years.count + 1)
        for (r, name) in [(2, "p5"), (1, "median"), (3, "p95")] {
            chart.series(
                name, categories: years, values: Chart.Range(sheet, rows: r...r, columns: 1...meta.years.count + 1),
                dashed: r != 1)
        }
        // From a round number below the lowest 5th percentile, so the growth shows.
        let lowest = min(base, la.years.map(\.plans.p5).min() ?? base)
        let step = pow(10, floor(log10(max(lowest, 1))))
        chart.valueAxis("Plans", format: "#,##0", minimum: floor(lowest * 0.95 / step * 2) * step / 2)
    }

    func addMix(_ book: Workbook) {
        let sheet = book.sheet("Placement mix")
        let groups = PlacementGroup.published
        var header = ["% of plans (p50)"] + januaries
        if england != nil { header += ["England \(england!.year)", "England trend \(meta.years.last!)"] }
        let rows = groups.map { g in
            var values: [Double?] =
                [(la.baseShare[g] ?? 0) / 100]
                + la.years.map { y in y.groups.first { $0.group == g }.map { $0.share.p50 / 100 } }
            if let england {
                values += [england.share[g].map { $0 / 100 }, england.trend[g]?[meta.years.last!].map { $0 / 100 }]
            }
            return SheetRow(g.label, values, .percent)
        }
        var next = sheet.table(at: 0, title: nil, header: header, rows: rows, freeze: true)
        if england != nil {
            let gaps = groups.compactMap { g -> SheetRow? in
                guard la.years.first?.groups.first(where: { $0.group == g })?.gap != nil else { return nil }
                return SheetRow(
                    g.label, [nil] + la.years.map { y in y.groups.first { $0.group == g }?.gap?.p50 }, .points)
            }
            next = sheet.table(
                at: next, title: "Gap to England's January \(england!.year) share, percentage points (p50)",
                header: ["Group"] + januaries, rows: gaps)
            let chart = book.chart(
                .column, title: "Placement mix, January \(meta.years.last!) (p50) against England \(england!.year)",
                on: sheet, row: next, column: 1)
            let labels = Chart.Range(sheet, rows: 1...groups.count, columns: 0...0)
            let last = meta.years.count + 1
            chart.series(
                "\(meta.scenario) \(meta.years.last!)", categories: labels,
                values: Chart.Range(sheet, rows: 1...groups.count, columns: last...last))
            chart.series(
                "England \(england!.year)", categories: labels,
                values: Chart.Range(sheet, rows: 1...groups.count, columns: (last + 1)...(last + 1)))
            chart.valueAxis("% of plans", format: "0%")
        }
    }

    func addMoney(_ book: Workbook) {
        let sheet = book.sheet("Money")
        let labels = money.map { $0.label + ($0.isHistory ? " (history)" : "") }
        func line(_ name: String, _ f: (MoneyYear) -> Double?, _ style: CellStyle = .pounds) -> SheetRow {
            SheetRow(name, money.map(f), style)
        }
        var rows: [SheetRow] = []
        if meta.budgetDeclared {
            rows += [
                line("High needs block", { $0.highNeedsBlock.p50 }), line("Other income", { $0.otherIncome.p50 }),
                line("Income", { $0.income.p50 }),
            ]
        }
        rows += [
            line("Spend on plans p50", { $0.spendOnPlans.p50 }), line("Formula funding p50", { $0.formulaFunding.p50 }),
            line("Other spend", { $0.otherSpend.p50 }), line("Total spend p50", { $0.spend.p50 }),
            line("Total spend p5", { $0.spend.p5 }), line("Total spend p95", { $0.spend.p95 }),
        ]
        if meta.budgetDeclared {
            rows += [
                line("In-year balance p50", { $0.inYearBalance.p50 }),
                line("In-year balance p5", { $0.inYearBalance.p5 }),
                line("In-year balance p95", { $0.inYearBalance.p95 }),
                line("Cumulative balance p50", { $0.cumulativeBalance.p50 }),
                line("Cumulative balance p5", { $0.cumulativeBalance.p5 }),
                line("Cumulative balance p95", { $0.cumulativeBalance.p95 }),
                line("Probability income covers spend", { $0.isHistory ? nil : $0.inYearBalanceReached }, .probability),
            ]
        }
        let next = sheet.table(
            at: 0, title: nil, header: ["£ by financial year (April to March)"] + labels, rows: rows, freeze: true)
        guard meta.budgetDeclared else { return }
        let chart = book.chart(
            .line, title: "In-year and cumulative balance, £ (median, 90% interval for cumulative)", on: sheet,
            row: next, column: 1)
        let years = Chart.Range(sheet, rows: 0...0, columns: 1...money.count)
        for name in [
            "In-year balance p50", "Cumulative balance p50", "Cumulative balance p5", "Cumulative balance p95",
        ] {
            let r = 1 + rows.firstIndex { $0.label == name }!
            chart.series(
                name, categories: years, values: Chart.Range(sheet, rows: r...r, columns: 1...money.count),
                dashed: name.hasSuffix("p5") || name.hasSuffix("p95"))
        }
        chart.valueAxis("£", format: "£#,##0,,\"m\"")
        chart.categoryLabelsLow()
    }

    func addSpendBySetting(_ book: Workbook) {
        let sheet = book.sheet("Spend by setting")
        let labels = la.years.map { FinancialYear(containing: $0.year).label }
        var rows = (la.years.first?.spendBySetting ?? []).enumerated().map { i, s in
            SheetRow(s.id, la.years.map { $0.spendBySetting[i].stats.p50 }, .pounds)
        }
        rows.append(SheetRow("All plans", la.years.map(\.spendOnPlans.p50), .pounds))
        for (k, block) in (la.years.first?.funding ?? []).enumerated() {
            rows.append(SheetRow("Formula funding: \(block.id)", la.years.map { $0.funding[k].stats.p50 }, .pounds))
        }
        sheet.table(
            at: 0, title: nil, header: ["Spend on plans by setting, £ (p50)"] + labels, rows: rows, freeze: true)
    }

    func addLocalities(_ book: Workbook) {
        let sheet = book.sheet("Localities")
        let last = meta.years.last!
        let header = [
            "Locality", "Plans \(meta.baseYear)", "Plans \(last) p50", "Plans \(last) p5", "Plans \(last) p95",
            "Mainstream share \(last)", "Special share \(last)", "Spend on plans \(money.last!.label)",
            "All it receives \(money.last!.label)",
        ]
        let rows = localities.compactMap { area -> SheetRow? in
            guard let y = area.years.last else { return nil }
            let share = { (g: PlacementGroup) in y.groups.first { $0.group == g }.map { $0.share.p50 / 100 } }
            return SheetRow(
                area.name,
                [
                    Double(area.basePlans), y.plans.p50, y.plans.p5, y.plans.p95, share(.mainstream), share(.special),
                    y.spendOnPlans.p50, (y.allocation ?? y.spendOnPlans).p50,
                ], .count)
        }
        let next = sheet.table(at: 0, title: nil, header: header, rows: rows, freeze: true)
        // Shares and money columns take their own formats.
        for (r, area) in localities.enumerated() {
            guard let y = area.years.last else { continue }
            for (c, g) in [(5, PlacementGroup.mainstream), (6, .special)] {
                if let s = y.groups.first(where: { $0.group == g }) {
                    sheet.write(r + 1, c, s.share.p50 / 100, .percent)
                }
            }
            sheet.write(r + 1, 7, y.spendOnPlans.p50, .pounds)
            sheet.write(r + 1, 8, (y.allocation ?? y.spendOnPlans).p50, .pounds)
        }
        var chartRow = next
        if let note = meta.localitySplitNote {
            sheet.write(next, 0, note, .wrapped)
            chartRow += 2
        }
        let chart = book.chart(
            .bar, title: "All each locality receives, \(money.last!.label) (p50)", on: sheet, row: chartRow, column: 1)
        chart.series(
            "£", categories: Chart.Range(sheet, rows: 1...rows.count, columns: 0...0),
            values: Chart.Range(sheet, rows: 1...rows.count, columns: 8...8))
        chart.valueAxis("£", format: "£#,##0.0,,\"m\"")
    }
}
