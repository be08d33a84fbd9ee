import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension WitanSendComparison {
    public static let schema = "hnf.witan-comparison.v1"

    /// The comparison as a table (for people), JSON (`hnf.witan-comparison.v1`), CSV or Markdown.
    public func render(_ format: OutputFormat, provenance: [String: Any] = [:]) -> String {
        switch format {
        case .json:
            return JSONOutput.encode([
                "schema": Self.schema, "provenance": provenance, "agrees": agrees, "rows": rows.map(\.json),
                "tests": ["mean_tolerance": Self.meanTolerance, "setting_coverage": Self.settingCoverage],
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
        case .table, .markdown, .xlsx:
            return table(markdown: format == .markdown)
        }
    }

    func table(markdown: Bool) -> String {
        var out = ""
        let title = "hnf against witan.send's published projection (means, with 95% intervals)"
        out += markdown ? "## \(title)\n\n" : "\(title)\n\n"
        let header = ["What", "Year", "witan.send", "hnf", "Diff", "Agrees"]
        let lines: [[String]] = rows.map { r in
            let what = r.kind == .setting ? "setting \(r.key ?? "")" : r.kind.rawValue
            let scale = r.kind == .cost ? 1e-6 : 1
            let unit = r.kind == .cost ? "£m " : ""
            func span(_ mean: Double, _ low: Double, _ high: Double) -> String {
                r.kind == .cost
                    ? String(format: "%@%.3f (%.3f–%.3f)", unit, mean * scale, low * scale, high * scale)
                    : String(format: "%.1f (%.0f–%.0f)", mean, low, high)
            }
            return [
                what, String(r.year), span(r.witan.mean, r.witan.low95, r.witan.high95),
                span(r.hnfMean, r.hnfLow95, r.hnfHigh95),
                String(format: "%+.1f%%", r.relativeDifference * 100), r.agrees ? "yes" : "NO",
            ]
        }
        if markdown {
            out +=
                "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
            for line in lines { out += "| " + line.joined(separator: " | ") + " |\n" }
        } else {
            let widths = header.indices.map { i in max(header[i].count, lines.map { $0[i].count }.max() ?? 0) }
            func format(_ line: [String]) -> String {
                line.enumerated().map { i, cell in
                    Text.pad(cell, widths[i], right: i > 0 && i != 2 && i != 3 ? true : false)
                }.joined(separator: "  ")
            }
            out += format(header) + "\n"
            for line in lines { out += format(line) + "\n" }
        }
        out += "\n"
        out +=
            agrees
            ? "Agrees: every total and cost mean is inside witan.send's 95% bounds and within \(Int(Self.meanTolerance * 100))% of its mean; every setting holding \(Int(Self.settingCoverage * 100))% of the caseload is inside its bounds.\n"
            : "Does not agree: \(rows.filter { !$0.agrees }.count) of \(rows.count) rows fail (totals and cost: inside witan.send's 95% bounds and within \(Int(Self.meanTolerance * 100))%; settings: inside the bounds).\n"
        out +=
            "hnf's 95% intervals are wider by design: a draw keeps its sampled rates for the whole projection, where witan.send samples them afresh each year.\n"
        return out
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
