import CGSL
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// GSL's Sobol quasi-random sequence (`gsl_qrng_sobol`): points in the unit cube that fill
/// it evenly, so a few hundred runs cover a parameter space better than random ones.
/// Owns the GSL generator and frees it; not shared between threads.
public final class SobolSequence {
    /// GSL's Sobol tables go to 40 dimensions.
    public static let maximumDimension = 40
    public let dimension: Int
    private let generator: UnsafeMutablePointer<gsl_qrng>

    public init?(dimension: Int) {
        guard (1...Self.maximumDimension).contains(dimension),
            let generator = gsl_qrng_alloc(hnf_gsl_qrng_sobol(), UInt32(dimension))
        else { return nil }
        self.dimension = dimension
        self.generator = generator
    }

    deinit { gsl_qrng_free(generator) }

    /// The next point. The sequence's first point, the cube's corner (all zeros), is
    /// never returned: it would map a distribution to its −∞ quantile.
    public func next() -> [Double] {
        var point = [Double](repeating: 0, count: dimension)
        repeat {
            _ = point.withUnsafeMutableBufferPointer { gsl_qrng_get(generator, $0.baseAddress) }
        } while point.contains(0)
        return point
    }

    /// The first `count` points (after the corner).
    public static func points(_ count: Int, dimension: Int) -> [[Double]] {
        guard let sequence = SobolSequence(dimension: dimension) else { return [] }
        return (0..<count).map { _ in sequence.next() }
    }
}
