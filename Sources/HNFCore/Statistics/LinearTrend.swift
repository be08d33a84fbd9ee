import CGSL

/// A straight line fitted by ordinary least squares (GSL `gsl_fit_linear`).
public struct LinearTrend: Sendable {
    public var intercept: Double
    public var slope: Double
    /// Residual sum of squares.
    public var sumSquares: Double
    /// Variance of a prediction's mean at x is c00 + 2 x c01 + x² c11.
    public var c00, c01, c11: Double

    /// Fits y = intercept + slope x. Needs two points or more with distinct x.
    public init?(x: [Double], y: [Double]) {
        guard x.count == y.count, x.count >= 2, Set(x).count >= 2 else { return nil }
        var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
        hnf_gsl_disable_abort()
        let status = gsl_fit_linear(x, 1, y, 1, x.count, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
        guard status == 0 else { return nil }
        (intercept, slope, sumSquares, c00, c01, c11) = (c0, c1, sumsq, cov00, cov01, cov11)
    }

    public func value(at x: Double) -> Double { intercept + slope * x }
}
