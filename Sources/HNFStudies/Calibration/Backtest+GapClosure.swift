import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The "probability a group's share reaches England's by year Y" that `hnf run` prints
/// (`RunReport.GapClosure`), scored on backtests: the share of draws whose share reached
/// England's January `to` share, from the side it started on, in some January up to the
/// predicted one, against whether the LA's actual share did in those Januaries.
extension Backtest {
    public struct GapClosure: Sendable {
        public var probability: Double
        public var happened: Bool
    }

    /// Per group with a gap at January `to`: the forecast and what happened. `shares(g, t)`
    /// gives draw by draw the group's share (percent) in projected January `to + 1 + t`.
    static func gapClosures(
        _ area: Area, from to: Int, predict: Int, national: NationalData, groups: [PlacementGroup],
        shares: (Int, Int) -> [Double]
    ) -> [PlacementGroup: GapClosure] {
        guard let englandRow = national.caseload(of: national.england, in: to),
            let england = PlacementMix(row: englandRow), let startRow = national.caseload(of: area, in: to),
            let start = PlacementMix(row: startRow)
        else { return [:] }
        let actual = (to + 1...predict).map { year in national.caseload(of: area, in: year).flatMap(PlacementMix.init) }
        var out: [PlacementGroup: GapClosure] = [:]
        for (g, group) in groups.enumerated() {
            guard let reference = england.share(group), let base = start.share(group), base != reference,
                actual.allSatisfy({ $0?.share(group) != nil })
            else { continue }
            let below = base < reference
            func reached(_ s: Double) -> Bool { below ? s >= reference : s <= reference }
            let byYear = (0..<(predict - to)).map { shares(g, $0) }
            let draws = byYear.first?.count ?? 0
            guard draws > 0 else { continue }
            let closed = (0..<draws).filter { d in byYear.contains { reached($0[d]) } }.count
            out[group] = GapClosure(
                probability: Double(closed) / Double(draws),
                happened: actual.contains { reached($0!.share(group)!) })
        }
        return out
    }
}

/// Gap-closure forecasts pooled over LAs and groups: how often the event happened when
/// hnf gave each range of probability (a reliability table), and the Brier score beside
/// that of always forecasting the base rate (the share of all cases in which it happened).
public struct GapClosureReliability: Sendable {
    public struct Bin: Sendable {
        public var lower, upper: Double
        public var count: Int
        public var meanForecast: Double
        public var observed: Double
    }

    public var cases: Int
    public var brier: Double
    public var baseRate: Double
    public var baseRateBrier: Double
    public var bins: [Bin]

    public static let edges = [0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1.0]

    public init(_ forecasts: [Backtest.GapClosure]) {
        cases = forecasts.count
        let n = Double(max(cases, 1))
        let outcome = forecasts.map { $0.happened ? 1.0 : 0 }
        let rate = outcome.reduce(0, +) / n
        baseRate = rate
        brier = zip(forecasts, outcome).reduce(0) { $0 + ($1.0.probability - $1.1) * ($1.0.probability - $1.1) } / n
        baseRateBrier = outcome.reduce(0) { $0 + (rate - $1) * (rate - $1) } / n
        let e = Self.edges
        bins = (0..<(e.count - 1)).compactMap { i in
            let inside = forecasts.filter {
                $0.probability >= e[i] && (i == e.count - 2 ? $0.probability <= e[i + 1] : $0.probability < e[i + 1])
            }
            guard !inside.isEmpty else { return nil }
            let m = Double(inside.count)
            return Bin(
                lower: e[i], upper: e[i + 1], count: inside.count,
                meanForecast: inside.reduce(0) { $0 + $1.probability } / m,
                observed: Double(inside.filter(\.happened).count) / m)
        }
    }

    public var json: [String: Any] {
        [
            "cases": cases, "brier": brier, "base_rate": baseRate, "base_rate_brier": baseRateBrier,
            "bins": bins.map {
                [
                    "from": $0.lower, "to": $0.upper, "count": $0.count, "mean_forecast": $0.meanForecast,
                    "observed": $0.observed,
                ] as [String: Any]
            },
        ]
    }
}
