import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// Flows that replay SEN2, and localities whose results do not depend on the file's order.
@Suite struct DemandTests {
    static let kent = TestSupport.path("Scenarios/kent/baseline.yaml")

    /// Kent's baseline run for one year from SEN2's January 2024 plans lands on January
    /// 2025: total plans within 2%, each DfE group's share within 1 point, post-16 and
    /// independent special within 5%. (In sample: the flows are estimated from these two
    /// Januaries; the other years' replays are in Docs/validation.md.)
    @Test func kentReplaysJanuary2025FromJanuary2024() throws {
        let replay = try Replay.run(
            base: Self.kent, overlays: [], from: 2024, draws: 200, seed: 7, threads: 2, national: TestSupport.national)
        #expect(replay.plans.actual == 20_635)
        #expect(abs(replay.plans.predicted.p50 / replay.plans.actual - 1) < 0.02, "total \(replay.plans.predicted.p50)")
        #expect(replay.groups.count == 7)
        for g in replay.groups {
            #expect(abs(g.predicted.p50 - g.actual) < 1, "\(g.label): \(g.predicted.p50) against \(g.actual)")
        }
        for id in ["post16", "independent_special"] {
            let s = try #require(replay.settings.first { $0.label == id })
            #expect(abs(s.predicted.p50 / s.actual - 1) < 0.05, "\(id): \(s.predicted.p50) against \(s.actual)")
        }
    }

    /// The cohort estimate accounts for every child: for each age, next January's plans are
    /// this January's cohort less ceasing and transfers out, plus new plans and arrivals
    /// (more ceasing where the cohort lost more than SEN2 records as ceased).
    @Test func cohortFlowsCloseTheStockIdentity() throws {
        let kent = try TestSupport.national.area(named: "886")
        let flows = try CohortFlows(
            area: kent, year: 2024, settings: Calibration.cohortSettings,
            tables: Calibration.Tables(TestSupport.national))
        for x in 3...19 {
            let cohort = try #require(flows.cohort[x])
            let joined = flows.joiners(at: x, Calibration.cohortSettings).values.reduce(0, +)
            let expected =
                cohort.before * (1 - flows.ceasing[x]! - flows.transferOut[x]!) + joined
                + (flows.transferIn[x]?.count ?? 0)
            #expect(abs(expected - cohort.after) < 1, "age \(x): \(expected) against \(cohort.after)")
        }
        // Kent sends about 300 plans a year to other LAs (SEN2 2024 "transfer") and receives more.
        let out = (3...25).reduce(0.0) { $0 + (flows.transferOut[$1] ?? 0) * (flows.cohort[$1]?.before ?? 0) }
        let arrivals = flows.transferIn.values.reduce(0) { $0 + $1.count }
        #expect(out > 250 && out < 350)
        #expect(arrivals > out)
        // Special-school sixth forms move on at 19.
        #expect((flows.cells["state_special"]?[19]?.moving ?? 0) > 100)
    }

    /// Each locality's results agree, within Monte Carlo error, whatever the order of the
    /// localities in the file (overflow used to send the last locality's newcomers first).
    @Test func localityResultsDoNotDependOnFileOrder() throws {
        var scenario = try TestSupport.load(Self.kent)
        scenario.meta.horizon = 2
        var reversed = scenario
        reversed.localities.reverse()
        let draws = 300
        func byLocality(_ s: Scenario) throws -> [String: (mean: Double, sd: Double)] {
            let projection = Projection(
                plan: try ProjectionPlan(s, national: TestSupport.national), draws: draws, seed: 11, threads: 2)
            let layout = projection.layout,
                independent = try #require(projection.plan.settingIndex("independent_special"))
            var out: [String: (Double, Double)] = [:]
            for (l, locality) in s.localities.enumerated() {
                let values = (0..<draws).map {
                    projection.rows[$0 * layout.rowWidth + layout.area(l + 1, year: 0) + layout.setting(independent)]
                }
                let mean = values.reduce(0, +) / Double(draws)
                let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws - 1)).squareRoot()
                out[locality.id] = (mean, sd)
            }
            return out
        }
        let a = try byLocality(scenario), b = try byLocality(reversed)
        for (id, x) in a {
            let y = try #require(b[id])
            let error = ((x.sd * x.sd + y.sd * y.sd) / Double(draws)).squareRoot()
            #expect(abs(x.mean - y.mean) < 4 * error + 0.5, "\(id): \(x.mean) first order, \(y.mean) reversed")
        }
    }

    /// England as a comparator leaves out the LAs whose returns place no child (January
    /// 2025: Cambridgeshire and North East Lincolnshire), and keeps the published figure.
    @Test func englandComparatorOverLAsThatRecordPlacements() throws {
        let national = TestSupport.national
        let herts = try national.area(named: "Hertfordshire")
        let report = try RatiosReport(area: herts, year: 2025, data: national)
        #expect(report.comparatorExcludes.map(\.name) == ["Cambridgeshire", "North East Lincolnshire"])
        let recorded = try #require(report.england.share(.mainstream)),
            published = try #require(report.englandPublished.share(.mainstream))
        #expect(abs(published - 43.56) < 0.05)
        #expect(recorded > 44.1 && recorded < 44.4)
        #expect(report.comparatorNote?.contains("Published England: Mainstream (incl. RP/units) 43.6%") == true)
        // The East of England comparator no longer counts Cambridgeshire's 8,007 unplaced plans.
        let region = try #require(report.regionMix), regionPublished = try #require(report.regionPublished)
        #expect(regionPublished.plans - region.plans == 8_007)
        // hnf run's yardstick is the same comparator, with the published figure beside it.
        let yardstick = try #require(RunReport.england(national: national, upTo: 2025, years: [2026]))
        #expect(abs((yardstick.share[.mainstream] ?? 0) - recorded) < 1e-9)
        #expect(abs((yardstick.published[.mainstream] ?? 0) - published) < 1e-9)
        #expect(yardstick.excludes == ["Cambridgeshire", "North East Lincolnshire"])
    }
}

/// The backtest summary's three methods, scored by hand on three LAs.
@Suite struct BacktestSummaryTests {
    @Test func scoresEachMethod() throws {
        let national = TestSupport.national
        let i = { (lo: Double, mid: Double, hi: Double) in Backtest.Interval(p10: lo, p50: mid, p90: hi) }
        let areas = try ["886", "887", "919"].map { try national.area(named: $0) }
        let results = zip(areas, [(110.0, 100.0, 90.0, 100.0), (95, 125, 100, 100), (200, 160, 170, 100)]).map {
            area, p in
            Backtest.Result(
                area: area, plans: i(p.0 - 10, p.0, p.0 + 10), naive: i(p.1 - 1, p.1, p.1 + 1),
                england: i(p.2 - 50, p.2, p.2 + 50),
                actual: p.3, shares: [.mainstream: (i(39, 40, 41), 41)])
        }
        let summary = BacktestSummary(
            from: 2019, to: 2022, predict: 2025, draws: 10, seed: 1, results: results, skipped: [])
        // hnf errors +10%, -5%, +100%: median |error| 10, median error +10, inside 2 of 3.
        let hnf = try #require(summary.plans["hnf"])
        #expect(hnf.medianAbsolute == 10 && hnf.medianSigned == 10 && hnf.coverage == 2.0 / 3)
        // Own trend: 0, +25%, +60%; England's pace: -10, 0, +70.
        #expect(summary.plans["naive_trend"]?.medianAbsolute == 25 && summary.plans["naive_trend"]?.coverage == 1.0 / 3)
        #expect(summary.plans["england_rate"]?.medianSigned == 0 && summary.plans["england_rate"]?.coverage == 2.0 / 3)
        // Shares in points, hnf only (no baselines given).
        #expect(summary.shares[.mainstream]?["hnf"]?.medianSigned == -1)
        #expect(summary.shares[.mainstream]?["hnf"]?.coverage == 1)
    }
}
