import CGSL

/// Ordinary least squares y ≈ X·c with GSL's `gsl_multifit_linear` (SVD, so a
/// collinear X gives a small reciprocal condition number rather than a failure).
/// The GSL handles live only inside `init`; the type keeps plain values.
public struct LeastSquares: Sendable {
    public var coefficients: [Double]
    /// Covariance of the coefficients (residual variance × (XᵀX)⁻¹), `[i][j]`.
    public var covariance: [[Double]]
    /// Residual sum of squares.
    public var sumSquares: Double
    /// Reciprocal condition number of X (0 when singular).
    public var rcond: Double

    /// `rows[i]` is row i of X (every row the same length p ≥ 1); needs n ≥ p rows.
    /// Nil when the rows are too few or GSL fails.
    public init?(rows: [[Double]], y: [Double]) {
        let n = rows.count
        guard n == y.count, let p = rows.first?.count, p >= 1, n >= p, rows.allSatisfy({ $0.count == p }) else {
            return nil
        }
        hnf_gsl_disable_abort()
        let X = gsl_matrix_alloc(n, p)!, Y = gsl_vector_alloc(n)!, c = gsl_vector_alloc(p)!,
            cov = gsl_matrix_alloc(p, p)!
        let work = gsl_multifit_linear_alloc(n, p)!
        defer {
            gsl_matrix_free(X); gsl_vector_free(Y); gsl_vector_free(c); gsl_matrix_free(cov);
            gsl_multifit_linear_free(work)
        }
        for (i, row) in rows.enumerated() {
            gsl_vector_set(Y, i, y[i])
            for (j, x) in row.enumerated() { gsl_matrix_set(X, i, j, x) }
        }
        var chisq = 0.0
        guard gsl_multifit_linear(X, Y, c, cov, &chisq, work) == GSL_SUCCESS else { return nil }
        coefficients = (0..<p).map { gsl_vector_get(c, $0) }
        covariance = (0..<p).map { i in (0..<p).map { gsl_matrix_get(cov, i, $0) } }
        sumSquares = chisq
        rcond = gsl_multifit_linear_rcond(work)
    }

    public func predict(_ row: [Double]) -> Double { zip(row, coefficients).reduce(0) { $0 + $1.0 * $1.1 } }
}
