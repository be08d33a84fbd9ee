import Foundation
import HNFCore

/// `hnf compare witan-send` as a document: a row per total, setting and cost a year, each
/// tool's mean with witan.send's 95% interval (and hnf's), the difference and whether it
/// agrees; then the verdict (a `warning` when hnf does not agree) and why hnf's intervals
/// are wider.
extension WitanSendComparison {
    public var document: ReportDocument {
        var table: [[ReportCell]] = [["What", "Year", "witan.send", "hnf", "Diff", "Agrees"]]
        for r in rows {
            let kind: ReportCell.Kind = r.kind == .cost ? .pounds : .count
            func span(_ mean: Double, _ low: Double, _ high: Double) -> ReportCell {
                let text =
                    r.kind == .cost
                    ? String(format: "£m %.3f (%.3f–%.3f)", mean * 1e-6, low * 1e-6, high * 1e-6)
                    : String(format: "%.1f (%.0f–%.0f)", mean, low, high)
                var cell = ReportCell(text, kind, value: mean)
                cell.low = low
                cell.high = high
                return cell
            }
            table.append([
                ReportCell(r.kind == .setting ? "setting \(r.key ?? "")" : r.kind.rawValue), ReportCell(String(r.year)),
                span(r.witan.mean, r.witan.low95, r.witan.high95), span(r.hnfMean, r.hnfLow95, r.hnfHigh95),
                ReportCell(
                    String(format: "%+.1f%%", r.relativeDifference * 100), .percent, value: r.relativeDifference * 100),
                ReportCell(r.agrees ? "yes" : "NO"),
            ])
        }
        let tolerance = Int(Self.meanTolerance * 100), coverage = Int(Self.settingCoverage * 100)
        let verdict =
            agrees
            ? ReportNote(
                .info,
                [
                    "Agrees: every total and cost mean is inside witan.send's 95% bounds and within \(tolerance)% of its mean; every setting holding \(coverage)% of the caseload is inside its bounds."
                ])
            : ReportNote(
                .warning,
                [
                    "Does not agree: \(rows.filter { !$0.agrees }.count) of \(rows.count) rows fail (totals and cost: inside witan.send's 95% bounds and within \(tolerance)%; settings: inside the bounds)."
                ])
        return ReportDocument(
            title: "hnf against witan.send's published projection",
            lead: "Means, with 95% intervals.",
            blocks: [
                .table(
                    ReportTable(id: "comparison", title: "Totals, settings and cost by year", table, labelColumns: 2)),
                .note(verdict),
                .note(
                    ReportNote(
                        .info,
                        [
                            "hnf's 95% intervals are wider by design: a draw keeps its sampled rates for the whole projection, where witan.send samples them afresh each year."
                        ])),
            ])
    }
}
