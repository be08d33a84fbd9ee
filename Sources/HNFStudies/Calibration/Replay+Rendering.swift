import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Replay {
    public static let schema = "hnf.replay.v1"

    /// Table and Markdown render `document`; JSON keeps its `hnf.replay.v1` keys and adds
    /// the document under `report`; CSV stays a row a line (p10, p50, p90, actual) for analysts.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONOutput.encode(json.merging(["report": document.jsonObject]) { a, _ in a })
        case .csv: return csv()
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
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
