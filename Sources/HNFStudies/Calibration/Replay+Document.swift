import HNFCore

/// `hnf replay` as a document: one table of the year's plans, placement groups' shares and
/// settings' plans, each predicted (median, with its 80% interval p10–p90) against SEN2's
/// actual, and the error of the median; a `warning` when the stock's ages are borrowed
/// from January 2024.
extension Replay {
    public var document: ReportDocument {
        func predicted(_ q: Stats, _ kind: ReportCell.Kind, _ show: (Double) -> String) -> [ReportCell] {
            var cell = ReportCell(show(q.p50), kind, value: q.p50)
            cell.low = q.p10
            cell.high = q.p90
            return [cell, ReportCell("\(show(q.p10))–\(show(q.p90))")]
        }
        func error(_ l: Line, points: Bool) -> ReportCell {
            guard points || l.actual > 0 else { return ReportCell(Self.error(l, points: points)) }
            let e = points ? l.predicted.p50 - l.actual : (l.predicted.p50 - l.actual) / l.actual * 100
            return ReportCell(Self.error(l, points: points), points ? .points : .percent, value: e)
        }
        var rows: [[ReportCell]] = [["", "", "Predicted", "p10–p90", ReportCell("Actual \(from + 1)"), "Error"]]
        rows.append(
            ["plans", "Total plans"] + predicted(plans.predicted, .count, Text.count)
                + [ReportCell(Text.count(plans.actual), .count, value: plans.actual), error(plans, points: false)])
        for g in groups {
            rows.append(
                ["group %", ReportCell(PlacementGroup(rawValue: g.label)?.label ?? g.label)]
                    + predicted(g.predicted, .percent, { Text.decimal1($0) })
                    + [ReportCell(Text.decimal1(g.actual), .percent, value: g.actual), error(g, points: true)])
        }
        for s in settings {
            rows.append(
                ["setting", ReportCell(s.label)] + predicted(s.predicted, .count, Text.count)
                    + [ReportCell(Text.count(s.actual), .count, value: s.actual), error(s, points: false)])
        }
        var blocks: [ReportBlock] = []
        if from < 2024 {
            blocks.append(
                .note(
                    ReportNote(
                        .warning,
                        [
                            "SEN2 has no ages before January 2024: the stock is January \(from)'s plans by placement, shared by age as in January 2024."
                        ])))
        }
        blocks.append(
            .table(
                ReportTable(id: "replay", title: "Predicted against SEN2's January \(from + 1)", rows, labelColumns: 2))
        )
        return ReportDocument(
            title: "\(area.name): replay of \(scenario) from January \(from)",
            lead:
                "Run for one year from SEN2's January \(from) plans, against SEN2's January \(from + 1) (\(draws) draws; p50, 80% interval p10–p90).",
            blocks: blocks, attribution: Attribution.sen2)
    }
}
