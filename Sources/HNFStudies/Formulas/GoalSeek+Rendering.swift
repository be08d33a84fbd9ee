import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension GoalSeek {
    public static let schema = "hnf.solve.v1"

    /// `priceBase`: the financial year the scenario's money is priced in (`budget.prices.base`).
    public func render(_ format: OutputFormat, draws: Int, priceBase: Int? = nil) -> String {
        func show(_ v: Double) -> String {
            metric.isMoney ? Text.millionsOfPounds(v) : metric == .plans ? Text.count(v) : "\(Text.decimal1(v))%"
        }
        func evaluation(_ e: Evaluation) -> [String: Any] {
            [
                "value": e.value, "metric": e.metric.json, "feasible": e.feasible,
                "infeasible": e.infeasible.map {
                    ["block": $0.block, "year": $0.year, "share_of_draws": $0.share] as [String: Any]
                },
            ]
        }
        let when = metric.isMoney ? FinancialYear(year).label : "January \(year)"
        switch format {
        case .json:
            var out: [String: Any] = [
                "schema": Self.schema, "vary": keyPath, "metric": metric.rawValue, "year": year, "target": target,
                "draws": draws, "evaluations": evaluations.count, "trace": evaluations.map(evaluation),
            ]
            if let priceBase { out["price_base"] = FinancialYear(priceBase).label }
            switch outcome {
            case .found(let e):
                out["found"] = true; out["value"] = e.value; out["at_value"] = e.metric.json
                out["feasible"] = e.feasible; out["infeasible"] = evaluation(e)["infeasible"]
            case .unreachable(let lo, let hi):
                out["found"] = false; out["at_low"] = evaluation(lo); out["at_high"] = evaluation(hi)
                out["advice"] = advice
            }
            return JSONOutput.encode(out)
        default:
            var lines = [
                "Goal seek: \(keyPath) so that the median \(metric.rawValue) in \(when) is \(show(target))", "",
            ]
            switch outcome {
            case .found(let e):
                lines.append("Found: \(keyPath) = \(shown(e.value, priceBase: priceBase))")
                lines.append(
                    "There: median \(show(e.metric.p50)) (90% interval \(show(e.metric.p5)) to \(show(e.metric.p95))), \(Text.thousands(draws)) draws"
                )
                lines.append(
                    "Off target by \(show(e.metric.p50 - target)) (the median moves in steps of whole children)")
                for broken in e.infeasible {
                    lines.append(
                        "\(broken.share > 0.5 ? "INFEASIBLE" : "Warning"): \(broken.block)'s pot cannot meet its protection and cap from \(FinancialYear(broken.year)) "
                            + "in \(Int((broken.share * 100).rounded()))% of draws: every locality is then scaled to fit, below its protection."
                    )
                }
                if e.infeasible.isEmpty {
                    lines.append("Feasible: every block meets its protection and cap at this value.")
                }
            case .unreachable(let lo, let hi):
                lines.append(
                    "No value between \(GoalSeek.text(lo.value)) and \(GoalSeek.text(hi.value)) reaches the target:")
                lines.append(
                    "  at \(GoalSeek.text(lo.value)): median \(show(lo.metric.p50)); at \(GoalSeek.text(hi.value)): median \(show(hi.metric.p50))"
                )
                lines.append("  (\(advice))")
            }
            lines.append("\(evaluations.count) projections run (same draws and seed each time).")
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
