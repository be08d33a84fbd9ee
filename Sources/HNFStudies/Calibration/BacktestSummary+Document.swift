import HNFCore

/// `hnf backtest` (a window) as a document: each measure's error by method (% of plans for
/// totals, points for shares) and the coverage of hnf's p10–p90 interval, then how well
/// its gap-closure probabilities did; a `warning` when LAs rest on estimated figures.
extension BacktestSummary {
    public var document: ReportDocument {
        var blocks: [ReportBlock] = [
            .table(ReportTable(id: "scores", title: "Errors by measure and method", scoreRows(), labelColumns: 2)),
            .note(ReportNote(.info, ["Baselines give shares without intervals (coverage –)."])),
        ]
        let c = closures
        if c.cases > 0 {
            blocks.append(
                .note(
                    ReportNote(
                        .info,
                        [
                            "Probability a group's share reaches England's January \(to) share by January \(predict) (as `hnf run` prints it), "
                                + "\(c.cases) LA × group cases: Brier score \(String(format: "%.3f", c.brier)) against \(String(format: "%.3f", c.baseRateBrier)) "
                                + "for always saying the base rate (\(Text.decimal1(c.baseRate * 100))% happened); lower is better."
                        ])))
            var rows: [[ReportCell]] = [["hnf's probability", "Cases", "Mean forecast", "Happened"]]
            for b in c.bins {
                rows.append([
                    ReportCell("\(Int((b.lower * 100).rounded()))–\(Int((b.upper * 100).rounded()))%"),
                    ReportCell("\(b.count)", .count, value: Double(b.count)),
                    ReportCell(Text.decimal1(b.meanForecast * 100) + "%", .percent, value: b.meanForecast * 100),
                    ReportCell(Text.decimal1(b.observed * 100) + "%", .percent, value: b.observed * 100),
                ])
            }
            blocks.append(
                .table(ReportTable(id: "closures", title: "Gap closure: forecast against what happened", rows)))
        }
        let estimated = results.filter { !$0.estimated.isEmpty }
        if !estimated.isEmpty {
            blocks.append(
                .note(
                    ReportNote(
                        .warning,
                        [
                            "\(estimated.count) \(estimated.count == 1 ? "LA rests" : "LAs rest") on figures SEN2 does not publish for the window, estimated by calibration (each LA's `estimated` in JSON): \(estimated.map(\.area.name).joined(separator: ", "))."
                        ])))
        }
        if !skipped.isEmpty {
            blocks.append(
                .note(
                    ReportNote(
                        .info,
                        [
                            "Skipped \(skipped.count) LA\(skipped.count == 1 ? "" : "s") with incomplete history: \(skipped.map(\.area.name).joined(separator: ", "))."
                        ])))
        }
        return ReportDocument(
            title:
                "Backtest: calibrate \(from)–\(to), predict January \(predict), \(results.count) LAs (\(draws) draws each)",
            lead:
                "Errors of the median prediction against SEN2's January \(predict): % of plans for totals, percentage points for shares.",
            blocks: blocks, attribution: Attribution.sen2)
    }

    /// One row per measure and method: median |error|, median error, coverage.
    func scoreRows() -> [[ReportCell]] {
        var out: [[ReportCell]] = [["Measure", "Method", "Median |error|", "Median error", "p10–p90 coverage"]]
        func row(_ measure: String, _ method: String, _ s: Score, points: Bool) -> [ReportCell] {
            let unit = points ? " pt" : "%", kind: ReportCell.Kind = points ? .points : .percent
            return [
                ReportCell(measure), ReportCell(Self.methodNames[method]!),
                ReportCell(Text.decimal1(s.medianAbsolute) + unit, kind, value: s.medianAbsolute),
                ReportCell(Text.decimal1(s.medianSigned, signed: true) + unit, kind, value: s.medianSigned),
                s.coverage.map { ReportCell(Text.decimal1($0 * 100) + "%", .percent, value: $0 * 100) } ?? "–",
            ]
        }
        for m in Self.methods { if let s = plans[m] { out.append(row("Total plans", m, s, points: false)) } }
        for group in PlacementGroup.published {
            for m in Self.methods {
                if let s = shares[group]?[m] { out.append(row("\(group.label) share", m, s, points: true)) }
            }
        }
        return out
    }
}
