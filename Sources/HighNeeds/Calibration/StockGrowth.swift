import Foundation

/// How fast an LA's plans grow, pooled toward England's with what the history says about
/// whether an LA's own pace persists.
///
/// An LA's yearly log growth of plans is England's that year plus a deviation. Over the
/// calibration years (all from the span used, never later):
///
/// - **England's growth** is its mean yearly log growth; its spread between years is the
///   uncertainty of England's own pace, shared by every LA (it grows with the horizon);
/// - **persistence** of an LA's deviation: the slope, across LAs, of its mean deviation in
///   the second half of the years on its mean deviation in the first half (through 0,
///   clamped to 0...1). SEN2 2019-2025 gives 0.1-0.4 within a span and about 0 between
///   spans (the r ≈ 0): an LA that grew fast tends not to keep doing so, and its own
///   trend is damped by this slope — the between-LA variance net of noise is what persists;
/// - **shocks**: the mean squared yearly deviation of LAs from England, the year-to-year
///   noise an LA's growth has around the pooled pace (it adds up over the horizon).
///
/// The expected growth is England's plus persistence × the LA's mean deviation; the
/// predictive sd of log plans after h years is √(h·shocks + h²·(England's spread between
/// years + persistence² × the sampling variance of the LA's mean deviation)).
public struct StockGrowth: Sendable {
    public var england: Double
    public var englandVariance: Double
    public var persistence: Double
    public var shocks: Double

    /// `totals[area]` are plans by January `from...to` for every LA; `englandTotals` England's.
    public init(england englandTotals: [Double], las: [[Double]]) {
        let e = Self.logGrowth(englandTotals)
        england = e.isEmpty ? 0 : e.reduce(0, +) / Double(e.count)
        englandVariance = e.count > 1 ? Calibration.variance(e) : 0
        let deviations = las.map { Self.deviations($0, england: e) }.filter { $0.count == e.count && !$0.isEmpty }
        let half = e.count / 2
        var xy = 0.0, xx = 0.0
        for d in deviations where half > 0 {
            let a = d[..<half].reduce(0, +) / Double(half), b = d[half...].reduce(0, +) / Double(d.count - half)
            xy += a * b; xx += a * a
        }
        persistence = xx > 0 ? min(1, max(0, xy / xx)) : 0
        let squares = deviations.map { d in d.reduce(0) { $0 + $1 * $1 } / Double(d.count) }
        shocks = squares.isEmpty ? 0 : squares.reduce(0, +) / Double(squares.count)
    }

    static func logGrowth(_ totals: [Double]) -> [Double] {
        zip(totals, totals.dropFirst()).compactMap { a, b in a > 0 && b > 0 ? Foundation.log(b / a) : nil }
    }

    static func deviations(_ totals: [Double], england: [Double]) -> [Double] {
        let g = logGrowth(totals)
        return g.count == england.count ? zip(g, england).map { $0 - $1 } : []
    }

    /// An LA's expected yearly log growth and the predictive sd of its log plans after `h` years.
    public func forecast(_ totals: [Double], horizon h: Int) -> (growth: Double, sd: Double) {
        // (The mean deviation from England's yearly growth is the mean growth less England's mean.)
        let d = Self.logGrowth(totals)
        let mean = d.isEmpty ? 0 : d.reduce(0, +) / Double(d.count) - england
        let sampling = d.count > 0 ? shocks / Double(d.count) : shocks
        let H = Double(h)
        let variance = H * shocks + H * H * (englandVariance + persistence * persistence * sampling)
        return (england + persistence * mean, variance.squareRoot())
    }
}
