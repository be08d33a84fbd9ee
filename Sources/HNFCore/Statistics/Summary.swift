import CGSL

/// Summary statistics of a sample, computed by GSL (`gsl_stats_*`, on sorted data for
/// the quantiles, which interpolate as GSL's `gsl_stats_quantile_from_sorted_data`:
/// linear between order statistics, the same rule as R's type 7).
public struct Summary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (n − 1 denominator); 0 for one value.
    public var sd: Double
    public var min: Double
    public var max: Double
    /// Quantiles at the requested probabilities, in the order asked.
    public var quantiles: [Double]

    public static let standardProbabilities: [Double] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]

    /// Summarises `values` (NaNs are not allowed: they would make every figure NaN).
    /// Returns nil for an empty sample.
    public init?(_ values: [Double], quantiles probabilities: [Double] = Summary.standardProbabilities) {
        guard !values.isEmpty else { return nil }
        precondition(!values.contains { $0.isNaN }, "Summary of a sample with NaN")
        // Swift's sort, not gsl_sort (a heapsort, 7.5% of a Kent run, one summary per figure
        // per area and year): the same values in the same order, so GSL's mean, sd and
        // quantiles over them are the same to the bit.
        let sorted = values.sorted()
        let n = sorted.count
        count = n
        (mean, sd, quantiles) = sorted.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress
            let mean = gsl_stats_mean(base, 1, n)
            let sd = n > 1 ? gsl_stats_sd_m(base, 1, n, mean) : 0
            let qs = probabilities.map { gsl_stats_quantile_from_sorted_data(base, 1, n, $0) }
            return (mean, sd, qs)
        }
        min = sorted[0]
        max = sorted[n - 1]
    }

    /// The quantile at probability `p`, if it was asked for.
    public func quantile(_ p: Double, among probabilities: [Double] = Summary.standardProbabilities) -> Double? {
        probabilities.firstIndex(of: p).map { quantiles[$0] }
    }
}
