import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// A backtest's results over many LAs, three methods side by side: hnf, each LA's own
/// log-linear trend, and each LA grown at England's pace over the calibration years.
/// Total plans: median absolute % error of p50, median signed % error (bias), share of
/// actuals inside p10–p90. Each DfE group's share: the same in percentage points
/// (coverage for hnf only: the baselines give a share, not an interval).
public struct BacktestSummary: Sendable {
    public static let schema = "hnf.backtest.v1"
    public static let methods = ["hnf", "naive_trend", "england_rate"]

    public struct Score: Sendable {
        public var medianAbsolute: Double
        public var medianSigned: Double
        public var coverage: Double?
        /// Keys end in the unit: `_pc` for plans (median_ape_pc as before), `_pt` for shares.
        public func json(_ unit: String) -> [String: Any] {
            var out: [String: Any] = [
                unit == "pc" ? "median_ape_pc" : "median_abs_error_pt": medianAbsolute,
                "median_signed_error_\(unit)": medianSigned,
            ]
            if let coverage { out["coverage_p10_p90"] = coverage }
            return out
        }
    }

    public var from: Int, to: Int, predict: Int, draws: Int, seed: UInt64
    public var results: [Backtest.Result]
    public var skipped: [(area: Area, reason: String)]
    /// method → score, for total plans (% errors).
    public var plans: [String: Score] = [:]
    /// group → method → score (errors in points).
    public var shares: [PlacementGroup: [String: Score]] = [:]
    /// The gap-closure probabilities over every LA and group, scored (`GapClosureReliability`).
    public var closures: GapClosureReliability

    static func median(_ v: [Double]) -> Double { Summary(v, quantiles: [0.5])?.quantiles[0] ?? .nan }

    static func score(_ errors: [Double], inside: [Bool]?) -> Score {
        Score(
            medianAbsolute: median(errors.map(abs)), medianSigned: median(errors),
            coverage: inside.map { $0.isEmpty ? 0 : Double($0.filter { $0 }.count) / Double($0.count) })
    }

    public init(
        from: Int, to: Int, predict: Int, draws: Int, seed: UInt64, results: [Backtest.Result],
        skipped: [(area: Area, reason: String)]
    ) {
        (self.from, self.to, self.predict, self.draws, self.seed, self.results, self.skipped) = (
            from, to, predict, draws, seed, results, skipped
        )
        let valid = results.filter { $0.actual > 0 }
        closures = GapClosureReliability(
            valid.flatMap { r in PlacementGroup.published.compactMap { r.closures[$0] } })
        func pc(_ p: Double, _ a: Double) -> Double { (p - a) / a * 100 }
        plans["hnf"] = Self.score(
            valid.map { pc($0.plans.p50, $0.actual) }, inside: valid.map { $0.plans.contains($0.actual) })
        plans["naive_trend"] = Self.score(
            valid.map { pc($0.naive.p50, $0.actual) }, inside: valid.map { $0.naive.contains($0.actual) })
        plans["england_rate"] = Self.score(
            valid.map { pc($0.england.p50, $0.actual) }, inside: valid.map { $0.england.contains($0.actual) })
        for group in PlacementGroup.published {
            let rows = valid.compactMap { r in r.shares[group].map { (r, $0) } }
            guard !rows.isEmpty else { continue }
            var byMethod: [String: Score] = [:]
            byMethod["hnf"] = Self.score(
                rows.map { $0.1.predicted.p50 - $0.1.actual }, inside: rows.map { $0.1.predicted.contains($0.1.actual) }
            )
            let withBaselines = rows.compactMap { r, s in r.shareBaselines[group].map { ($0, s.actual) } }
            if !withBaselines.isEmpty {
                byMethod["naive_trend"] = Self.score(withBaselines.map { $0.0.trend - $0.1 }, inside: nil)
                byMethod["england_rate"] = Self.score(withBaselines.map { $0.0.england - $0.1 }, inside: nil)
            }
            shares[group] = byMethod
        }
    }

    public var json: [String: Any] {
        [
            "schema": Self.schema, "from": from, "to": to, "predict": predict, "draws": draws, "seed": seed,
            "summary": [
                "areas": results.count,
                "plans": plans["hnf"]!.json("pc"), "naive_trend_plans": plans["naive_trend"]!.json("pc"),
                "england_rate_plans": plans["england_rate"]!.json("pc"),
                "shares": Dictionary(
                    uniqueKeysWithValues: shares.map { ($0.key.rawValue, $0.value.mapValues { $0.json("pt") }) }),
                "gap_closure": closures.json,
            ] as [String: Any],
            "skipped": skipped.map { ["code": $0.area.code, "name": $0.area.name, "reason": $0.reason] },
            "areas": results.map(\.json),
        ]
    }
}
