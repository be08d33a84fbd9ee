import Foundation

extension FormulaFit {
    public static let schema = "hnf.fit-formula.v1"

    /// Reads a current allocation: a CSV with columns `locality` (id) and `amount` (£).
    public static func readAllocation(_ path: String) throws -> [String: Double] {
        let table = try LocatedCSV(path: path, required: ["locality", "amount"])
        var out: [String: Double] = [:]
        var problems: [Diagnostic] = []
        for row in table.rows {
            let id = row.fields[table.column("locality")], amount = row.fields[table.column("amount")]
            guard let value = Double(amount.text), value.isFinite, value >= 0 else {
                problems.append(Diagnostic(at: amount.location, keyPath: "amount", found: "\"\(amount.text)\"", expected: "an amount in £, at least 0")); continue
            }
            if out[id.text] != nil { problems.append(Diagnostic(at: id.location, keyPath: "locality", found: "\(id.text) a second time", expected: "one line per locality")) }
            out[id.text] = value
        }
        if !problems.isEmpty { throw InvalidInput(problems) }
        return out
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONOutput.encode(["schema": Self.schema, "weights": Dictionary(uniqueKeysWithValues: zip(factors, weights).map { ($0, $1) }),
                                      "r_squared": rSquared, "rmse": rootMeanSquareError, "iterations": iterations,
                                      "localities": localities.map { ["id": $0.id, "name": $0.name, "current": $0.current, "fitted": $0.fitted, "change": $0.fitted - $0.current] as [String: Any] }])
        case .csv:
            return ([Text.csvLine(["locality", "current", "fitted", "change"])] + localities.map {
                Text.csvLine([$0.id, String(format: "%.2f", $0.current), String(format: "%.2f", $0.fitted), String(format: "%.2f", $0.fitted - $0.current)])
            }).joined(separator: "\n") + "\n"
        case .table, .markdown, .xlsx:
            var lines = ["Formula weights that best reproduce the current allocation (non-negative, adding up to 1; least squares, GSL simplex)"]
            for (f, w) in zip(factors, weights) { lines.append("  \(Text.pad(f, 22, right: false)) \(String(format: "%.4f", w))") }
            lines.append("Fit: R² \(String(format: "%.4f", rSquared)), root mean square error £\(Text.thousands(Int(rootMeanSquareError.rounded()))) a locality")
            lines.append("")
            lines.append("  \(Text.pad("Locality", 24, right: false)) \(Text.pad("Current £", 14)) \(Text.pad("Fitted £", 14)) \(Text.pad("Gain/loss £", 14)) \(Text.pad("%", 7))")
            for l in localities {
                let change = l.fitted - l.current
                lines.append("  \(Text.pad(l.name, 24, right: false)) \(Text.pad(Text.thousands(Int(l.current.rounded())), 14)) \(Text.pad(Text.thousands(Int(l.fitted.rounded())), 14)) \(Text.pad((change >= 0.5 ? "+" : "") + Text.thousands(Int(change.rounded())), 14)) \(Text.pad(l.current > 0 ? Text.decimal1(change / l.current * 100, signed: true) : "-", 7))")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
