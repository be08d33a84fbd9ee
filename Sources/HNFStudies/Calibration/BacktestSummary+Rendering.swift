import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension BacktestSummary {
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONOutput.encode(json)
        case .csv: return csv()
        case .table, .markdown, .xlsx: return table(markdown: format == .markdown)
        }
    }

    static let methodNames = ["hnf": "hnf", "naive_trend": "LA's own trend", "england_rate": "LA at England's pace"]

    /// One row per measure: what, method, median |error|, median error, coverage.
    func rows() -> [[String]] {
        var out: [[String]] = []
        for m in Self.methods {
            guard let s = plans[m] else { continue }
            out.append([
                "Total plans", Self.methodNames[m]!, Text.decimal1(s.medianAbsolute) + "%",
                Text.decimal1(s.medianSigned, signed: true) + "%",
                s.coverage.map { Text.decimal1($0 * 100) + "%" } ?? "–",
            ])
        }
        for group in PlacementGroup.published {
            guard let byMethod = shares[group] else { continue }
            for m in Self.methods {
                guard let s = byMethod[m] else { continue }
                out.append([
                    "\(group.label) share", Self.methodNames[m]!, Text.decimal1(s.medianAbsolute) + " pt",
                    Text.decimal1(s.medianSigned, signed: true) + " pt",
                    s.coverage.map { Text.decimal1($0 * 100) + "%" } ?? "–",
                ])
            }
        }
        return out
    }

    func table(markdown: Bool) -> String {
        let title =
            "Backtest: calibrate \(from)–\(to), predict January \(predict), \(results.count) LAs (\(draws) draws each)"
        let header = ["Measure", "Method", "Median |error|", "Median error", "p10–p90 coverage"]
        var out = markdown ? "## \(title)\n\n" : title + "\n\n"
        let body = rows()
        out += Text.table(header, body, markdown: markdown, rightAligned: { $0 >= 2 })
        out +=
            "\nErrors of the median prediction against SEN2's January \(predict): % of plans for totals, percentage points for shares."
        out += "\nBaselines give shares without intervals (coverage –)."
        out += closureTable(markdown: markdown)
        let estimated = results.filter { !$0.estimated.isEmpty }
        if !estimated.isEmpty {
            out +=
                "\n\(estimated.count) \(estimated.count == 1 ? "LA rests" : "LAs rest") on figures SEN2 does not publish for the window, estimated by calibration (each LA's `estimated` in JSON): \(estimated.map(\.area.name).joined(separator: ", "))."
        }
        if !skipped.isEmpty {
            out +=
                "\nSkipped \(skipped.count) LA\(skipped.count == 1 ? "" : "s") with incomplete history: \(skipped.map(\.area.name).joined(separator: ", "))."
        }
        return out + "\n\n" + Attribution.sen2 + "\n"
    }

    /// The gap-closure probabilities scored: Brier score against the base rate, and how often
    /// the event happened for each range of forecast probability.
    func closureTable(markdown: Bool) -> String {
        let c = closures
        guard c.cases > 0 else { return "" }
        var out =
            "\n\nProbability a group's share reaches England's January \(to) share by January \(predict) (as `hnf run` prints it), "
            + "\(c.cases) LA × group cases: Brier score \(String(format: "%.3f", c.brier)) against \(String(format: "%.3f", c.baseRateBrier)) "
            + "for always saying the base rate (\(Text.decimal1(c.baseRate * 100))% happened); lower is better.\n\n"
        let rows = c.bins.map { b in
            [
                "\(Int((b.lower * 100).rounded()))–\(Int((b.upper * 100).rounded()))%", "\(b.count)",
                Text.decimal1(b.meanForecast * 100) + "%", Text.decimal1(b.observed * 100) + "%",
            ]
        }
        out += Text.table(
            ["hnf's probability", "Cases", "Mean forecast", "Happened"], rows, markdown: markdown,
            rightAligned: { $0 >= 1 })
        return out.hasSuffix("\n") ? String(out.dropLast()) : out
    }

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
