import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension BacktestSummary {
    /// Table and Markdown render `document` (so does the workbook's Report sheet); JSON
    /// keeps its `hnf.backtest.v1` keys and adds the document under `report`; CSV stays a
    /// row a measure and method, for analysts.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONOutput.encode(json.merging(["report": document.jsonObject]) { a, _ in a })
        case .csv: return csv()
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
        }
    }

    static let methodNames = ["hnf": "hnf", "naive_trend": "LA's own trend", "england_rate": "LA at England's pace"]

    func csv() -> String {
        var out =
            Text.csvLine([
                "from", "to", "predict", "measure", "method", "median_abs_error", "median_signed_error",
                "coverage_p10_p90", "unit",
            ]) + "\n"
        func line(_ measure: String, _ method: String, _ s: Score, _ unit: String) {
            out +=
                Text.csvLine([
                    "\(from)", "\(to)", "\(predict)", measure, method, String(format: "%.4f", s.medianAbsolute),
                    String(format: "%.4f", s.medianSigned), s.coverage.map { String(format: "%.4f", $0) } ?? "", unit,
                ]) + "\n"
        }
        for m in Self.methods { if let s = plans[m] { line("plans", m, s, "percent") } }
        for group in PlacementGroup.published {
            for m in Self.methods { if let s = shares[group]?[m] { line("share_\(group.rawValue)", m, s, "points") } }
        }
        return out
    }
}
