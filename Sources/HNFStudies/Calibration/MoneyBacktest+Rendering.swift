import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension MoneyBacktest.Scorecard {
    public static let schema = "hnf.money-backtest.v1"

    /// The summary table (table or Markdown), each LA's row when there are few, or JSON/CSV.
    public func render(_ results: [MoneyBacktest.Result], skipped: [(Area, String)], format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONOutput.encode([
                "schema": Self.schema, "closing": "31 March \(MoneyBacktest.closing + 1)",
                "calibrated_on":
                    "SEN2 January \(MoneyBacktest.from)-\(MoneyBacktest.to), balance at 31 March \(MoneyBacktest.to)",
                "count": count, "coverage_p10_p90": coverage,
                "model": model.json, "ratio_baseline": ratio.json, "flat_baseline": flat.json,
                "results": results.map(\.json),
                "skipped": skipped.map { ["code": $0.0.code, "name": $0.0.name, "reason": $0.1] },
            ])
        case .csv:
            var out =
                Text.csvLine([
                    "code", "name", "predicted_p10", "predicted_p50", "predicted_p90", "actual", "income_2021",
                    "ratio_baseline", "flat_baseline",
                ]) + "\n"
            for r in results {
                out +=
                    Text.csvLine(
                        [r.area.code, r.area.name]
                            + [
                                r.predicted.p10, r.predicted.p50, r.predicted.p90, r.actual, r.income, r.ratioBaseline,
                                r.flatBaseline,
                            ].map { String(format: "%.0f", $0) }) + "\n"
            }
            return out
        case .table, .markdown, .xlsx:
            let markdown = format == .markdown
            var out =
                "Money backtest: cumulative DSG balance at 31 March \(MoneyBacktest.closing + 1), calibrated on what was known by March \(MoneyBacktest.to) (\(count) LAs)\n\n"
            let header = ["Predictor", "Median abs. error £m", "% of income", "Bias £m", "Bias % of income"]
            let rows = [
                ("hnf (p50)", model), ("March 2020 balance as % of DSG, held", ratio),
                ("March 2020 balance in £, held", flat),
            ].map { name, s in
                [
                    name, Text.millions(s.medianAbsoluteError), Text.decimal1(s.medianAbsolutePercent),
                    Text.millions(s.bias, signed: true), Text.decimal1(s.biasPercent, signed: true),
                ]
            }
            out += Text.table(header, rows, markdown: markdown, rightAligned: { $0 > 0 }, markAlignment: true)
            out +=
                "\nhnf's p10-p90 holds the published balance for \(Text.decimal1(coverage * 100))% of LAs (nominal 80%).\n"
            out +=
                "Errors are modelled (or baseline) minus published; % of the LA's modelled 2021-22 high needs income.\n"
            out +=
                "In sample: unit costs come from the 2021-22 Section 251 outturn (no earlier outturn ships); the 2020-21 and 2021-22 blocks are carried back from each LA's share of its total DSG.\n"
            if results.count <= 12 {
                out += "\n"
                let each = results.map { r in
                    [
                        r.area.name,
                        Text.millions(r.predicted.p50, signed: true) + " ("
                            + Text.millions(r.predicted.p10, signed: true) + " to "
                            + Text.millions(r.predicted.p90, signed: true) + ")", Text.millions(r.actual, signed: true),
                        Text.millions(r.ratioBaseline, signed: true), Text.millions(r.flatBaseline, signed: true),
                    ]
                }
                out += Text.table(
                    ["LA", "hnf p50 (p10 to p90), £m", "Published, £m", "Ratio held", "£ held"], each,
                    markdown: markdown, rightAligned: { $0 > 0 }, markAlignment: true)
            }
            if !skipped.isEmpty {
                out +=
                    "\nSkipped \(skipped.count): "
                    + skipped.prefix(8).map { "\($0.0.name) (\($0.1))" }.joined(separator: "; ")
                    + (skipped.count > 8 ? "; …" : "") + "\n"
            }
            return out
        }
    }
}
