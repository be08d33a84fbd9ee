import CGSL
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Distribution {
    /// The value below which a share `u` of the distribution lies (GSL's inverse CDFs), for
    /// mapping a space-filling sample in (0, 1) onto a parameter.
    public func quantile(_ u: Double) -> Double {
        switch self {
        case .fixed(let value): return value
        case .normal(let mean, let sd): return mean + gsl_cdf_gaussian_Pinv(u, sd)
        case .lognormal(let mu, let sigma): return gsl_cdf_lognormal_Pinv(u, mu, sigma)
        case .beta(let alpha, let beta): return gsl_cdf_beta_Pinv(u, alpha, beta)
        case .uniform(let low, let high): return low + u * (high - low)
        }
    }
}
