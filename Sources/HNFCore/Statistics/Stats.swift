/// The figures every projected quantity is reported with, across Monte Carlo draws:
/// mean, standard deviation and the 5th, 10th, 50th, 90th and 95th percentiles (GSL,
/// through `Summary`).
public struct Stats: Sendable, Equatable {
    public var mean, sd, p5, p10, p50, p90, p95: Double

    public static let probabilities: [Double] = [0.05, 0.10, 0.50, 0.90, 0.95]

    public init(_ values: [Double]) {
        guard let s = Summary(values, quantiles: Self.probabilities) else {
            (mean, sd, p5, p10, p50, p90, p95) = (0, 0, 0, 0, 0, 0, 0)
            return
        }
        (mean, sd) = (s.mean, s.sd)
        // Interpolating between equal order statistics can land a rounding error outside
        // the sample (14.000000000000002 from fourteens): quantiles stay within min...max.
        let q = s.quantiles.map { Swift.min(Swift.max($0, s.min), s.max) }
        (p5, p10, p50, p90, p95) = (q[0], q[1], q[2], q[3], q[4])
    }

    public var json: [String: Double] {
        ["mean": mean, "sd": sd, "p5": p5, "p10": p10, "p50": p50, "p90": p90, "p95": p95]
    }
}
