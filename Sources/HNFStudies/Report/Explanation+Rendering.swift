import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Explanation {
    public static let schema = "hnf.explain.v1"

    /// Text for people (table, markdown) or JSON (`hnf.explain.v1`) for scripts.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONOutput.encode([
                "schema": Self.schema, "locality": ["id": locality.id, "name": locality.name], "financial_year": year,
                "draws": draws, "seed": seed, "total": total, "blocks": blocks.map(\.json),
            ])
        case .csv:
            return csv()
        case .table, .markdown, .xlsx:
            let md = format == .markdown
            var out = [
                md
                    ? "## \(locality.name): what it receives in \(label)"
                    : "\(locality.name) (\(locality.id)): what it receives in \(label)",
                "Means over \(Text.thousands(draws)) draws, seed \(seed): the statistic that adds up, and the mean `hnf run` reports.",
                "",
            ]
            var running = 0.0
            for block in blocks {
                out.append(md ? "### \(block.name)" : block.name)
                for step in block.steps {
                    let amount = step.amount.map { Self.money($0) } ?? ""
                    out.append(
                        (md ? "- " : "  ")
                            + "\(step.label)\(amount.isEmpty ? "" : ": \(amount)")\(step.detail.isEmpty ? "" : " — \(step.detail)")"
                    )
                    for p in step.parameters {
                        // A figure derived from the reads above, or a default, has no line of its own.
                        let place = p.location.map { "  [\(($0.file as NSString).lastPathComponent):\($0.line)]" } ?? ""
                        out.append(
                            (md ? "  - " : "      ") + "\(p.keyPath) = \(p.value)\(place)"
                                + (p.source.map { "  # \($0)" } ?? ""))
                    }
                }
                running += block.total
                out.append(
                    (md ? "- **" : "  = ") + "\(Self.money(block.total))" + (md ? "**" : "")
                        + "; running total \(Self.money(running))")
                out.append("")
            }
            out.append(md ? "**Total: \(Self.money(total))**" : "Total: \(Self.money(total))")
            return out.joined(separator: "\n") + "\n"
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
