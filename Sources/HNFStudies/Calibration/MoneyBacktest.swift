import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The money held against what happened: each LA calibrated on what was known by March
/// 2020 (SEN2 Januaries 2019-2020, the published balance at 31 March 2020), projected two
/// years, and its cumulative DSG balance at 31 March 2022 compared with the published one,
/// beside two simple baselines.
///
/// - **In sample.** Unit costs come from the 2021-22 Section 251 outturn (no earlier
///   outturn ships), so spend per child is known from the year predicted; the high needs
///   blocks of 2020-21 and 2021-22 are each LA's share of its total DSG carried back
///   (`CalibratedMoney`), set by the national settlement before those years began.
/// - **Baselines.** The 2019-20 in-year balance is not published (no March 2019 balance
///   ships), so the baselines hold what March 2020 shows: the balance as a share of total
///   DSG (`ratio`), or the balance in pounds (`flat`, no in-year change).
public enum MoneyBacktest {
    public static let from = 2019, to = 2020, closing = 2021

    public struct Result: Sendable {
        public var area: Area
        /// Modelled cumulative balance at 31 March 2022 (p10, p50, p90 of the draws).
        public var predicted: Backtest.Interval
        public var actual: Double
        /// The modelled high needs income of 2021-22: the denominator of errors in %.
        public var income: Double
        public var ratioBaseline: Double, flatBaseline: Double
        public var fallbacks: [String]

        public var json: [String: Any] {
            [
                "area": ["code": area.code, "name": area.name], "predicted": predicted.json, "actual": actual,
                "income_2021": income, "ratio_baseline": ratioBaseline, "flat_baseline": flatBaseline,
                "fallbacks": fallbacks,
            ]
        }
    }

    /// Median absolute error and median signed error (bias), £ and % of 2021-22 income, of one predictor.
    public struct Score: Sendable {
        public var medianAbsoluteError: Double, medianAbsolutePercent: Double, bias: Double, biasPercent: Double
        public var json: [String: Double] {
            [
                "median_abs_error": medianAbsoluteError, "median_abs_error_pc_income": medianAbsolutePercent,
                "bias": bias, "bias_pc_income": biasPercent,
            ]
        }

        init(_ results: [Result], _ predict: (Result) -> Double) {
            func median(_ v: [Double]) -> Double { Summary(v, quantiles: [0.5])?.quantiles[0] ?? 0 }
            let errors = results.map { predict($0) - $0.actual }
            let percent = zip(results, errors).map { $1 / max($0.income, 1) * 100 }
            medianAbsoluteError = median(errors.map(abs))
            medianAbsolutePercent = median(percent.map(abs))
            bias = median(errors)
            biasPercent = median(percent)
        }
    }

    public struct Scorecard: Sendable {
        public var model: Score, ratio: Score, flat: Score
        /// The share of actuals inside the model's p10-p90.
        public var coverage: Double
        public var count: Int

        public init(_ results: [Result]) {
            model = Score(results) { $0.predicted.p50 }
            ratio = Score(results) { $0.ratioBaseline }
            flat = Score(results) { $0.flatBaseline }
            coverage =
                results.isEmpty
                ? 0 : Double(results.filter { $0.predicted.contains($0.actual) }.count) / Double(results.count)
            count = results.count
        }
    }

    /// Backtests one LA's money. Throws when its history or money is incomplete.
    public static func run(
        _ area: Area, draws: Int, seed: UInt64, threads: Int, tables: Calibration.Tables, finance: HighNeedsFinance,
        prior: Calibration.Prior? = nil
    ) throws -> Result {
        let national = tables.national
        guard let actual = finance.balance(of: area.code, in: closing)?.value("cumulative_balance"),
            let march2020 = finance.balance(of: area.code, in: to - 1),
            let pc = march2020.value("cumulative_balance_pc"), let opening = march2020.value("cumulative_balance"),
            let total2021 = finance.balance(of: area.code, in: closing)?.value("total_dsg")
        else {
            throw Calibration.Failure.missing("no published DSG balance for \(area.name) at 31 March 2020 and 2022")
        }
        let seed = Backtest.seed(seed, area: area.code)
        var calibration = try Calibration(area: area, from: from, to: to, tables: tables, prior: prior)
        let money = try CalibratedMoney(area: area, baseYear: to, national: national, finance: finance)
        let costs = calibration.unitCostLines(national: national, finance: finance)
        let horizon = closing - to + 1
        let yaml = try calibration.anchoredScenarioYAML(
            horizon: horizon, draws: draws, seed: Int(seed), national: national, unitCosts: costs, money: money)
        let scenario = try Backtest.loadCalibrated(yaml, area: area, national: national)
        let projection = Projection(
            plan: try ProjectionPlan(scenario, national: national), draws: draws, seed: seed, threads: threads)
        let report = RunReport(projection, national: nil)
        guard let year = report.money.first(where: { $0.year == closing }) else {
            throw Calibration.Failure.missing("the projection does not reach \(FinancialYear(closing))")
        }
        let balance = year.cumulativeBalance
        return Result(
            area: area, predicted: Backtest.Interval(p10: balance.p10, p50: balance.p50, p90: balance.p90),
            actual: actual, income: year.income.p50, ratioBaseline: pc / 100 * total2021, flatBaseline: opening,
            fallbacks: money.fallbacks)
    }
}
