import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf compare witan-send --format xlsx`: the document as the Report sheet, then the
/// comparison rows with counts and £ as numbers,
/// the difference as a percentage, and a chart of the total caseload (both tools' means and
/// witan.send's 95% bounds).
extension WitanSendComparison {
    public func writeWorkbook(to path: String, provenance: [String: Any]) throws {
        let book = try Workbook(path: path)
        book.setProperties(title: "hnf against witan.send's published projection", subject: "hnf compare witan-send")
        let readme = book.sheet("README")
        document.write(to: book.sheet("Report"))
        let sheet = book.sheet("Comparison")
        sheet.header(
            0,
            [
                "What", "Setting", "Year", "witan.send mean", "witan.send low 95%", "witan.send high 95%", "hnf mean",
                "hnf low 95%", "hnf high 95%",
                "Difference", "Inside witan.send bounds", "Agrees",
            ], freezeColumns: 1)
        for (i, r) in rows.enumerated() {
            let style: CellStyle = r.kind == .cost ? .pounds : .count
            sheet.write(i + 1, 0, r.kind.rawValue)
            sheet.write(i + 1, 1, r.key ?? "")
            sheet.write(i + 1, 2, Double(r.year), .year)
            for (c, v) in [r.witan.mean, r.witan.low95, r.witan.high95, r.hnfMean, r.hnfLow95, r.hnfHigh95].enumerated()
            { sheet.write(i + 1, 3 + c, v, style) }
            sheet.write(i + 1, 9, r.relativeDifference, .percent)
            sheet.write(i + 1, 10, r.insideBounds ? "yes" : "no")
            sheet.write(i + 1, 11, r.agrees ? "yes" : "NO")
        }
        let totals = rows.indices.filter { rows[$0].kind == .total }
        if let first = totals.first, let last = totals.last, totals.count == last - first + 1 {
            let chart = book.chart(
                .line, title: "Total caseload: hnf against witan.send (means, witan.send 95% bounds)", on: sheet,
                row: rows.count + 3, column: 1)
            let years = Chart.Range(sheet, rows: (first + 1)...(last + 1), columns: 2...2)
            for (c, name) in [
                (3, "witan.send mean"), (4, "witan.send low 95%"), (5, "witan.send high 95%"), (6, "hnf mean"),
            ] {
                chart.series(
                    name, categories: years, values: Chart.Range(sheet, rows: (first + 1)...(last + 1), columns: c...c),
                    dashed: c == 4 || c == 5)
            }
            chart.valueAxis("Plans", format: "#,##0")
        }
        var lines = [
            (
                "Result",
                agrees
                    ? "hnf agrees with witan.send on every test"
                    : "hnf does NOT agree with witan.send on every test (see Agrees)"
            ),
            (
                "Tests",
                "Totals and cost: hnf's mean inside witan.send's 95% bounds and within \(Int(Self.meanTolerance * 100))% of its mean; settings holding \(Int(Self.settingCoverage * 100))% of the caseload: inside the bounds."
            ),
            ("Made by", "hnf \(HighNeedsVersion.current), `hnf compare witan-send --format xlsx`"),
        ]
        lines += RunReport.flatten(provenance, prefix: "provenance")
        readme.writeReadme(title: "hnf against witan.send's published projection", lines)
        try book.close()
    }
}
