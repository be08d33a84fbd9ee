import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// How fast an LA's plans grow: England's pace, moved by what the LA's pipeline (its
/// requests for assessment) says, with intervals that hold out of sample.
///
/// An LA's yearly log growth of plans is England's that year plus a deviation. Its own
/// past deviation does not persist (SEN2 2019-2025: growth 2019-22 against 2022-25 gives
/// r ≈ 0), but its pipeline does: an LA that received many requests for assessment for
/// the plans it holds grows faster than England over the next years. Over the calibration
/// years (all from the span used, never later):
///
/// - **England's growth** is its mean yearly log growth; its spread between years is the
///   uncertainty of England's own pace, shared by every LA (it grows with the horizon);
/// - **signal** of an LA at January t: log(requests received in calendar t−1 / plans in
///   January t−1), less England's. SEN2 publishes calendar t−1's requests with January
///   t's caseload, so a backtest never sees later data. (New plans for plans held were
///   tried beside it: on the mean over every window they scored worse, Docs/validation.md);
/// - **weight**: least squares (GSL), pooled over LAs and years, of the next year's
///   deviation on the signal; **fade**: how much of that effect the year after adds, from
///   the fit on two-year deviations against the one-year fit on the same Januaries
///   (b₂ = b₁(1 + fade), clamped to 0...1);
/// - **shocks**: the mean squared yearly deviation of LAs from England, measured before
///   the signals explain any of it (residuals in sample flatter a fit whose weights move
///   from year to year); **drift**: the part of an LA's yearly deviation that runs on from
///   year to year, from the one- and two-year fits on the same Januaries (v₂ − 2v₁ =
///   2·drift), so that such deviations widen the interval with the square of the horizon;
///   **weight spread**: the variance of the weights fitted year by year.
///
/// The expected log growth over h years is h·England's + (signals·weights)·(1 + fade +
/// … + fade^(h−1)); its variance h·shocks + h(h−1)·drift + h²·England's spread +
/// k²·(signals' weight-spread signals), with k that sum of fades.
///
/// Measured by `hnf backtest` on every window SEN2 allows (Docs/validation.md, "How good are the
/// forecasts?"); the signals and the variance terms were chosen by scoring them on all of
/// those windows at once, never one.
public struct StockGrowth: Sendable {
    /// One area's calibration years: plans each January `from...to`; requests for
    /// assessment received in each calendar year `from..<to` (nil where SEN2 has none).
    public struct History: Sendable {
        public var plans: [Double]
        public var requests: [Double?]
        public init(plans: [Double], requests: [Double?]) {
            (self.plans, self.requests) = (plans, requests)
        }
    }

    public static let signalNames = ["requests for assessment for plans held"]

    public var england: Double
    public var englandVariance: Double
    public var weights: [Double]
    public var fade: Double
    public var weightSpread: [[Double]]
    public var shocks: Double
    public var drift: Double
    let englandHistory: History

    public init(england: History, las: [History]) {
        englandHistory = england
        let e = Self.logGrowth(england.plans)
        self.england = e.isEmpty ? 0 : e.reduce(0, +) / Double(e.count)
        englandVariance = e.count > 1 ? Calibration.variance(e) : 0
        let p = Self.signalNames.count
        (weights, fade, drift, shocks) = (Array(repeating: 0, count: p), 0, 0, 0)
        weightSpread = Array(repeating: Array(repeating: 0, count: p), count: p)
        let yearly = las.flatMap { la in
            englandHistory.plans.indices.dropLast().compactMap { deviation(la, from: $0, step: 1) }
        }
        shocks = yearly.isEmpty ? 0 : yearly.reduce(0) { $0 + $1 * $1 } / Double(yearly.count)
        guard let one = fit(las, step: 1) else { return }
        weights = one.coefficients
        // Fade and drift compare the two-year fit with a one-year fit on the same Januaries
        // (the Januaries with two years after them), not with the weights of every January.
        let twoYearStarts = englandHistory.plans.count >= 4 ? Array(1...(englandHistory.plans.count - 3)) : []
        if let two = fit(las, step: 2), let same = fit(las, step: 1, years: twoYearStarts) {
            let b1b1 = zip(same.coefficients, same.coefficients).reduce(0) { $0 + $1.0 * $1.1 }
            let b2b1 = zip(two.coefficients, same.coefficients).reduce(0) { $0 + $1.0 * $1.1 }
            fade = b1b1 > 0 ? min(1, max(0, b2b1 / b1b1 - 1)) : 0
            drift = max(0, (two.sumSquares / Double(two.rows) - 2 * same.sumSquares / Double(same.rows)) / 2)
        }
        weightSpread = Self.covariance(yearlyWeights(las))
    }

    // MARK: Forecast

    /// An LA's signals at its last January (0 where SEN2 lacks a figure: England's pace).
    public func signals(_ la: History) -> [Double] {
        signals(la, at: la.plans.count - 1) ?? Array(repeating: 0, count: Self.signalNames.count)
    }

    /// An LA's expected yearly log growth over `h` years and the predictive sd of its log
    /// plans after them.
    public func forecast(_ la: History, horizon h: Int) -> (growth: Double, sd: Double) {
        let x = signals(la), H = Double(h)
        let k = (0..<max(h, 1)).reduce(0.0) { $0 + Foundation.pow(fade, Double($1)) }
        let effect = zip(x, weights).reduce(0) { $0 + $1.0 * $1.1 } * k
        var spread = 0.0
        for i in x.indices { for j in x.indices { spread += x[i] * weightSpread[i][j] * x[j] } }
        let variance = H * shocks + H * (H - 1) * drift + H * H * englandVariance + k * k * spread
        return (england + effect / max(H, 1), max(0, variance).squareRoot())
    }

    // MARK: Estimation

    /// The signals at January index `t` (≥ 1), or nil when a figure is missing.
    func signals(_ la: History, at t: Int) -> [Double]? {
        guard t >= 1, t < la.plans.count, t - 1 < la.requests.count, t - 1 < englandHistory.requests.count else {
            return nil
        }
        func ratio(_ flow: Double?, _ englandFlow: Double?) -> Double? {
            guard let flow, let englandFlow, flow > 0, englandFlow > 0, la.plans[t - 1] > 0,
                englandHistory.plans[t - 1] > 0
            else { return nil }
            return Foundation.log(flow / la.plans[t - 1]) - Foundation.log(englandFlow / englandHistory.plans[t - 1])
        }
        return ratio(la.requests[t - 1], englandHistory.requests[t - 1]).map { [$0] }
    }

    /// The deviation of an LA's log growth from England's over `step` years from index `t`.
    func deviation(_ la: History, from t: Int, step: Int) -> Double? {
        let p = la.plans, e = englandHistory.plans
        guard t + step < p.count, p[t] > 0, p[t + step] > 0, e[t] > 0, e[t + step] > 0 else { return nil }
        return Foundation.log(p[t + step] / p[t]) - Foundation.log(e[t + step] / e[t])
    }

    /// Least squares of the `step`-year deviation on the signals, pooled over LAs and the
    /// Januaries `years` (every one with `step` years after it, by default).
    func fit(
        _ las: [History], step: Int, years: [Int]? = nil
    ) -> (coefficients: [Double], sumSquares: Double, rows: Int)? {
        var rows: [[Double]] = [], y: [Double] = []
        let last = englandHistory.plans.count - 1 - step
        for t in years ?? (last >= 1 ? Array(1...last) : []) {
            for la in las {
                guard let x = signals(la, at: t), let d = deviation(la, from: t, step: step) else { continue }
                rows.append(x); y.append(d)
            }
        }
        guard rows.count > 2, let fit = LeastSquares(rows: rows, y: y) else { return nil }
        return (fit.coefficients, fit.sumSquares, rows.count)
    }

    /// The one-year weights fitted on each January alone.
    func yearlyWeights(_ las: [History]) -> [[Double]] {
        let last = englandHistory.plans.count - 2
        return last >= 1 ? (1...last).compactMap { fit(las, step: 1, years: [$0])?.coefficients } : []
    }

    static func covariance(_ samples: [[Double]]) -> [[Double]] {
        let p = samples.first?.count ?? signalNames.count
        guard samples.count > 1 else { return Array(repeating: Array(repeating: 0, count: p), count: p) }
        let n = Double(samples.count)
        let mean = (0..<p).map { j in samples.reduce(0) { $0 + $1[j] } / n }
        return (0..<p).map { i in
            (0..<p).map { j in
                samples.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[j] - mean[j]) } / (n - 1)
            }
        }
    }

    static func logGrowth(_ totals: [Double]) -> [Double] {
        zip(totals, totals.dropFirst()).compactMap { a, b in a > 0 && b > 0 ? Foundation.log(b / a) : nil }
    }
}
