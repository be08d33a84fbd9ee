import CGSL
import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Formula fitting (`hnf fit-formula`): the non-negative factor weights, adding up to 1,
/// whose locality-budget formula best reproduces a current allocation by locality.
///
/// With shares x(l,k) of each factor k (locality l's value over the LA's total), the
/// formula gives locality l the pot T × Σ_k w(k) x(l,k), T the current total. The weights
/// minimise Σ_l (formula(l) − current(l))², least squares, under w ≥ 0 and Σ w = 1: GSL's
/// Nelder–Mead simplex (`gsl_multimin_fminimizer_nmsimplex2`) over w = softmax(θ), which
/// keeps every trial inside the constraints.
public struct FormulaFit: Sendable {
    public var factors: [String]
    public var weights: [Double]
    public var localities: [(id: String, name: String, current: Double, fitted: Double)]
    /// 1 − residual sum of squares over the total sum of squares about the mean.
    public var rSquared: Double
    public var rootMeanSquareError: Double
    public var iterations: Int
    /// How far the factors say the same thing (weights are not identified when they do).
    public var collinearity: Collinearity

    public enum Problem: InputProblem {
        case factorMissing(String, locality: String)
        case noFactor
        case localityMissing([String])
        public var description: String {
            switch self {
            case .factorMissing(let f, let l):
                return "factor \(f): locality \(l) has no value for it; expected it under localities.\(l)"
            case .noFactor:
                return
                    "no factor to fit; expected at least one of \(ScenarioSchema.localityFactors.joined(separator: ", "))"
            case .localityMissing(let ids):
                return
                    "the allocation has no amount for \(ids.joined(separator: ", ")); expected every locality of the scenario"
            }
        }
    }

    /// `values[k][l]`: factor k in locality l (any units; only shares matter).
    public init(factors: [String], values: [[Double]], current: [Double], localities: [(id: String, name: String)]) {
        let K = factors.count, L = current.count
        let total = current.reduce(0, +)
        let shares: [[Double]] = values.map { row in
            let sum = row.reduce(0, +)
            return row.map { sum > 0 ? $0 / sum : 1 / Double(L) }
        }
        func softmax(_ theta: UnsafePointer<Double>) -> [Double] {
            let m = (0..<K).map { theta[$0] }.max() ?? 0
            let e = (0..<K).map { Foundation.exp(theta[$0] - m) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
        func fitted(_ w: [Double]) -> [Double] {
            (0..<L).map { l in total * (0..<K).reduce(0.0) { $0 + w[$1] * shares[$1][l] } }
        }
        func loss(_ w: [Double]) -> Double {
            zip(fitted(w), current).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / (total * total)
        }

        var best = [Double](repeating: 1 / Double(max(K, 1)), count: K)
        var iterations = 0
        if K > 1 {
            hnf_gsl_disable_abort()
            final class Box {
                let f: ([Double]) -> Double; let w: (UnsafePointer<Double>) -> [Double];
                init(_ f: @escaping ([Double]) -> Double, _ w: @escaping (UnsafePointer<Double>) -> [Double]) {
                    self.f = f; self.w = w
                }
            }
            let box = Box(loss, softmax)
            withExtendedLifetime(box) {
                var function = gsl_multimin_function(
                    f: { v, params in
                        let box = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
                        return box.f(box.w(gsl_vector_const_ptr(v, 0)))
                    }, n: K, params: Unmanaged.passUnretained(box).toOpaque())
                let start = gsl_vector_calloc(K)!, step = gsl_vector_alloc(K)!
                gsl_vector_set_all(step, 1)
                defer { gsl_vector_free(start); gsl_vector_free(step) }
                guard let solver = gsl_multimin_fminimizer_alloc(hnf_gsl_multimin_nmsimplex2(), K) else { return }
                defer { gsl_multimin_fminimizer_free(solver) }
                gsl_multimin_fminimizer_set(solver, &function, start, step)
                for i in 1...5000 {
                    iterations = i
                    guard gsl_multimin_fminimizer_iterate(solver) == GSL_SUCCESS else { break }
                    if gsl_multimin_test_size(gsl_multimin_fminimizer_size(solver), 1e-10) == GSL_SUCCESS { break }
                }
                best = softmax(gsl_vector_const_ptr(solver.pointee.x, 0))
            }
        } else if K == 1 {
            best = [1]
        }
        self.factors = factors
        collinearity = Collinearity(shares)
        self.weights = best
        let fit = fitted(best)
        self.localities = (0..<L).map { (localities[$0].id, localities[$0].name, current[$0], fit[$0]) }
        let mean = total / Double(L)
        let rss = zip(fit, current).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let tss = current.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        rSquared = tss > 0 ? 1 - rss / tss : 1
        rootMeanSquareError = (rss / Double(L)).squareRoot()
        self.iterations = iterations
    }

    /// Fits the scenario's locality factors (at the base year: plans and plans in
    /// mainstream from the starting stock) to `current` (by locality id).
    public init(scenario: Scenario, factors: [String], current: [String: Double]) throws {
        guard !factors.isEmpty else { throw Problem.noFactor }
        let missing = scenario.localities.map(\.id).filter { current[$0] == nil }
        guard missing.isEmpty else { throw Problem.localityMissing(missing) }
        let values: [[Double]] = try factors.map { factor in
            try scenario.localities.map { l in
                let value: Double?
                switch factor {
                case "population": value = l.totalPopulation
                case "pupils_on_roll": value = l.pupilsOnRoll
                case "fsm": value = l.fsm
                case "low_prior_attainment": value = l.lowPriorAttainment
                case "deprivation": value = l.deprivation.map { $0 * l.totalPopulation }
                case "sen_support": value = l.senSupport.isEmpty ? nil : l.senSupport.values.reduce(0, +)
                case "plans": value = Double(scenario.stock.filter { $0.locality == l.id }.reduce(0) { $0 + $1.count })
                case "plans_in_mainstream":
                    value = Double(
                        scenario.stock.filter {
                            $0.locality == l.id && scenario.setting($0.setting)?.group == .mainstream
                        }.reduce(0) { $0 + $1.count })
                default: value = nil
                }
                guard let value else { throw Problem.factorMissing(factor, locality: l.id) }
                return value
            }
        }
        self.init(
            factors: factors, values: values, current: scenario.localities.map { current[$0.id]! },
            localities: scenario.localities.map { ($0.id, $0.name) })
    }
}
