import HNFCore

/// `hnf backtest --money` as a document: each predictor's median absolute error and bias,
/// in £ and as % of income, the coverage of hnf's p10-p90, what is in sample (a `warning`:
/// unit costs and blocks stand in for figures not published before), then each LA's
/// prediction when there are few (in the workbook, always).
extension MoneyBacktest.Scorecard {
    public func document(
        _ results: [MoneyBacktest.Result], skipped: [(Area, String)], everyLA: Bool = false
    ) -> ReportDocument {
        func millions(_ v: Double, signed: Bool = false) -> ReportCell {
            ReportCell(Text.millions(v, signed: signed), .pounds, value: v)
        }
        func percent(_ v: Double, signed: Bool = false) -> ReportCell {
            ReportCell(Text.decimal1(v, signed: signed), .percent, value: v)
        }
        var scores: [[ReportCell]] = [
            ["Predictor", "Median abs. error £m", "% of income", "Bias £m", "Bias % of income"]
        ]
        for (name, s) in [
            ("hnf (p50)", model), ("March 2020 balance as % of DSG, held", ratio),
            ("March 2020 balance in £, held", flat),
        ] {
            scores.append([
                ReportCell(name), millions(s.medianAbsoluteError), percent(s.medianAbsolutePercent),
                millions(s.bias, signed: true), percent(s.biasPercent, signed: true),
            ])
        }
        var blocks: [ReportBlock] = [
            .table(ReportTable(id: "scores", title: "Errors by predictor", scores)),
            .note(
                ReportNote(
                    .info,
                    [
                        "hnf's p10-p90 holds the published balance for \(Text.decimal1(coverage * 100))% of LAs (nominal 80%)."
                    ])),
            .note(
                ReportNote(
                    .warning,
                    [
                        "In sample: unit costs come from the 2021-22 Section 251 outturn (no earlier outturn ships); the 2020-21 and 2021-22 blocks are carried back from each LA's share of its total DSG."
                    ])),
        ]
        if everyLA || results.count <= 12 {
            var rows: [[ReportCell]] = [["LA", "hnf p50 (p10 to p90), £m", "Published, £m", "Ratio held", "£ held"]]
            for r in results {
                var predicted = ReportCell(
                    Text.millions(r.predicted.p50, signed: true) + " (" + Text.millions(r.predicted.p10, signed: true)
                        + " to " + Text.millions(r.predicted.p90, signed: true) + ")", .pounds, value: r.predicted.p50)
                predicted.low = r.predicted.p10
                predicted.high = r.predicted.p90
                rows.append([
                    ReportCell(r.area.name), predicted, millions(r.actual, signed: true),
                    millions(r.ratioBaseline, signed: true), millions(r.flatBaseline, signed: true),
                ])
            }
            blocks.append(.table(ReportTable(id: "las", title: "Each LA, 31 March \(MoneyBacktest.closing + 1)", rows)))
        }
        if !skipped.isEmpty {
            blocks.append(
                .note(
                    ReportNote(
                        .info,
                        [
                            "Skipped \(skipped.count): "
                                + skipped.prefix(8).map { "\($0.0.name) (\($0.1))" }.joined(separator: "; ")
                                + (skipped.count > 8 ? "; …" : "")
                        ])))
        }
        return ReportDocument(
            title:
                "Money backtest: cumulative DSG balance at 31 March \(MoneyBacktest.closing + 1), calibrated on what was known by March \(MoneyBacktest.to) (\(count) LAs)",
            lead:
                "Errors are modelled (or baseline) minus published; % of the LA's modelled 2021-22 high needs income.",
            blocks: blocks)
    }

    /// `backtest --money --format xlsx`: the document with every LA's row as one sheet, and
    /// a README sheet.
    public func writeWorkbook(
        _ results: [MoneyBacktest.Result], skipped: [(Area, String)], to path: String, provenance: [String: Any]
    ) throws {
        try document(results, skipped: skipped, everyLA: true).writeWorkbook(
            to: path, sheet: "Money backtest", subject: "hnf backtest --money",
            provenance: provenance)
    }
}
