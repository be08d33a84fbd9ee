import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Explanation {
    public static let schema = "hnf.explain.v1"

    /// Table and Markdown render `document`; JSON (`hnf.explain.v1`) keeps its keys and adds
    /// the document under `report`; CSV stays a row a figure.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONOutput.encode([
                "schema": Self.schema, "locality": ["id": locality.id, "name": locality.name], "financial_year": year,
                "draws": draws, "seed": seed, "total": total, "blocks": blocks.map(\.json),
                "report": document.jsonObject,
            ])
        case .csv: return csv()
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
        }
    }

    var label: String { FinancialYear(year).label }
}

extension Explanation.Block {
    var json: [String: Any] {
        [
            "name": name, "total": total,
            "steps": steps.map { step -> [String: Any] in
                var o: [String: Any] = [
                    "label": step.label, "detail": step.detail,
                    "parameters": step.parameters.map { p -> [String: Any] in
                        var q: [String: Any] = ["key_path": p.keyPath, "value": p.value]
                        if let l = p.location { q["file"] = l.file; q["line"] = l.line }
                        if let s = p.source { q["source"] = s }
                        return q
                    },
                ]
                if let a = step.amount { o["amount"] = a }
                return o
            },
        ]
    }
}
