import CGSL
import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// How far a formula's factors say the same thing. Factors that move together (plans and
/// population, where plans are shared out by population) leave their weights
/// unidentified: many weightings fit equally well, and the gains and losses printed for
/// one of them are an artefact of the solver, not of the allocation.
///
/// - **Variance inflation** of factor k: 1 / (1 − R²), R² of factor k's shares regressed
///   on the other factors' (with an intercept; GSL's `gsl_multifit_linear`). Above 10 is
///   the usual alarm.
/// - **Condition number**: the largest over the smallest singular value of the factors'
///   standardised shares (GSL's `gsl_multifit_linear_rcond`). Above 30 is the usual alarm.
public struct Collinearity: Sendable {
    public var conditionNumber: Double
    public var varianceInflation: [Double]

    public static let vifAlarm = 10.0, conditionAlarm = 30.0
    public var isAlarming: Bool {
        conditionNumber > Self.conditionAlarm || varianceInflation.contains { $0 > Self.vifAlarm }
    }

    /// `columns[k][l]`: factor k's share in locality l.
    public init(_ columns: [[Double]]) {
        let standardised = columns.map(Self.standardise)
        let K = columns.count
        if standardised.contains(where: { $0 == nil }) {
            // A factor the same in every locality says nothing a weight can separate.
            conditionNumber = .infinity
            varianceInflation = columns.map { _ in .infinity }
            return
        }
        let z = standardised.map { $0! }
        conditionNumber = K < 2 ? 1 : Self.condition(z)
        varianceInflation = (0..<K).map { k in
            guard K > 1 else { return 1 }
            let others = (0..<K).filter { $0 != k }.map { z[$0] }
            let r2 = Self.rSquared(z[k], on: others)
            return r2 >= 1 - 1e-12 ? .infinity : 1 / (1 - r2)
        }
    }

    static func standardise(_ x: [Double]) -> [Double]? {
        let n = Double(x.count), mean = x.reduce(0, +) / n
        let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        return sd > 1e-12 * max(1, abs(mean)) ? x.map { ($0 - mean) / sd } : nil
    }

    /// R² of `y` on `xs` with an intercept (least squares, GSL).
    static func rSquared(_ y: [Double], on xs: [[Double]]) -> Double {
        let n = y.count, p = xs.count + 1
        guard n > p else { return 1 }
        let (chisq, _) = fit(n, p, { i, j in j == 0 ? 1 : xs[j - 1][i] }, y)
        let tss = y.reduce(0) { $0 + $1 * $1 }  // y is standardised: mean 0
        return tss > 0 ? max(0, 1 - chisq / tss) : 1
    }

    static func condition(_ z: [[Double]]) -> Double {
        let n = z[0].count, p = z.count
        guard n >= p else { return .infinity }
        let (_, rcond) = fit(n, p, { i, j in z[j][i] }, [Double](repeating: 0, count: n))
        return rcond > 0 ? 1 / rcond : .infinity
    }

    /// Least squares (`LeastSquares`, GSL); (residual sum of squares, reciprocal condition number).
    static func fit(_ n: Int, _ p: Int, _ x: (Int, Int) -> Double, _ y: [Double]) -> (Double, Double) {
        guard let fit = LeastSquares(rows: (0..<n).map { i in (0..<p).map { x(i, $0) } }, y: y) else { return (0, 0) }
        return (fit.sumSquares, fit.rcond)
    }
}
