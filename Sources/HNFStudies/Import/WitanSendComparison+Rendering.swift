import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension WitanSendComparison {
    public static let schema = "hnf.witan-comparison.v1"

    /// The comparison: table and Markdown render `document`; JSON keeps its
    /// `hnf.witan-comparison.v1` keys and adds the document under `report`; CSV stays a row a
    /// comparison with both tools' means and bounds, for analysts.
    public func render(_ format: OutputFormat, provenance: [String: Any] = [:]) -> String {
        switch format {
        case .json:
            return JSONOutput.encode([
                "schema": Self.schema, "provenance": provenance, "agrees": agrees, "rows": rows.map(\.json),
                "tests": ["mean_tolerance": Self.meanTolerance, "setting_coverage": Self.settingCoverage],
                "report": document.jsonObject,
            ])
        case .csv:
            let header = [
                "kind", "setting", "year", "witan_mean", "witan_low95", "witan_high95", "hnf_mean", "hnf_low95",
                "hnf_high95", "difference_pct", "inside_bounds", "agrees",
            ]
            return
                ([Text.csvLine(header)]
                + rows.map { r in
                    Text.csvLine(
                        [r.kind.rawValue, r.key ?? "", String(r.year)]
                            + [r.witan.mean, r.witan.low95, r.witan.high95, r.hnfMean, r.hnfLow95, r.hnfHigh95].map {
                                String(format: "%.2f", $0)
                            }
                            + [
                                String(format: "%.2f", r.relativeDifference * 100), String(r.insideBounds),
                                String(r.agrees),
                            ])
                }).joined(separator: "\n") + "\n"
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
        }
    }
}

extension WitanSendComparison.Row {
    var json: [String: Any] {
        var out: [String: Any] = [
            "kind": kind.rawValue, "year": year,
            "witan": ["mean": witan.mean, "low95": witan.low95, "high95": witan.high95],
            "hnf": ["mean": hnfMean, "low95": hnfLow95, "high95": hnfHigh95],
            "relative_difference": relativeDifference, "inside_bounds": insideBounds, "agrees": agrees,
        ]
        if let key { out["setting"] = key }
        return out
    }
}
