import CGSL

/// A root of a continuous function on a bracketing interval, by GSL's Brent–Dekker solver
/// (`gsl_root_fsolver_brent`), which owns its solver and frees it.
///
/// Contract: `f(lower)` and `f(upper)` have opposite signs (or one is 0); the result is
/// within `absolute + relative × |x|` of a root, after at most `maxIterations` steps.
/// Returns nil when the interval does not bracket a root or GSL fails.
public enum BrentRoot {
    public struct Result: Sendable {
        public var x: Double
        public var iterations: Int
    }

    /// Boxes the Swift function so GSL's C callback can reach it.
    private final class Box {
        let f: (Double) -> Double
        init(_ f: @escaping (Double) -> Double) { self.f = f }
    }

    public static func solve(
        lower: Double, upper: Double, absolute: Double = 1e-10, relative: Double = 1e-12,
        maxIterations: Int = 200, _ f: @escaping (Double) -> Double
    ) -> Result? {
        let fl = f(lower), fu = f(upper)
        if fl == 0 { return Result(x: lower, iterations: 0) }
        if fu == 0 { return Result(x: upper, iterations: 0) }
        guard fl.sign != fu.sign, fl.isFinite, fu.isFinite else { return nil }
        hnf_gsl_disable_abort()
        guard let solver = gsl_root_fsolver_alloc(hnf_gsl_root_fsolver_brent()) else { return nil }
        defer { gsl_root_fsolver_free(solver) }
        let box = Box(f)
        return withExtendedLifetime(box) {
            var function = gsl_function(
                function: { x, params in
                    Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().f(x)
                }, params: Unmanaged.passUnretained(box).toOpaque())
            guard gsl_root_fsolver_set(solver, &function, lower, upper) == GSL_SUCCESS else { return nil }
            for iteration in 1...maxIterations {
                guard gsl_root_fsolver_iterate(solver) == GSL_SUCCESS else { return nil }
                let lo = gsl_root_fsolver_x_lower(solver), hi = gsl_root_fsolver_x_upper(solver)
                if gsl_root_test_interval(lo, hi, absolute, relative) == GSL_SUCCESS {
                    return Result(x: gsl_root_fsolver_root(solver), iterations: iteration)
                }
            }
            return Result(x: gsl_root_fsolver_root(solver), iterations: maxIterations)
        }
    }
}
