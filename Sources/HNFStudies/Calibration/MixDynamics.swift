import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// How LAs' placement mixes move from year to year, estimated inside the calibration
/// window across every LA (`Calibration.Prior`), for `flows.new_plans.setting_trend` and
/// `flows.mix_shocks` of a calibrated scenario:
///
/// - **trend**: England's yearly change of each setting's log share of new plans (GSL
///   least squares over the window's calendar years). New plans moved from special schools
///   to mainstream every year since 2019 (special 18.7% of England's new plans in 2019,
///   9.3% in 2024 [SEN2]); an LA's mix averaged over the window starts behind that.
/// - **new-plan shocks**: each LA's yearly log share of new plans in a setting, less
///   England's that year, varies around its own level; the variogram of those deviations at
///   lags 1 and 2 gives their spread and persistence (an AR(1): γ(k) = 2σ²(1 − ρᵏ)), after
///   the binomial noise of small counts is taken out. A variogram needs no mean, so a window
///   of three years still gives both.
/// - **setting shocks**: the same for each setting's yearly net move rate (what it gains or
///   loses beyond its leavers and new plans, a share of its children), less England's.
///
/// Deviations from England's year are used so that what all LAs did together (the trend,
/// SEN2's changes of definition) is not counted as each LA's shock.
public struct MixDynamics: Sendable {
    public var newPlanTrend: [String: Double]
    public var newPlanShock: Scenario.MixShocks.Process
    public var settingSD: [String: Double]
    public var settingPersistence: Double

    /// Pairs of deviations pooled over LAs, for the variogram: (lag, squared difference less
    /// its noise, weight).
    struct Variogram {
        var sum = [0.0, 0.0], weight = [0.0, 0.0]

        mutating func add(_ x: [Double?], noise: [Double], weight w: Double) {
            for lag in 1...2 {
                for c in 0..<max(0, x.count - lag) {
                    guard let a = x[c], let b = x[c + lag] else { continue }
                    sum[lag - 1] += w * ((b - a) * (b - a) - noise[c] - noise[c + lag])
                    weight[lag - 1] += w
                }
            }
        }

        /// (σ, ρ) of an AR(1) with this variogram; ρ from lags 1 and 2 where both are known.
        func fit(maximumPersistence: Double = 0.9) -> (sd: Double, persistence: Double) {
            guard weight[0] > 0 else { return (0, 0) }
            let g1 = max(sum[0] / weight[0], 0)
            guard g1 > 0 else { return (0, 0) }
            let g2 = weight[1] > 0 ? max(sum[1] / weight[1], 0) : 2 * g1
            let rho = min(max(g2 / g1 - 1, 0), maximumPersistence)
            return ((g1 / (2 * (1 - rho))).squareRoot(), rho)
        }
    }

    init(england: Calibration.Series, las: [Calibration.Series], from: Int, to: Int) {
        let ids = Calibration.settings.map(\.id)
        let years = Array(from..<to)
        let englandShare = Self.newPlanShares(england, years: years)
        var trend: [String: Double] = [:]
        for id in ids {
            let points = years.indices.compactMap { i in englandShare[i][id].flatMap { $0 > 0 ? (i, $0) : nil } }
            if let fit = LinearTrend(x: points.map { Double(years[$0.0]) }, y: points.map { Foundation.log($0.1) }) {
                trend[id] = min(max(fit.slope, -0.5), 0.5)
            }
        }
        newPlanTrend = trend
        var joiners = Variogram()
        var moves = Dictionary(uniqueKeysWithValues: ids.map { ($0, Variogram()) })
        let englandMoves = Self.netMoveRates(england, from: from, to: to)
        for la in las {
            Self.addNewPlans(la, years: years, england: englandShare, to: &joiners)
            let rates = Self.netMoveRates(la, from: from, to: to)
            for id in ids {
                let x: [Double?] = years.indices.map { c in
                    guard let r = rates[c][id], let e = englandMoves[c][id] else { return nil }
                    return r.rate - e.rate
                }
                moves[id]!.add(x, noise: years.indices.map { rates[$0][id]?.noise ?? 0 }, weight: 1)
            }
        }
        let j = joiners.fit()
        newPlanShock = .init(sd: j.sd, persistence: j.persistence)
        var sd: [String: Double] = [:], persistence: [Double] = []
        for id in ids {
            let fit = moves[id]!.fit()
            sd[id] = min(fit.sd, 0.5)
            if fit.sd > 0 { persistence.append(fit.persistence) }
        }
        settingSD = sd
        settingPersistence = persistence.isEmpty ? 0 : persistence.reduce(0, +) / Double(persistence.count)
    }

    /// `[year index][setting]`: each setting's share of the year's new plans.
    static func newPlanShares(_ s: Calibration.Series, years: [Int]) -> [[String: Double]] {
        years.map { year in
            let j = s.joiners[year] ?? [:], total = j.values.reduce(0, +)
            return total > 0 ? j.mapValues { $0 / total } : [:]
        }
    }

    /// An LA's yearly log shares of new plans less England's, for the settings where it
    /// expects ten or more new plans a year (fewer are mostly noise).
    static func addNewPlans(
        _ la: Calibration.Series, years: [Int], england: [[String: Double]], to variogram: inout Variogram
    ) {
        let totals = years.map { la.joiners[$0]?.values.reduce(0, +) ?? 0 }
        for s in Calibration.settings {
            let counts = years.map { la.joiners[$0]?[s.id] ?? 0 }
            let mean = counts.reduce(0, +) / max(totals.reduce(0, +), 1)
            guard mean > 0, totals.allSatisfy({ $0 * mean >= 10 }) else { continue }
            let x: [Double?] = years.indices.map { c in
                guard let e = england[c][s.id], e > 0 else { return nil }
                return Foundation.log((counts[c] + 0.5) / (totals[c] + 0.5)) - Foundation.log(e)
            }
            // The binomial variance of a log share: (1 − p) / (n p).
            let noise = totals.map { (1 - mean) / ($0 * mean) }
            variogram.add(x, noise: noise, weight: mean)
        }
    }

    /// `[year index][setting]`: the net move rate of each setting in each year of the
    /// window (as `Calibration.netMoves` sums it), with the Poisson variance of its flows.
    static func netMoveRates(
        _ s: Calibration.Series, from: Int, to: Int
    ) -> [[String: (rate: Double, noise: Double)]] {
        (from..<to).map { c in
            var out: [String: (Double, Double)] = [:]
            guard c - from < s.ceasing.count, let before = s.stock[c], let after = s.stock[c + 1] else { return out }
            let r = s.ceasing[c - from]
            for setting in Calibration.settings {
                let n = before[setting.id] ?? 0, exposed = n * (1 - r)
                guard n >= 20, exposed > 0 else { continue }
                let joined = s.joiners[c]?[setting.id] ?? 0
                let net = (after[setting.id] ?? 0) - exposed - joined
                out[setting.id] = (net / exposed, (n * r + joined + abs(net)) / (exposed * exposed))
            }
            return out
        }
    }
}
