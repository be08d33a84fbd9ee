import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension FormulaFit {
    public static let schema = "hnf.fit-formula.v1"

    /// The default R² below which gains and losses are not given.
    public static let defaultMinimumRSquared = 0.5

    /// Why the fit should not be read as a formula: below `minimum` R² (refused: the
    /// gains and losses are withheld), or factors that say the same thing (warned).
    public func warnings(minimum: Double) -> (refused: Bool, lines: [String]) {
        var lines: [String] = []
        let refused = rSquared < minimum
        if refused {
            lines.append(
                "REFUSED: R² \(String(format: "%.2f", rSquared)) is below \(String(format: "%.2f", minimum)) (--min-r2): these factors do not reproduce the allocation, so no gains and losses are given."
            )
        }
        if collinearity.isAlarming {
            let worst = zip(factors, collinearity.varianceInflation).filter { $0.1 > Collinearity.vifAlarm }.map(\.0)
            lines.append(
                "WARNING: the factors are collinear (condition number \(Self.show(collinearity.conditionNumber))"
                    + (worst.isEmpty
                        ? ""
                        : "; variance inflation above \(Int(Collinearity.vifAlarm)) for \(worst.joined(separator: ", "))")
                    + "): their weights are not identified — other weightings fit as well — so gains and losses follow the solver, not the allocation. Drop one of them."
            )
        }
        return (refused, lines)
    }

    static func show(_ v: Double) -> String { v.isFinite ? String(format: v < 100 ? "%.1f" : "%.3g", v) : "infinite" }

    /// Table and Markdown render `document`; JSON keeps its `hnf.fit-formula.v1` keys and
    /// adds the document under `report`; CSV stays the gains and losses by locality.
    public func render(
        _ format: OutputFormat, minimumRSquared minimum: Double = FormulaFit.defaultMinimumRSquared
    ) -> String {
        let (refused, warnings) = warnings(minimum: minimum)
        func finite(_ v: Double) -> Any { v.isFinite ? v : NSNull() }
        switch format {
        case .json:
            return JSONOutput.encode([
                "schema": Self.schema, "report": document(minimumRSquared: minimum).jsonObject,
                "weights": Dictionary(uniqueKeysWithValues: zip(factors, weights).map { ($0, $1) }),
                "r_squared": rSquared, "rmse": rootMeanSquareError, "iterations": iterations,
                "collinearity": [
                    "condition_number": finite(collinearity.conditionNumber),
                    "vif": Dictionary(
                        uniqueKeysWithValues: zip(factors, collinearity.varianceInflation.map(finite)).map { ($0, $1) }),
                ] as [String: Any],
                "min_r_squared": minimum, "refused": refused, "warnings": warnings,
                "localities": refused
                    ? []
                    : localities.map {
                        [
                            "id": $0.id, "name": $0.name, "current": $0.current, "fitted": $0.fitted,
                            "change": $0.fitted - $0.current,
                        ] as [String: Any]
                    },
            ])
        case .csv:
            return
                ([Text.csvLine(["locality", "current", "fitted", "change"])]
                + localities.map {
                    Text.csvLine([
                        $0.id, String(format: "%.2f", $0.current), String(format: "%.2f", $0.fitted),
                        String(format: "%.2f", $0.fitted - $0.current),
                    ])
                }).joined(separator: "\n") + "\n"
        case .table, .xlsx: return document(minimumRSquared: minimum).table()
        case .markdown: return document(minimumRSquared: minimum).markdown()
        }
    }
}
