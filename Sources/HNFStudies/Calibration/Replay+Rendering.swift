import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Replay {
    public static let schema = "hnf.replay.v1"

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONOutput.encode(json)
        case .csv: return csv()
        case .table, .markdown, .xlsx: return table(markdown: format == .markdown)
        }
    }

    var json: [String: Any] {
        func line(_ l: Line) -> [String: Any] { ["predicted": l.predicted.json, "actual": l.actual] }
        return [
            "schema": Self.schema, "scenario": scenario, "area": ["code": area.code, "name": area.name],
            "year": from, "compared_with": from + 1, "draws": draws,
            "plans": line(plans),
            "groups": Dictionary(uniqueKeysWithValues: groups.map { ($0.label, line($0)) }),
            "settings": Dictionary(uniqueKeysWithValues: settings.map { ($0.label, line($0)) }),
        ]
    }

    /// Error of the median against the actual: % for counts, points for shares.
    static func error(_ l: Line, points: Bool) -> String {
        guard points || l.actual > 0 else { return "n/a" }
        let e = points ? l.predicted.p50 - l.actual : (l.predicted.p50 - l.actual) / l.actual * 100
        return Text.decimal1(e, signed: true) + (points ? " pt" : "%")
    }

    func rows() -> [(
        section: String, label: String, predicted: String, interval: String, actual: String, error: String
    )] {
        var out: [(String, String, String, String, String, String)] = []
        let p = plans.predicted
        out.append(
            (
                "plans", "Total plans", Text.count(p.p50), "\(Text.count(p.p10))–\(Text.count(p.p90))",
                Text.count(plans.actual), Self.error(plans, points: false)
            ))
        for g in groups {
            let q = g.predicted
            out.append(
                (
                    "group %", PlacementGroup(rawValue: g.label)?.label ?? g.label, Text.decimal1(q.p50),
                    "\(Text.decimal1(q.p10))–\(Text.decimal1(q.p90))", Text.decimal1(g.actual),
                    Self.error(g, points: true)
                ))
        }
        for s in settings {
            let q = s.predicted
            out.append(
                (
                    "setting", s.label, Text.count(q.p50), "\(Text.count(q.p10))–\(Text.count(q.p90))",
                    Text.count(s.actual), Self.error(s, points: false)
                ))
        }
        return out
    }

    func table(markdown: Bool) -> String {
        var out =
            markdown
            ? "## \(area.name): replay from January \(from)\n\n"
            : "\(area.name): replay of \(scenario) from January \(from)\n"
        out +=
            "Run for one year from SEN2's January \(from) plans, against SEN2's January \(from + 1) (\(draws) draws; p50, 80% interval p10–p90).\n"
        if from < 2024 {
            out +=
                "SEN2 has no ages before January 2024: the stock is January \(from)'s plans by placement, shared by age as in January 2024.\n"
        }
        out += "\n"
        let header = ["", "", "Predicted", "p10–p90", "Actual \(from + 1)", "Error"]
        let body = rows().map { [$0.section, $0.label, $0.predicted, $0.interval, $0.actual, $0.error] }
        out += Text.table(header, body, markdown: markdown, rightAligned: { $0 >= 2 })
        out += "\n" + Attribution.sen2 + "\n"
        return out
    }

    func csv() -> String {
        var out = Text.csvLine(["year", "kind", "item", "p10", "p50", "p90", "actual"]) + "\n"
        func add(_ kind: String, _ l: Line) {
            out +=
                Text.csvLine(
                    ["\(from + 1)", kind, l.label]
                        + [l.predicted.p10, l.predicted.p50, l.predicted.p90, l.actual].map {
                            String(format: "%.4f", $0)
                        }) + "\n"
        }
        add("plans", plans)
        for g in groups { add("group_share_pc", g) }
        for s in settings { add("setting_plans", s) }
        return out
    }
}
