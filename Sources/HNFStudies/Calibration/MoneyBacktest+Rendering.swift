import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension MoneyBacktest.Scorecard {
    public static let schema = "hnf.money-backtest.v1"

    /// Table and Markdown render `document` (the summary, each LA's row when there are few);
    /// JSON keeps its `hnf.money-backtest.v1` keys and adds the document under `report`; CSV
    /// stays a row an LA, for analysts.
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
                "report": document(results, skipped: skipped).jsonObject,
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
        case .table, .xlsx: return document(results, skipped: skipped).table()
        case .markdown: return document(results, skipped: skipped).markdown()
        }
    }
}
