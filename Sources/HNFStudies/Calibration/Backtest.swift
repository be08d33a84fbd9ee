import CGSL
import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Calibrates on the SEN2 history up to one January, projects to a later one, and
/// compares with what happened — for hnf's model and for a naive log-linear trend of
/// total plans, so the model's value is measured, not asserted.
public enum Backtest {
    public struct Interval: Sendable {
        public var p10, p50, p90: Double
        public init(p10: Double, p50: Double, p90: Double) { (self.p10, self.p50, self.p90) = (p10, p50, p90) }
        public func contains(_ x: Double) -> Bool { p10 <= x && x <= p90 }
        var json: [String: Double] { ["p10": p10, "p50": p50, "p90": p90] }
    }

    public struct Result: Sendable {
        public var area: Area
        public var plans: Interval
        /// The LA's own log-linear trend of plans, and the LA grown at England's pace over the calibration years.
        public var naive: Interval
        public var england: Interval
        public var actual: Double
        /// Percent of plans by DfE group: hnf's prediction, the two baselines' (each group's
        /// plans on the LA's own trend, or grown at England's pace for that group), and actual.
        public var shares: [PlacementGroup: (predicted: Interval, actual: Double)]
        public var shareBaselines: [PlacementGroup: (trend: Double, england: Double)] = [:]
        /// Per group with a gap to England's share at the base January: the forecast chance
        /// it reached England's by the predicted January, and whether it did (`GapClosure`).
        public var closures: [PlacementGroup: GapClosure] = [:]
        /// Figures SEN2 lacks for the LA in the window and what calibration put in their place.
        public var estimated: [String] = []

        public init(
            area: Area, plans: Interval, naive: Interval, england: Interval, actual: Double,
            shares: [PlacementGroup: (predicted: Interval, actual: Double)]
        ) {
            (self.area, self.plans, self.naive, self.england, self.actual, self.shares) = (
                area, plans, naive, england, actual, shares
            )
        }

        public var json: [String: Any] {
            var out: [String: Any] = [
                "area": ["code": area.code, "name": area.name],
                "plans": [
                    "predicted": plans.json, "actual": actual, "naive_trend": naive.json, "england_rate": england.json,
                ] as [String: Any],
                "shares": Dictionary(
                    uniqueKeysWithValues: shares.map { g, v in
                        var entry: [String: Any] = ["predicted": v.predicted.json, "actual": v.actual]
                        if let b = shareBaselines[g] {
                            entry["naive_trend"] = b.trend; entry["england_rate"] = b.england
                        }
                        return (g.rawValue, entry)
                    }),
            ]
            if !estimated.isEmpty { out["estimated"] = estimated }
            return out
        }
    }

    /// Median absolute percentage error of p50 and the share of actuals inside p10-p90.
    public struct Score: Sendable {
        public var medianAPE: Double
        public var coverage: Double
        public var json: [String: Double] { ["median_ape_pc": medianAPE, "coverage_p10_p90": coverage] }
    }

    public static func score(_ pairs: [(Interval, Double)]) -> Score {
        let errors = pairs.filter { $0.1 > 0 }.map { abs($0.0.p50 - $0.1) / $0.1 * 100 }
        let inside = pairs.filter { $0.0.contains($0.1) }.count
        return Score(
            medianAPE: Summary(errors, quantiles: [0.5])?.quantiles[0] ?? 0,
            coverage: pairs.isEmpty ? 0 : Double(inside) / Double(pairs.count))
    }

    static func interval(_ values: [Double]) -> Interval {
        let q = Summary(values, quantiles: [0.1, 0.5, 0.9])!.quantiles
        return Interval(p10: q[0], p50: q[1], p90: q[2])
    }

    /// A log-linear trend of total plans over `from...to`, with an 80% prediction interval
    /// (Student's t on the residual variance, GSL).
    /// `totals`: plans each January `from...to` where calibration filled SEN2's gaps
    /// (`Calibration.history.plans`), so the baselines start from what hnf starts from.
    public static func naiveTrend(
        _ area: Area, from: Int, to: Int, predict: Int, national: NationalData, totals: [Double]? = nil
    ) -> Interval? {
        var x: [Double] = [], y: [Double] = []
        for (i, year) in (from...to).enumerated() {
            guard let plans = totals?[i] ?? national.caseload(of: area, in: year)?.value("plans"), plans > 0 else {
                continue
            }
            x.append(Double(year - to)); y.append(Foundation.log(plans))
        }
        guard let fit = LinearTrend(x: x, y: y) else { return nil }
        let h = Double(predict - to), n = x.count
        let mean = fit.value(at: h)
        guard n > 2 else {
            return Interval(p10: Foundation.exp(mean), p50: Foundation.exp(mean), p90: Foundation.exp(mean))
        }
        let residual = fit.sumSquares / Double(n - 2)
        let sd = (residual + fit.c00 + 2 * h * fit.c01 + h * h * fit.c11).squareRoot()
        let t = gsl_cdf_tdist_Pinv(0.9, Double(n - 2))
        return Interval(
            p10: Foundation.exp(mean - t * sd), p50: Foundation.exp(mean), p90: Foundation.exp(mean + t * sd))
    }

    /// The LA's plans at `to` grown at England's mean yearly pace over `from...to`, with the
    /// predictive interval of an LA around England's pace (`StockGrowth` without the LA's signals).
    public static func englandRate(
        _ area: Area, from: Int, to: Int, predict: Int, national: NationalData, growth: StockGrowth,
        totals: [Double]? = nil
    ) -> Interval? {
        guard let last = totals?.last ?? national.caseload(of: area, in: to)?.value("plans"), last > 0 else {
            return nil
        }
        let h = Double(predict - to)
        let sd = (h * growth.shocks + h * h * growth.englandVariance).squareRoot()
        let mean = Foundation.log(last) + growth.england * h, z = gsl_cdf_ugaussian_Pinv(0.9)
        return Interval(
            p10: Foundation.exp(mean - z * sd), p50: Foundation.exp(mean), p90: Foundation.exp(mean + z * sd))
    }

    /// Each DfE group's share on the two baselines: the group's plans on the LA's own
    /// log-linear trend, or grown at England's pace for that group; shares of their sum.
    static func shareBaselines(
        _ area: Area, from: Int, to: Int, predict: Int, national: NationalData
    ) -> [PlacementGroup: (trend: Double, england: Double)] {
        var trend: [PlacementGroup: Double] = [:], england: [PlacementGroup: Double] = [:]
        for group in PlacementGroup.published {
            var x: [Double] = [], y: [Double] = []
            for year in from...to {
                guard let n = national.caseload(of: area, in: year)?.value(group.totalColumn), n > 0 else { continue }
                x.append(Double(year - to)); y.append(Foundation.log(n))
            }
            if let fit = LinearTrend(x: x, y: y) {
                trend[group] = Foundation.exp(fit.value(at: Double(predict - to)))
            } else if let n = national.caseload(of: area, in: to)?.value(group.totalColumn) {
                trend[group] = n
            }
            if let n = national.caseload(of: area, in: to)?.value(group.totalColumn),
                let e0 = national.caseload(of: national.england, in: from)?.value(group.totalColumn),
                let e1 = national.caseload(of: national.england, in: to)?.value(group.totalColumn), e0 > 0, e1 > 0
            {
                england[group] = n * Foundation.pow(e1 / e0, Double(predict - to) / Double(to - from))
            }
        }
        // Summed in the groups' order, not the dictionaries' (which changes from process to
        // process), so that the same inputs give the same last digit.
        let groups = PlacementGroup.published
        let trendTotal = groups.reduce(0) { $0 + (trend[$1] ?? 0) },
            englandTotal = groups.reduce(0) { $0 + (england[$1] ?? 0) }
        var out: [PlacementGroup: (Double, Double)] = [:]
        for group in PlacementGroup.published where trendTotal > 0 && englandTotal > 0 {
            out[group] = ((trend[group] ?? 0) / trendTotal * 100, (england[group] ?? 0) / englandTotal * 100)
        }
        return out
    }

    /// A calibrated scenario read back through the loader, so it is checked as any user's
    /// file is (in memory: no temporary file).
    static func loadCalibrated(_ yaml: String, area: Area, national: NationalData) throws -> Scenario {
        try ScenarioLoader.load(
            try ScenarioLoader.merge(.generated(name: "\(area.code).yaml", yaml: yaml)), national: { national })
    }

    /// Backtests one LA. Throws when its history is incomplete. Pass `prior` (computed once)
    /// when backtesting many LAs over the same years.
    public static func run(
        _ area: Area, from: Int, to: Int, predict: Int, draws: Int, seed: UInt64, threads: Int,
        tables: Calibration.Tables, prior: Calibration.Prior? = nil
    ) throws -> Result {
        let national = tables.national
        guard let actualRow = national.caseload(of: area, in: predict), let actual = actualRow.value("plans"),
            let actualMix = PlacementMix(row: actualRow)
        else {
            throw Calibration.Failure.missing("no SEN2 caseload for \(area.name) in January \(predict)")
        }
        let seed = Self.seed(seed, area: area.code)
        var calibration = try Calibration(area: area, from: from, to: to, tables: tables, prior: prior)
        let yaml = try calibration.anchoredScenarioYAML(
            horizon: predict - to, draws: draws, seed: Int(seed), national: national)
        let scenario = try loadCalibrated(yaml, area: area, national: national)
        let plan = try ProjectionPlan(scenario)
        let projection = Projection(plan: plan, draws: draws, seed: seed, threads: threads)
        let layout = projection.layout, t = predict - to - 1
        let plans = Metric.plans.values(projection, step: t)
        var shares: [PlacementGroup: (Interval, Double)] = [:]
        for group in layout.groups {
            guard let observed = actualMix.share(group) else { continue }
            let predicted = Metric.share(group).values(projection, step: t)
            shares[group] = (interval(predicted), observed)
        }
        // The baselines start from the same Januaries as hnf, filled where SEN2 has gaps; where
        // even that gives no trend they hold the last January flat (never the actual).
        let totals = calibration.history.plans, flat = interval([totals.last ?? 0])
        let naive = naiveTrend(area, from: from, to: to, predict: predict, national: national, totals: totals) ?? flat
        let growth = try prior?.stock ?? Calibration.Prior(from: from, to: to, tables: tables).stock
        let england =
            englandRate(area, from: from, to: to, predict: predict, national: national, growth: growth, totals: totals)
            ?? flat
        var result = Result(
            area: area, plans: interval(plans), naive: naive, england: england, actual: actual, shares: shares)
        result.estimated = calibration.fills.map(\.description)
        result.shareBaselines = shareBaselines(area, from: from, to: to, predict: predict, national: national)
        result.closures = gapClosures(area, from: to, predict: predict, national: national, groups: layout.groups) {
            g, t in
            Metric.share(layout.groups[g]).values(projection, step: t)
        }
        return result
    }
}
