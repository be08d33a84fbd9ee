import HNFCore
import HNFEngine

/// `hnf solve` as a document: the value found and the median there with its interval,
/// then whether every block can pay its protection at it (a pot short in most draws is
/// `infeasible`, in some a `warning`); or, with no value in the bounds, a warning, the
/// medians at the two bounds and which way the target lies.
extension GoalSeek {
    /// The metric as the report shows it: £m, a count or a share.
    func show(_ v: Double) -> String {
        metric.isMoney ? Text.millionsOfPounds(v) : metric == .plans ? Text.count(v) : "\(Text.decimal1(v))%"
    }

    var metricKind: ReportCell.Kind { metric.isMoney ? .pounds : metric == .plans ? .count : .percent }

    /// "£0.0m (90% interval -£24.1m to £29.6m)": the median and its interval.
    func medianCell(_ stats: Stats) -> ReportCell {
        var cell = ReportCell(
            "\(show(stats.p50)) (90% interval \(show(stats.p5)) to \(show(stats.p95)))", metricKind, value: stats.p50)
        cell.low = stats.p5
        cell.high = stats.p95
        return cell
    }

    public func document(draws: Int, priceBase: Int? = nil) -> ReportDocument {
        let when = metric.isMoney ? FinancialYear(year).label : "January \(year)"
        let blocks: [ReportBlock]
        switch outcome {
        case .found(let e): blocks = foundBlocks(e, when: when, draws: draws, priceBase: priceBase)
        case .unreachable(let lo, let hi):
            blocks = [
                .note(
                    ReportNote(
                        .warning,
                        [
                            "No value between \(GoalSeek.text(lo.value)) and \(GoalSeek.text(hi.value)) reaches the target:",
                            "  \(advice)",
                        ])),
                .table(
                    ReportTable(
                        id: "bounds", title: "At the bounds",
                        [
                            [ReportCell(keyPath), ReportCell("Median \(metric.rawValue) in \(when)")],
                            [ReportCell(GoalSeek.text(lo.value)), medianCell(lo.metric)],
                            [ReportCell(GoalSeek.text(hi.value)), medianCell(hi.metric)],
                        ])),
            ]
        }
        return ReportDocument(
            title: "Goal seek: \(keyPath) so that the median \(metric.rawValue) in \(when) is \(show(target))",
            lead:
                "\(evaluations.count) projections run (same draws and seed each time), \(Text.thousands(draws)) draws each.",
            blocks: blocks)
    }

    func foundBlocks(_ e: Evaluation, when: String, draws: Int, priceBase: Int?) -> [ReportBlock] {
        let value = shown(e.value, priceBase: priceBase)
        var blocks: [ReportBlock] = [
            .table(
                ReportTable(
                    id: "found", title: "Found: \(keyPath) = \(value)",
                    [
                        ["", "Value"],
                        [
                            "Value found",
                            value.contains("£") ? ReportCell(value, .pounds, value: e.value) : ReportCell(value),
                        ],
                        [ReportCell("Median \(metric.rawValue) in \(when)"), medianCell(e.metric)],
                        [
                            "Off target by",
                            ReportCell(show(e.metric.p50 - target), metricKind, value: e.metric.p50 - target),
                        ],
                        ["Draws", ReportCell(Text.thousands(draws), .count, value: Double(draws))],
                    ])),
            .note(ReportNote(.info, ["The median moves in steps of whole children."])),
        ]
        for broken in e.infeasible {
            blocks.append(
                .note(
                    ReportNote(
                        broken.share > 0.5 ? .infeasible : .warning,
                        [
                            "\(broken.share > 0.5 ? "INFEASIBLE" : "Warning"): \(broken.block)'s pot cannot meet its protection and cap from \(FinancialYear(broken.year)) "
                                + "in \(Int((broken.share * 100).rounded()))% of draws: every locality is then scaled to fit, below its protection."
                        ])))
        }
        if e.infeasible.isEmpty {
            blocks.append(
                .note(ReportNote(.info, ["Feasible: every block meets its protection and cap at this value."])))
        }
        return blocks
    }
}
