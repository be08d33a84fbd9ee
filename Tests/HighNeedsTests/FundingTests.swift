import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@Suite struct FundingTests {
    struct PotCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pot: Double
        var shares: [Double]
        var previous: [Double]?
        var protection: Double?, cap: Double?
        /// Worked by hand (nil: only the invariants are checked).
        var expected: [Double]?
        var feasible = true
        var testDescription: String { name }
    }

    static let potCases: [PotCase] = [
        PotCase(name: "formula alone", pot: 1_000_000, shares: [0.5, 0.3, 0.2], previous: nil, expected: [500_000, 300_000, 200_000]),
        // Floors 19, 38, 38; ceilings 22, 44, 44. The formula gives 50, 30, 20: the first is
        // capped at 22, the third held at 38, and λ = 4/3 takes the second to 40.
        PotCase(name: "protection and cap interact", pot: 100, shares: [0.5, 0.3, 0.2], previous: [20, 40, 40], protection: 0.05, cap: 0.10,
                expected: [22, 40, 38]),
        PotCase(name: "pennies add up", pot: 1_000_000.01, shares: [1.0 / 3, 1.0 / 3, 1.0 / 3], previous: nil, expected: [333_333.34, 333_333.34, 333_333.33]),
        PotCase(name: "protection costs more than the pot", pot: 100, shares: [0.9, 0.1], previous: [60, 60], protection: 0.10, cap: nil,
                expected: [50, 50], feasible: false),
        PotCase(name: "twelve localities, a shrinking pot", pot: 63_000_000, shares: (1...12).map { Double($0) / 78 },
                previous: (1...12).map { _ in 5_500_000 }, protection: 0.05, cap: 0.10),
    ]

    /// The pot is spent exactly, to the penny, and every locality keeps within its
    /// protection and cap (to a penny) when they can be met together.
    @Test(arguments: potCases)
    func potIsSpentExactly(_ c: PotCase) throws {
        let allocation = LocalityBudget.allocate(pot: c.pot, shares: c.shares, previous: c.previous, protection: c.protection, cap: c.cap)
        let pence = allocation.amounts.reduce(0) { $0 + Int(($1 * 100).rounded()) }
        #expect(pence == Int((c.pot * 100).rounded()), "spent to the penny")
        #expect(allocation.feasible == c.feasible)
        if let expected = c.expected {
            for (got, want) in zip(allocation.amounts, expected) { #expect(abs(got - want) <= 0.011, "\(allocation.amounts) vs \(expected)") }
        }
        if let previous = c.previous, c.feasible {
            for (amount, last) in zip(allocation.amounts, previous) {
                if let p = c.protection { #expect(amount >= last * (1 - p) - 0.01) }
                if let cap = c.cap { #expect(amount <= last * (1 + cap) + 0.01) }
            }
        }
    }

    /// Paid for exactly its terms, with the taper, following the child into another
    /// setting and stopping when its plan ends (the fixture works it out).
    @Test func transitionFundingFollowsTheChild() throws {
        let plan = try EngineTests.plan("Tests/Fixtures/transition.yaml")
        var simulation = DrawSimulation(plan: plan, seed: 1, draw: 0)
        let paid = plan.stepYears.indices.map { simulation.step($0).funding.reduce(0, +) }
        #expect(paid == [2_250, 600, 0])
        let report = RunReport(Projection(plan: plan, draws: 2, seed: 1, threads: 1), national: nil)
        #expect(report.money.map(\.formulaFunding.mean) == [2_250, 600, 0], "and into the money")
    }

    /// A band value dated from 2027 applies from 2027, not before.
    @Test func datedBandValueAppliesFromItsYear() throws {
        let text = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/zero-variance.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "mainstream: {name: Mainstream, group: mainstream, top_up: {B1: 5000}}",
                                  with: "mainstream: {name: Mainstream, group: mainstream, top_up: {B1: {2025: 5000, 2027: 7000}}}")
        let scenario = try TestSupport.load(TestSupport.temporaryFile("banded.yaml", text)).get()
        let report = RunReport(Projection(plan: try ProjectionPlan(scenario), draws: 2, seed: 1, threads: 1), national: nil)
        let mainstream = report.la.years.map { $0.spendBySetting.first { $0.id == "mainstream" }!.stats.mean }
        let children = report.la.years.map { $0.settings.first { $0.id == "mainstream" }!.stats.mean }
        #expect(mainstream == [children[0] * 5000, children[1] * 5000, children[2] * 7000])
    }
}
