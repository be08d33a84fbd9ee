import Foundation
import HNFCore

/// An uncertain assumption: a fixed number, or a distribution to draw it from once per
/// Monte Carlo draw.
///
/// Written in a scenario as a number (`0.05`) or as a mapping naming the distribution and
/// its parameters:
/// - `{dist: normal, mean: 0.05, sd: 0.01}`
/// - `{dist: lognormal, mu: 0.0, sigma: 0.2}` (of the underlying normal; values above 0)
/// - `{dist: beta, alpha: 20, beta: 380}` (values 0 to 1; mean alpha/(alpha+beta))
/// - `{dist: uniform, low: 0.02, high: 0.08}`
public enum Distribution: Sendable, Hashable {
    case fixed(Double)
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)
    case beta(alpha: Double, beta: Double)
    case uniform(low: Double, high: Double)

    public enum Kind: String, CaseIterable, Sendable {
        case normal, lognormal, beta, uniform

        var parameters: [String] {
            switch self {
            case .normal: return ["mean", "sd"]
            case .lognormal: return ["mu", "sigma"]
            case .beta: return ["alpha", "beta"]
            case .uniform: return ["low", "high"]
            }
        }
    }

    /// The distribution's mean: the value a zero-variance run uses.
    public var mean: Double {
        switch self {
        case .fixed(let value): return value
        case .normal(let mean, _): return mean
        case .lognormal(let mu, let sigma): return Foundation.exp(mu + sigma * sigma / 2)
        case .beta(let alpha, let beta): return alpha / (alpha + beta)
        case .uniform(let low, let high): return (low + high) / 2
        }
    }

    /// Reads a node the validator has accepted as `Shape.uncertain`.
    package init?(_ node: SourceNode) {
        if let number = node.number {
            self = .fixed(number)
            return
        }
        guard let kind = node["dist"]?.text.flatMap(Kind.init(rawValue:)) else { return nil }
        let p = kind.parameters.map { node[$0]?.number ?? 0 }
        switch kind {
        case .normal: self = .normal(mean: p[0], sd: p[1])
        case .lognormal: self = .lognormal(mu: p[0], sigma: p[1])
        case .beta: self = .beta(alpha: p[0], beta: p[1])
        case .uniform: self = .uniform(low: p[0], high: p[1])
        }
    }
}
