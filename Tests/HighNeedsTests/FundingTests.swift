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
        PotCase(
            name: "formula alone", pot: 1_000_000, shares: [0.5, 0.3, 0.2], previous: nil,
            expected: [500_000, 300_000, 200_000]),
        // Floors 19, 38, 38; ceilings 22, 44, 44. The formula gives 50, 30, 20: the first is
        // capped at 22, the third held at 38, and λ = 4/3 takes the second to 40.
        PotCase(
            name: "protection and cap interact", pot: 100, shares: [0.5, 0.3, 0.2], previous: [20, 40, 40],
            protection: 0.05, cap: 0.10,
            expected: [22, 40, 38]),
        PotCase(
            name: "pennies add up", pot: 1_000_000.01, shares: [1.0 / 3, 1.0 / 3, 1.0 / 3], previous: nil,
            expected: [333_333.34, 333_333.34, 333_333.33]),
        PotCase(
            name: "protection costs more than the pot", pot: 100, shares: [0.9, 0.1], previous: [60, 60],
            protection: 0.10, cap: nil,
            expected: [50, 50], feasible: false),
        PotCase(
            name: "twelve localities, a shrinking pot", pot: 63_000_000, shares: (1...12).map { Double($0) / 78 },
            previous: (1...12).map { _ in 5_500_000 }, protection: 0.05, cap: 0.10),
    ]

    /// The pot is spent exactly, to the penny, and every locality keeps within its
    /// protection and cap (to a penny) when they can be met together.
    @Test(arguments: potCases)
    func potIsSpentExactly(_ c: PotCase) throws {
        let allocation = LocalityBudget.allocate(
            pot: c.pot, shares: c.shares, previous: c.previous, protection: c.protection, cap: c.cap)
        let pence = allocation.amounts.reduce(0) { $0 + Int(($1 * 100).rounded()) }
        #expect(pence == Int((c.pot * 100).rounded()), "spent to the penny")
        #expect(allocation.feasible == c.feasible)
        if let expected = c.expected {
            for (got, want) in zip(allocation.amounts, expected) {
                #expect(abs(got - want) <= 0.011, "\(allocation.amounts) vs \(expected)")
            }
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

    /// The funding goes with the child when it moves house to another locality.
    @Test func transitionFundingFollowsTheChildAcrossLocalities() throws {
        let text = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/transition.yaml"), encoding: .utf8)
            .replacingOccurrences(
                of: "  a: {name: A, population: {by_phase: {primary: 1000}}}",
                with:
                    "  a: {name: A, population: {by_phase: {primary: 1000}}}\n  b: {name: B, population: {by_phase: {primary: 1000}}}"
            )
            .replacingOccurrences(
                of: "  by_setting_and_age:", with: "  locality_moves: {rate: {2025: 0, 2026: 1}}\n  by_setting_and_age:"
            )
        let plan = try ProjectionPlan(try TestSupport.load(TestSupport.temporaryFile("moving.yaml", text)))
        var simulation = DrawSimulation(plan: plan, seed: 1, draw: 0)
        let first = simulation.step(0), second = simulation.step(1)
        #expect(first.funding == [2_250, 0], "all in A while nobody moves")
        #expect(second.funding == [0, 600], "in 2026-27 every child moves to B, and its funding with it")
        #expect(second.movedIn.reduce(0, +) >= 3, "moves between localities are counted as moves")
    }

    /// A band value dated from 2027 applies from 2027, not before.
    @Test func datedBandValueAppliesFromItsYear() throws {
        let text = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/zero-variance.yaml"), encoding: .utf8)
            .replacingOccurrences(
                of: "mainstream: {name: Mainstream, group: mainstream, top_up: {B1: 5000}}",
                with: "mainstream: {name: Mainstream, group: mainstream, top_up: {B1: {2025: 5000, 2027: 7000}}}")
        let scenario = try TestSupport.load(TestSupport.temporaryFile("banded.yaml", text))
        let report = RunReport(
            Projection(plan: try ProjectionPlan(scenario), draws: 2, seed: 1, threads: 1), national: nil)
        let mainstream = report.la.years.map { $0.spendBySetting.first { $0.id == "mainstream" }!.stats.mean }
        let children = report.la.years.map { $0.settings.first { $0.id == "mainstream" }!.stats.mean }
        #expect(mainstream == [children[0] * 5000, children[1] * 5000, children[2] * 7000])
    }
}

@Suite struct ExplainAndSolveTests {
    /// `hnf explain` adds up, block by block, to the mean `hnf run` reports for the locality.
    @Test func explainTotalsEqualRunTotals() throws {
        let scenario = try TestSupport.load(
            TestSupport.path("Scenarios/kent/baseline.yaml"),
            overlays: [TestSupport.path("Scenarios/kent/reforms/communities-of-schools.yaml")])
        let projection = Projection(
            plan: try ProjectionPlan(scenario, national: TestSupport.national), draws: 20, seed: 5, threads: 2)
        let report = RunReport(projection, national: TestSupport.national)
        for (l, locality) in scenario.localities.enumerated().prefix(3) {
            for (t, year) in projection.plan.stepYears.enumerated() {
                let explanation = try Explanation(projection, locality: locality.id, year: year)
                let run = try #require(report.localities[l].years[t].allocation?.mean)
                #expect(abs(explanation.total - run) <= 1e-6 * max(1, abs(run)), "\(locality.id) \(year)")
                #expect(abs(explanation.blocks.reduce(0) { $0 + $1.total } - explanation.total) < 1e-6)
            }
        }
        let explanation = try Explanation(projection, locality: "ashford", year: 2027)
        let pot = try #require(explanation.blocks.last?.steps.first?.parameters.first)
        #expect(pot.keyPath == "funding.blocks.communities_of_schools.pot")
        #expect(
            pot.location?.file.hasSuffix("communities-of-schools.yaml") == true,
            "the value is traced to the overlay that set it")
        #expect(throws: Explanation.Problem.self) { try Explanation(projection, locality: "atlantis", year: 2027) }
    }

    /// Goal seek lands on its target, and re-running with the value it writes reproduces
    /// the target; with bounds that cannot reach it, it says so.
    @Test func solveLandsOnTargetOrSaysItCannot() throws {
        let path = TestSupport.path("Tests/Fixtures/zero-variance.yaml")
        let scenario = try TestSupport.load(path)
        func seek(_ low: Double, _ high: Double) throws -> GoalSeek {
            try GoalSeek(
                document: scenario.document, files: scenario.files, national: nil,
                keyPath: "budget.high_needs_block.amount",
                low: low, high: high, metric: .inYearBalance, year: 2026, target: 0, draws: 5, seed: 1, threads: 1,
                tolerance: 0.01)
        }
        let solved = try seek(0, 10_000_000)
        guard case .found(let at) = solved.outcome else { Issue.record("no value found"); return }
        #expect(abs(at.metric.p50) <= 1, "in-year balance at the value found: \(at.metric.p50)")
        let overlay = TestSupport.temporaryFile("solved.yaml", try #require(solved.overlayYAML()))
        let rerun = try TestSupport.load(path, overlays: [overlay])
        let projection = Projection(plan: try ProjectionPlan(rerun), draws: 5, seed: 1, threads: 1)
        let balance = try #require(Metric.inYearBalance.values(projection, year: 2026))
        #expect(abs(Stats(balance).p50) <= 1, "hnf run with the solved value reproduces the target")
        let hopeless = try seek(0, 1)
        guard case .unreachable(let lo, let hi) = hopeless.outcome else {
            Issue.record("claimed to reach the target"); return
        }
        #expect(lo.metric.p50 < 0 && hi.metric.p50 < 0)
    }
}

@Suite struct FormulaFitTests {
    /// Weights used to make an allocation are found again from it.
    @Test func recoversKnownWeights() throws {
        let a: [Double] = [43, 51, 37, 36, 34, 33, 57, 38, 49, 45, 42, 36].map { $0 * 1000 }
        let b: [Double] = [12, 30, 8, 22, 15, 9, 18, 5, 27, 31, 10, 7]
        let c: [Double] = [800, 950, 620, 700, 640, 610, 1100, 690, 930, 880, 760, 650]
        func shares(_ v: [Double]) -> [Double] { v.map { $0 / v.reduce(0, +) } }
        let truth = [0.3, 0.0, 0.7]
        let current = (0..<12).map { l in
            60_000_000 * (truth[0] * shares(a)[l] + truth[1] * shares(b)[l] + truth[2] * shares(c)[l])
        }
        let fit = FormulaFit(
            factors: ["a", "b", "c"], values: [a, b, c], current: current,
            localities: (0..<12).map { ("l\($0)", "L\($0)") })
        for (w, t) in zip(fit.weights, truth) { #expect(abs(w - t) < 1e-3, "\(fit.weights)") }
        #expect(abs(fit.weights.reduce(0, +) - 1) < 1e-12 && fit.weights.allSatisfy { $0 >= 0 })
        #expect(fit.rSquared > 0.9999)
        #expect(fit.localities.allSatisfy { abs($0.fitted - $0.current) < 0.001 * $0.current })
        // (a and c move together — variance inflation over 40 — but an exact fit still identifies them.)
        #expect(!fit.warnings(minimum: 0.5).refused)
    }

    /// A factor that is another's multiple (plans shared by population) has no weight of
    /// its own: variance inflation and the condition number say so, and a poor fit is refused.
    @Test func collinearFactorsAreFlagged() throws {
        let a: [Double] = [43, 51, 37, 36, 34, 33, 57, 38, 49, 45, 42, 36]
        let b = a.map { $0 * 0.06 + 0.001 * $0 * $0 / 57 }  // nearly a multiple of a
        let noise: [Double] = [3, -2, 5, -4, 1, 0, -3, 2, -1, 4, -5, 2]
        let current = zip(a, noise).map { ($0 + $1) * 100_000 }
        let fit = FormulaFit(
            factors: ["a", "b"], values: [a, b], current: current, localities: (0..<12).map { ("l\($0)", "L\($0)") })
        #expect(fit.collinearity.isAlarming)
        #expect(fit.collinearity.varianceInflation.allSatisfy { $0 > Collinearity.vifAlarm }, "\(fit.collinearity)")
        #expect(fit.collinearity.conditionNumber > Collinearity.conditionAlarm)
        let refused = fit.warnings(minimum: 0.99)
        #expect(refused.refused && refused.lines.count == 2)
        #expect(!fit.render(.table, minimumRSquared: 0.99).contains("Gain/loss"))
    }
}

@Suite struct BandSystemTests {
    /// A new band system from 2026 (mainstream B1: £5,000 → £8,000): children already
    /// funded keep £5,000 until their next phase transfer when `protected`; with
    /// `immediate`, everyone moves to £8,000 in 2026-27.
    /// Children aged 9 in January 2025 move to secondary in 2026-27 and lose the protection then.
    @Test(arguments: [
        ("protected", 6, [5_000.0, 5_000, 5_000]), ("immediate", 6, [5_000.0, 8_000, 8_000]),
        ("protected", 9, [5_000.0, 8_000, 8_000]),
    ])
    func transitionRuleForChildrenAlreadyFunded(existing: String, age: Int, perChild: [Double]) throws {
        let text = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/zero-variance.yaml"), encoding: .utf8)
            .replacingOccurrences(
                of: "{locality: a, age: 9, need: ASD, setting: mainstream, count: 10}",
                with: "{locality: a, age: \(age), need: ASD, setting: mainstream, count: 10}"
            )
            .replacingOccurrences(
                of: "    - {locality: b, age: 14, need: ASD, setting: mainstream, count: 4}\n", with: ""
            )
            .replacingOccurrences(
                of: "funding: {}",
                with: """
                    funding:
                      blocks:
                        new_bands: {type: banded_top_up, from: 2026, settings: [mainstream], values: {B1: 8000}, existing: \(existing)}
                    """)
        let scenario = try TestSupport.load(TestSupport.temporaryFile("bands.yaml", text))
        #expect(scenario.bandSystems.count == 1)
        let report = RunReport(
            Projection(plan: try ProjectionPlan(scenario), draws: 2, seed: 1, threads: 1), national: nil)
        // Locality a: ten children in mainstream throughout (the fixture moves them only at 16).
        let spend = report.localities[0].years.map { $0.spendBySetting.first { $0.id == "mainstream" }!.stats.mean }
        #expect(spend == perChild.map { $0 * 10 })
    }
}

@Suite struct PlacePlusAndSupportTests {
    static func report(_ replacements: [(String, String)]) throws -> RunReport {
        var text = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/zero-variance.yaml"), encoding: .utf8)
        for (old, new) in replacements {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        let scenario = try TestSupport.load(TestSupport.temporaryFile("variant.yaml", text))
        return RunReport(Projection(plan: try ProjectionPlan(scenario), draws: 2, seed: 1, threads: 1), national: nil)
    }

    /// Raising the element 2 threshold from £6,000 to £8,000 in 2027 lowers each mainstream
    /// top-up by £2,000 (the school meets more); college top-ups are not touched.
    @Test func element2ThresholdShiftsMainstreamTopUps() throws {
        let report = try Self.report([("funding: {}", "funding: {element2_threshold: {2025: 6000, 2027: 8000}}")])
        for y in report.la.years {
            let children = y.settings.first { $0.id == "mainstream" }!.stats.mean
            let spend = y.spendBySetting.first { $0.id == "mainstream" }!.stats.mean
            #expect(spend == children * (y.year - 1 >= 2027 ? 3000 : 5000), "\(y.year)")
        }
    }

    /// Support without a plan as a pot, shared by pupils on SEN support (all in locality a).
    @Test func supportPotFollowsPupilsOnSENSupport() throws {
        let report = try Self.report([
            ("funding: {}", "funding:\n  blocks:\n    support: {type: support_without_plan, pot: 250000}")
        ])
        #expect(report.localities.map { $0.years[0].funding[0].stats.mean } == [250_000, 0])
        let perPupil = try Self.report([
            ("funding: {}", "funding:\n  blocks:\n    support: {type: support_without_plan, per_pupil: 100}")
        ])
        // SEN support grows 10% a year from 1,000: 1,100 pupils in January 2026.
        #expect(abs(perPupil.localities[0].years[0].funding[0].stats.mean - 110_000) < 1e-6)
    }
}

@Suite struct WhatIfTests {
    /// The shipped what-ifs add their own keys under `funding`, so they combine.
    @Test func shippedWhatIfsCombine() throws {
        let reforms = ["communities-of-schools", "transition-funding", "inclusion-capacity", "special-places"]
        let scenario = try TestSupport.load(
            TestSupport.path("Scenarios/kent/baseline.yaml"),
            overlays: reforms.map { TestSupport.path("Scenarios/kent/reforms/\($0).yaml") })
        #expect(scenario.fundingBlocks.map(\.id) == ["communities_of_schools", "transition_funding"])
        #expect(
            scenario.responses.map(\.id) == ["fewer_new_plans", "stay_in_mainstream", "resourced_instead_of_special"])
        #expect(
            scenario.responses.allSatisfy { $0.because.hasPrefix("ASSUMPTION") },
            "every response says it is an assumption")
    }
}
