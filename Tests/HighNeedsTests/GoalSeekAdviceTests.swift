import Foundation
import HighNeeds
import Testing

@testable import HNFStudies

/// What `hnf solve` says when no value in the bounds reaches the target: which way it lies,
/// a bound to try beyond the old one, or that the key cannot go there.
@Suite struct GoalSeekAdviceTests {
    static func at(_ value: Double, median: Double) -> GoalSeek.Evaluation {
        GoalSeek.Evaluation(value: value, metric: Stats([median]))
    }

    /// (low, its median, high, its median, target, what the advice says)
    @Test(arguments: [
        (0.0, 10.0, 1.0, 20.0, 40.0, "try --high 4.0"),  // rising, target above: crossing 3, probe 4
        (5060.0, 10.0, 5100.0, 20.0, 5.0, "try --low 5000"),  // rising, target below: the probe stays below 5060
        (0.0, 20.0, 1.0, 10.0, 40.0, "try --low -3.0"),  // falling, target above: the value goes down
        (0.0, 10.0, 1.0, 10.0, 40.0, "the median is the same at both bounds"),
        (0.0, 10.0, 1.0, 10.000_000_000_1, 40.0, "the median barely moves"),
    ])
    func adviceFitsTheBounds(
        low: Double, atLow: Double, high: Double, atHigh: Double, target: Double, says: String
    ) {
        let advice = GoalSeek.advice(
            "k", low: Self.at(low, median: atLow), high: Self.at(high, median: atHigh), target: target,
            allows: { _ in true })
        #expect(advice.contains(says), "\(advice)")
    }

    /// A key that cannot go past the bound (a negative top-up) is said to, not "widen the bounds".
    @Test func aBoundTheKeyCannotPassIsSaid() {
        let advice = GoalSeek.advice(
            "settings.mainstream.top_up.B1", low: Self.at(0, median: 420), high: Self.at(20000, median: 454),
            target: 0, allows: { $0 >= 0 })
        #expect(advice.contains("below 0.0, which the scenario does not take"), "\(advice)")
    }
}
