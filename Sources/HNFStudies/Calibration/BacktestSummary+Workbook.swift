import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf backtest --all --format xlsx`: the report document as a sheet, the three methods side by side as a sheet (errors of
/// total plans as percentages, of shares in signed points, coverage as a percentage), every
/// LA's prediction against its actual January, the LAs skipped and why, and a README sheet.
extension BacktestSummary {
    /// Writes the workbook at `path` (a temporary path: the command puts it in place
    /// through `OutputTarget.writeFile`).
    public func writeWorkbook(to path: String) throws {
        let book = try Workbook(path: path)
        let title = "Backtest: calibrate \(from)–\(to), predict January \(predict), \(results.count) LAs"
        book.setProperties(title: title, subject: "hnf backtest, seed \(seed), \(draws) draws")
        let readme = book.sheet("README")
        document.write(to: book.sheet("Report"))
        addSummary(book.sheet("Summary"))
        addAreas(book.sheet("By LA"))
        if !skipped.isEmpty { addSkipped(book.sheet("Skipped")) }
        addReadme(readme, title: title)
        try book.close()
    }

    private func addSummary(_ sheet: Sheet) {
        sheet.header(0, ["Measure", "Method", "Median |error|", "Median error", "p10–p90 coverage"], freezeColumns: 2)
        var r = 1
        func row(_ measure: String, _ method: String, _ score: Score, inPoints: Bool) {
            sheet.write(r, 0, measure)
            sheet.write(r, 1, Self.methodNames[method] ?? method)
            sheet.write(
                r, 2, inPoints ? score.medianAbsolute : score.medianAbsolute / 100, inPoints ? .points : .percent)
            sheet.write(r, 3, inPoints ? score.medianSigned : score.medianSigned / 100, inPoints ? .points : .percent)
            if let coverage = score.coverage { sheet.write(r, 4, coverage, .percent) }
            r += 1
        }
        for method in Self.methods {
            if let score = plans[method] { row("Total plans", method, score, inPoints: false) }
        }
        for group in PlacementGroup.published {
            for method in Self.methods {
                if let score = shares[group]?[method] { row("\(group.label) share", method, score, inPoints: true) }
            }
        }
    }

    private func addAreas(_ sheet: Sheet) {
        sheet.header(
            0,
            [
                "Code", "LA", "Actual plans", "hnf p10", "hnf p50", "hnf p90", "hnf error", "Inside p10–p90",
                "LA's own trend", "Its error", "LA at England's pace", "Its error",
            ], freezeColumns: 2)
        for (i, result) in results.enumerated() {
            let r = i + 1, actual = result.actual
            sheet.write(r, 0, result.area.code)
            sheet.write(r, 1, result.area.name)
            sheet.write(r, 2, actual, .count)
            for (c, value) in [result.plans.p10, result.plans.p50, result.plans.p90].enumerated() {
                sheet.write(r, 3 + c, value, .count)
            }
            guard actual > 0 else { continue }
            sheet.write(r, 6, (result.plans.p50 - actual) / actual, .percent)
            sheet.write(r, 7, result.plans.contains(actual) ? "yes" : "no")
            sheet.write(r, 8, result.naive.p50, .count)
            sheet.write(r, 9, (result.naive.p50 - actual) / actual, .percent)
            sheet.write(r, 10, result.england.p50, .count)
            sheet.write(r, 11, (result.england.p50 - actual) / actual, .percent)
        }
    }

    private func addSkipped(_ sheet: Sheet) {
        sheet.header(0, ["Code", "LA", "Why"], freezeColumns: 0)
        sheet.setWidth(2, 90)
        for (i, entry) in skipped.enumerated() {
            sheet.write(i + 1, 0, entry.area.code)
            sheet.write(i + 1, 1, entry.area.name)
            sheet.write(i + 1, 2, entry.reason, .wrapped)
        }
    }

    private func addReadme(_ readme: Sheet, title: String) {
        let lines = [
            (
                "What",
                "hnf calibrated on SEN2 Januaries \(from)–\(to) only, projected to January \(predict), against what happened; beside each LA's own log-linear trend and each LA grown at England's pace."
            ),
            (
                "Errors",
                "Of the median prediction: % of plans for totals, percentage points for shares. Coverage: share of LAs whose actual lies inside p10–p90 (nominal 80%)."
            ),
            (
                "Made by",
                "hnf \(HighNeedsVersion.current), `hnf backtest --from \(from) --to \(to) --predict \(predict) --all --format xlsx`, seed \(seed), \(draws) draws per LA"
            ),
            ("Source", Attribution.sen2),
        ]
        readme.writeReadme(title: title, lines)
    }
}
