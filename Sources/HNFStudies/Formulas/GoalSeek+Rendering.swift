import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension GoalSeek {
    public static let schema = "hnf.solve.v1"

    /// Table, Markdown and CSV render `document` (CSV its long form: solve has no data of
    /// its own beyond the JSON's trace); JSON keeps its `hnf.solve.v1` keys and adds the
    /// document under `report`. `priceBase`: the financial year the scenario's money is
    /// priced in (`budget.prices.base`).
    public func render(_ format: OutputFormat, draws: Int, priceBase: Int? = nil) -> String {
        func evaluation(_ e: Evaluation) -> [String: Any] {
            [
                "value": e.value, "metric": e.metric.json, "feasible": e.feasible,
                "infeasible": e.infeasible.map {
                    ["block": $0.block, "year": $0.year, "share_of_draws": $0.share] as [String: Any]
                },
            ]
        }
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
            out["report"] = document(draws: draws, priceBase: priceBase).jsonObject
            return JSONOutput.encode(out)
        case .csv: return document(draws: draws, priceBase: priceBase).csv()
        case .markdown: return document(draws: draws, priceBase: priceBase).markdown()
        case .table, .xlsx: return document(draws: draws, priceBase: priceBase).table()
        }
    }
}
