import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// How many runs a sweep makes, counted before any is listed: a design of millions of
/// points is refused at once with its size, not after minutes and gigabytes of planning.
extension SweepSpec {
    /// The most runs one sweep may hold (its database has a row and a stored command for
    /// each). Past it: split the sweep, or sample the space with `sobol`.
    public static let maximumRuns = 1_000_000

    /// The design's points, the base included, as a Double so that a product of many
    /// parameters' counts cannot overflow.
    static func pointCount(_ design: Design, _ parameters: [Parameter], samples: Int) -> Double {
        switch design {
        case .oneAtATime: return 1 + parameters.reduce(0) { $0 + Double($1.values.count) }
        case .grid: return parameters.isEmpty ? 1 : 1 + parameters.reduce(1) { $0 * Double($1.values.count) }
        case .sobol: return 1 + Double(samples)
        }
    }

    /// The refusal of a sweep over `maximumRuns`, nil when it fits.
    static func sizeProblem(
        bases: Int, basesWord: String, overlaySets: Int, points: Double, at location: SourceLocation?, file: String
    ) -> Diagnostic? {
        let runs = Double(bases) * Double(overlaySets) * points
        guard runs > Double(maximumRuns) else { return nil }
        return Diagnostic(
            at: location, file: file, keyPath: "design",
            found:
                "\(shown(runs)) runs (\(Text.thousands(bases)) \(basesWord) × \(Text.thousands(overlaySets)) overlay set\(overlaySets == 1 ? "" : "s") × \(shown(points)) design points, the base included)",
            expected:
                "at most \(Text.thousands(maximumRuns)) runs in one sweep: split it into several sweeps, or sample the space with `design: {type: sobol, samples: N}`"
        )
    }
}

extension SweepSpec {
    /// A count held as a Double: `3,000,301`, or `1e+18` past what an Int shows.
    static func shown(_ count: Double) -> String {
        count < 1e15 ? Text.thousands(Int(count)) : String(format: "%.3g", count)
    }
}

extension SweepSpec.Values {
    /// How many points `points` lists, without listing them.
    public var count: Int {
        switch self {
        case .list(let values): return values.count
        case .range(let from, let to, let step): return Int(((to - from) / step + 1e-9).rounded(.down)) + 1
        case .distribution: return 1
        }
    }
}
