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
        (p5, p10, p50, p90, p95) = (s.quantiles[0], s.quantiles[1], s.quantiles[2], s.quantiles[3], s.quantiles[4])
    }

    public var json: [String: Double] {
        ["mean": mean, "sd": sd, "p5": p5, "p10": p10, "p50": p50, "p90": p90, "p95": p95]
    }
}
