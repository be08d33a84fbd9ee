import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@Suite struct CalibrationTests {
    static let tables = try! Calibration.Tables(TestSupport.national)

    /// A calibrated scenario is valid, starts from the SEN2 caseload of its last January,
    /// and its flows are well formed.
    @Test func kentCalibrationWritesAValidScenario() throws {
        let kent = try TestSupport.national.area(named: "886")
        let calibration = try Calibration(area: kent, from: 2019, to: 2022, tables: Self.tables)
        let path = TestSupport.temporaryFile(
            "kent-calibrated.yaml", calibration.scenarioYAML(horizon: 3, draws: 50, seed: 1))
        let scenario = try TestSupport.load(path)
        #expect(scenario.meta.baseYear == 2022)
        let stock2022 = try #require(TestSupport.national.caseload(of: kent, in: 2022)?.value("plans"))
        #expect(abs(Double(scenario.totalPlans) - stock2022) <= 10)  // SEN2 columns suppressed as x are 0
        #expect(scenario.flows.moves.allSatisfy { $0.from != $0.to })
        #expect(calibration.ceasing.mean > 0.01 && calibration.ceasing.mean < 0.1)
        #expect(calibration.growth.sd > 0)
        // It runs.
        let report = RunReport(
            Projection(plan: try ProjectionPlan(scenario), draws: 50, seed: 1, threads: 2),
            national: TestSupport.national)
        #expect(report.la.years.count == 3)
    }

    /// The summary scores: median absolute percentage error of p50, share inside p10-p90.
    @Test func backtestScores() {
        let i = { (lo: Double, mid: Double, hi: Double) in Backtest.Interval(p10: lo, p50: mid, p90: hi) }
        let score = Backtest.score([(i(90, 100, 110), 100), (i(90, 100, 110), 125), (i(190, 200, 210), 160)])
        #expect(abs(score.medianAPE - 20) < 1e-9)  // errors 0%, 20%, 25%
        #expect(abs(score.coverage - 1.0 / 3) < 1e-12)
    }

    /// The naive log-linear trend of total plans gives an ordered 80% interval.
    @Test func naiveTrendOnSEN2() throws {
        let kent = try TestSupport.national.area(named: "886")
        let trend = try #require(
            Backtest.naiveTrend(kent, from: 2019, to: 2022, predict: 2025, national: TestSupport.national))
        #expect(trend.p10 < trend.p50 && trend.p50 < trend.p90)
        #expect(trend.p50 > 20_000)  // Kent grew from 13,900 to 17,733 in 2019-2022
    }

    /// Backtest on a small cut of the national data: both LAs, actuals from SEN2, and the
    /// same answer twice.
    @Test func backtestOnSmallFixture() throws {
        let small = try NationalData(
            directory: TestSupport.root.appendingPathComponent("Tests/Fixtures/national-small"))
        let tables = try Calibration.Tables(small)
        let kent = try small.area(named: "Kent")
        let a = try Backtest.run(
            kent, from: 2019, to: 2022, predict: 2025, draws: 40, seed: 3, threads: 2, tables: tables)
        let b = try Backtest.run(
            kent, from: 2019, to: 2022, predict: 2025, draws: 40, seed: 3, threads: 1, tables: tables)
        #expect(a.actual == 20_635)
        #expect(a.plans.p10 <= a.plans.p50 && a.plans.p50 <= a.plans.p90)
        #expect(a.plans.p50 == b.plans.p50 && a.plans.p90 == b.plans.p90)
        #expect(abs((a.shares[.mainstream]?.actual ?? 0) - 36.1) < 0.1)
        let score = Backtest.score([(a.plans, a.actual)])
        #expect(score.medianAPE == abs(a.plans.p50 - a.actual) / a.actual * 100)
    }
}
