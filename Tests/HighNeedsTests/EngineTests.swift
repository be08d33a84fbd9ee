import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@Suite struct EngineTests {
    static func plan(_ fixture: String, national: Bool = false) throws -> ProjectionPlan {
        let scenario = try TestSupport.load(TestSupport.path(fixture))
        return try ProjectionPlan(scenario, national: national ? TestSupport.national : nil)
    }

    /// Every child is accounted for, in every draw, year, locality and setting: this
    /// January's stock = last January's − leavers − transfers out − moves out + moves in
    /// + joiners + transfers in − sent to overflow + received from overflow; and each step starts where the last ended.
    @Test func conservationInEveryDraw() throws {
        let plan = try Self.plan("Scenarios/kent/baseline.yaml", national: true)
        for draw in 0..<3 {
            var simulation = DrawSimulation(plan: plan, seed: 42, draw: draw)
            var previous: [Int32]?
            for t in plan.stepYears.indices {
                let o = simulation.step(t)
                if let previous { #expect(o.start == previous, "draw \(draw) step \(t) starts where the last ended") }
                for c in o.stock.indices {
                    let expected =
                        o.start[c] - o.leavers[c] - o.transfersOut[c] - o.movedOut[c] + o.movedIn[c] + o.joiners[c]
                        + o.transfersIn[c]
                        - o.overflowOut[c] + o.overflowIn[c]
                    #expect(o.stock[c] == expected, "draw \(draw), step \(t), cell \(c)")
                }
                #expect(Int(o.stock.reduce(0, +)) == simulation.population.count)
                previous = o.stock
            }
        }
    }

    /// A scenario without randomness against its projection worked out by hand (see the
    /// fixture): ageing, the transfer to college at 16, leaving after 25, costs with place
    /// funding, block growth and the balance.
    @Test func zeroVarianceMatchesHandProjection() throws {
        let plan = try Self.plan("Tests/Fixtures/zero-variance.yaml")
        let report = RunReport(Projection(plan: plan, draws: 5, seed: 9, threads: 2), national: nil)
        let expected:
            [(
                year: Int, plans: Double, mainstream: Double, post16: Double, spend: Double, income: Double,
                balance: Double
            )] = [
                (2026, 16, 14, 2, 90_000, 1_000_000, 810_000),
                (2027, 14, 10, 4, 90_000, 1_100_000, 1_820_000),
                (2028, 14, 10, 4, 90_000, 1_210_000, 2_940_000),
            ]
        for (y, row) in expected.enumerated() {
            let year = report.la.years[y]
            #expect(year.year == row.year)
            #expect(year.plans.p5 == row.plans && year.plans.p95 == row.plans && year.plans.sd == 0)
            #expect(year.settings.first { $0.id == "mainstream" }?.stats.mean == row.mainstream)
            #expect(year.settings.first { $0.id == "post16" }?.stats.mean == row.post16)
            let money = report.money[y]
            #expect(money.spend.mean == row.spend)
            #expect(abs(money.income.mean - row.income) < 1e-6)
            #expect(abs(money.cumulativeBalance.mean - row.balance) < 1e-6)
        }
        // By locality: B's four pupils move to college in 2027; its two oldest leave.
        let b = try #require(report.localities.first { $0.id == "b" })
        #expect(b.years.map(\.plans.mean) == [6, 4, 4])
        // A's 1,000 pupils on SEN support grow by 10% a year; B has none.
        let a = try #require(report.localities.first { $0.id == "a" })
        for (got, want) in zip(a.years.map(\.senSupport.mean), [1100.0, 1210, 1331]) { #expect(abs(got - want) < 1e-9) }
        #expect(b.years.allSatisfy { $0.senSupport.mean == 0 })
        #expect(abs(report.la.years[2].senSupport.p50 - 1331) < 1e-9)
    }

    /// Ceasing by single age replaces the phase rate at that age, and a setting's factor
    /// scales it: A's ten 10-year-olds all end their plans at factor 1, none at factor 0.
    @Test(arguments: [(1.0, 6.0), (0.0, 16.0)])
    func ceasingByAgeAndSetting(factor: Double, plansIn2026: Double) throws {
        let overlay = TestSupport.temporaryFile(
            "ceasing.yaml",
            """
            overlay: hnf.overlay.v1
            name: everyone at 10 leaves, in proportion to the setting's factor
            add:
              flows.ceasing.by_age: {10: 1}
              flows.ceasing.setting_factor: {mainstream: \(factor)}
            """)
        let scenario = try TestSupport.load(TestSupport.path("Tests/Fixtures/zero-variance.yaml"), overlays: [overlay])
        let report = RunReport(
            Projection(plan: try ProjectionPlan(scenario), draws: 3, seed: 1, threads: 1), national: nil)
        #expect(report.la.years[0].plans.p5 == plansIn2026 && report.la.years[0].plans.p95 == plansIn2026)
    }

    /// New plans only: the mean after t years is 100 + 50 t and the spread is that of
    /// Poisson joiners plus the rate's own uncertainty.
    @Test func pureGrowthMatchesItsExpectation() throws {
        let plan = try Self.plan("Tests/Fixtures/growth.yaml")
        let draws = 400
        let report = RunReport(Projection(plan: plan, draws: draws, seed: 11, threads: 2), national: nil)
        for (index, year) in report.la.years.enumerated() {
            let t = Double(index + 1)
            let expectedMean = 100 + 50 * t
            let expectedSD = (50 * t + 100 * t * t).squareRoot()
            let standardError = expectedSD / Double(draws).squareRoot()
            #expect(
                abs(year.plans.mean - expectedMean) < 4 * standardError, "year \(year.year): mean \(year.plans.mean)")
            #expect(
                abs(year.plans.sd / expectedSD - 1) < 0.2, "year \(year.year): sd \(year.plans.sd) vs \(expectedSD)")
        }
    }

    /// A full school sends every newcomer to its overflow setting, never over its places,
    /// and pays place funding on all its commissioned places.
    @Test func capacityOverflowGoesToTheOverflowSetting() throws {
        let plan = try Self.plan("Tests/Fixtures/capacity.yaml")
        let special = try #require(plan.settingIndex("state_special")),
            independent = try #require(plan.settingIndex("independent_special"))
        let S = plan.settingCount
        for draw in 0..<20 {
            var simulation = DrawSimulation(plan: plan, seed: 3, draw: draw)
            var sentSoFar: Int32 = 0
            for t in plan.stepYears.indices {
                let o = simulation.step(t)
                let inSpecial = (0..<plan.localityCount).reduce(Int32(0)) { $0 + o.stock[$1 * S + special] }
                let joiners = o.joiners.reduce(0, +), sent = o.overflowOut.reduce(0, +)
                #expect(inSpecial == 20)
                #expect(sent == joiners)
                sentSoFar += sent
                let inIndependent = (0..<plan.localityCount).reduce(Int32(0)) { $0 + o.stock[$1 * S + independent] }
                #expect(inIndependent == sentSoFar)
                let spend = o.spend.reduce(0, +)
                #expect(spend == 20 * (10_000 + 15_000) + Double(inIndependent) * 60_000)
            }
        }
        let report = RunReport(Projection(plan: plan, draws: 50, seed: 3, threads: 1), national: nil)
        #expect(report.la.years[0].overflow.mean > 5)
    }

    /// Draws are independent of the thread that runs them: 1 and 2 threads give the same
    /// bits, and one draw run alone equals the same draw inside a bigger run.
    @Test func threadsDoNotChangeResults() throws {
        let plan = try Self.plan("Scenarios/kent/baseline.yaml", national: true)
        let one = Projection(plan: plan, draws: 8, seed: 5, threads: 1)
        let two = Projection(plan: plan, draws: 8, seed: 5, threads: 2)
        #expect(one.rows == two.rows)
        #expect(one.pupilYears == two.pupilYears)
        let other = Projection(plan: plan, draws: 8, seed: 6, threads: 2)
        #expect(one.rows != other.rows)
    }

    /// Kent's stock is the SEN2 figure at the start, and the run reports history years
    /// from the opening balance (April 2020, the earliest published) to the base year.
    @Test func kentRunStartsFromSEN2() throws {
        let plan = try Self.plan("Scenarios/kent/baseline.yaml", national: true)
        #expect(plan.base.count == 20_635)
        #expect(plan.history.map(\.year) == [2020, 2021, 2022, 2023, 2024])
        #expect(plan.history[0].plansBySetting.reduce(0, +) == 15_281)  // January 2021
        let report = RunReport(Projection(plan: plan, draws: 20, seed: 1, threads: 2), national: TestSupport.national)
        // 2020-21, carried back from 2022-23 and 2023-24; 2022-23 as published, after deductions.
        #expect(report.money.first?.highNeedsBlock.mean == 213_082_522)
        #expect(report.money.first { $0.year == 2022 }?.highNeedsBlock.mean == 264_612_312)
        #expect(report.england?.year == 2025)
        #expect(report.la.closures.contains { $0.group == .mainstream && $0.baseGap < -5 })
    }

    /// Stats use GSL's quantiles (R's type 7): checked on 1...100 and on a skewed sample.
    @Test(
        arguments: [
            ((1...100).map(Double.init), [5.95, 10.9, 50.5, 90.1, 95.05], 50.5),
            ([1, 2, 3, 4, 100], [1.2, 1.4, 3, 61.6, 80.8], 22),
        ] as [([Double], [Double], Double)])
    func statsQuantiles(sample: [Double], quantiles: [Double], mean: Double) {
        let s = Stats(sample.shuffled())
        for (got, want) in zip([s.p5, s.p10, s.p50, s.p90, s.p95], quantiles) { #expect(abs(got - want) < 1e-9) }
        #expect(abs(s.mean - mean) < 1e-9)
    }
}

/// Flows estimated from person-level data (as `hnf import witan-send` writes them).
@Suite struct EstimatedFlowTests {
    /// A need's cell governs children with that need; other needs take the setting's cell;
    /// new plans by age follow the population of their year.
    @Test func estimatedCellsGovernTheirChildren() throws {
        let plan = try EngineTests.plan("Tests/Fixtures/by-need.yaml")
        let a = try #require(plan.settingIndex("a")), b = try #require(plan.settingIndex("b"))
        var joiners = [0.0, 0.0]
        let draws = 400
        for draw in 0..<draws {
            var simulation = DrawSimulation(plan: plan, seed: 3, draw: draw)
            let first = simulation.step(0)
            #expect(first.leavers[a] == 5, "every child with need X leaves at 10")
            #expect(first.movedOut[a] == 3 && first.movedIn[b] == 3, "every child with need Y moves to b")
            #expect(first.stock[a] == 2, "need Z stays: the setting's own cell")
            #expect(first.stock[b] == 3 + first.joiners[b] && first.joiners[a] == 0, "new plans start in b")
            let second = simulation.step(1)
            #expect(second.leavers[a] == 0 && second.movedOut[a] == 0, "at 11 no cell applies: the general rate (0)")
            joiners[0] += Double(first.joiners[b]); joiners[1] += Double(second.joiners[b])
        }
        // Poisson means 1 (1,000 children x 1/1,000) then 2 (2,000): within 4 standard errors.
        #expect(abs(joiners[0] / Double(draws) - 1) < 4 * (1 / Double(draws)).squareRoot())
        #expect(abs(joiners[1] / Double(draws) - 2) < 4 * (2 / Double(draws)).squareRoot())
    }

    /// A setting's rules are checked against every flow that names it.
    @Test(arguments: [
        (
            "          Y: {leave: 0, move: 1, destinations: {b: 2.5}}",
            "          Y: {leave: 0, move: 1, destinations: {c: 2.5}}",
            "flows.by_setting_and_age.a.10.by_need.Y.destinations.c", "a move from a to c"
        ),
        (
            "    - {locality: la, age: 9, need: X, setting: a, count: 5}",
            "    - {locality: la, age: 9, need: X, setting: b, count: 5}",
            "ehc_plans.cells[0].need", "need X in setting b"
        ),
        (
            "          X: {leave: 1}",
            "          X: {leave: 1}\n    b:\n      10:\n        by_need:\n          X: {leave: 1}",
            "flows.by_setting_and_age.b.10.by_need.X", "need X in setting b"
        ),
        (
            "      10: {rate: 0.001, settings: {b: 1}, needs: {Z: 1}}",
            "      10: {rate: 0.001, settings: {c: 1}, needs: {Z: 1}}",
            "flows.new_plans.by_age.10.settings.c", "setting c at age 10"
        ),
    ])
    func settingRulesAreEnforced(old: String, new: String, keyPath: String, found: String) throws {
        var text = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/by-need.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(
            of: "  b: {name: B, group: special, needs: [Y, Z], top_up: {B1: 1000}}",
            with:
                "  b: {name: B, group: special, needs: [Y, Z], top_up: {B1: 1000}}\n  c: {name: C, group: special, ages: {min: 16, max: 25}}"
        )
        #expect(text.contains(old))
        let file = TestSupport.temporaryFile("by-need.yaml", text.replacingOccurrences(of: old, with: new))
        guard let invalid = TestSupport.problems(file) else { Issue.record("accepted: \(new)"); return }
        let diagnostic = try #require(invalid.diagnostics.first { $0.keyPath == keyPath }, "\(invalid)")
        #expect(diagnostic.found.contains(found), "\(diagnostic)")
    }
}

@Suite struct ResponseTests {
    /// A joiner-shift response of 1 sends every new plan that would start in b to a (from
    /// its year); one of 0 changes nothing, and draws no extra random numbers.
    @Test(arguments: [(1.0, true), (0.0, false)])
    func joinerShiftMovesNewPlans(effect: Double, shifts: Bool) throws {
        let text =
            try String(contentsOfFile: TestSupport.path("Tests/Fixtures/by-need.yaml"), encoding: .utf8) + """
                funding:
                  responses:
                    into_a:
                      type: joiner_shift
                      settings: [b]
                      to: a
                      effect: \(effect)
                      from: 2026
                      because: a test
                """
        let plan = try ProjectionPlan(try TestSupport.load(TestSupport.temporaryFile("shift.yaml", text)))
        let a = try #require(plan.settingIndex("a")), b = try #require(plan.settingIndex("b"))
        var joined = (a: [0, 0], b: [0, 0])
        for draw in 0..<200 {
            var simulation = DrawSimulation(plan: plan, seed: 3, draw: draw)
            for t in 0..<2 {
                let o = simulation.step(t)
                joined.a[t] += Int(o.joiners[a]); joined.b[t] += Int(o.joiners[b])
            }
        }
        #expect(joined.a[0] == 0 && joined.b[0] > 0, "2025-26: before the response")
        #expect(shifts ? (joined.b[1] == 0 && joined.a[1] > 0) : (joined.a[1] == 0 && joined.b[1] > 0))
    }
}
