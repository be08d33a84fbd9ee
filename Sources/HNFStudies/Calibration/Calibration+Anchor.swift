import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Calibration {
    /// The calibrated scenario with its new plans scaled so that the median plans after
    /// `horizon` years, in a short pilot run, are what the growth model says (`StockGrowth`):
    /// the first-year anchor J = S(g + r) holds only while the stock keeps its ages, and a
    /// stock that ages loses more plans each year. The scale moves the median by about the
    /// new plans the pilot added over the horizon, so one correction suffices. The pilot fixes
    /// the growth at its mean: plans rise with the growth, so the median plans are those of
    /// the median (mean) growth, and a pilot of 40 draws is not blurred by the growth's
    /// spread (sampled, that spread left the anchored median 1.3% from its target on average).
    public mutating func anchoredScenarioYAML(
        horizon: Int, draws: Int, seed: Int, national: NationalData, unitCosts: [String: [YAMLEntry]] = [:],
        money: CalibratedMoney? = nil, moneyProblem: String? = nil, pilotDraws: Int = 40
    ) throws -> String {
        let pilot = try scenarioYAML(horizon: horizon, draws: draws, seed: seed, unitCosts: unitCosts, pilot: true)
        // Checked by the loader as a file of it would be, in memory.
        let scenario = try ScenarioLoader.load(
            try ScenarioLoader.merge(.generated(name: "\(area.code) pilot.yaml", yaml: pilot)), national: { national })
        let projection = Projection(
            plan: try ProjectionPlan(scenario), draws: pilotDraws, seed: UInt64(seed), threads: 1)
        let median = { (values: [Double]) in Summary(values, quantiles: [0.5])?.quantiles[0] ?? 0 }
        let plans = median(Metric.plans.values(projection, step: horizon - 1))
        let joined = median(
            (0..<pilotDraws).map { d in
                (0..<horizon).reduce(0.0) { $0 + projection.value(draw: d, year: $1) { $0.joiners } }
            })
        let target =
            Double(scenario.totalPlans)
            * Foundation.exp(stockGrowth.forecast(history, horizon: horizon).growth * Double(horizon))
        if joined > 0 { newPlanScale = max(0.2, 1 + (target - plans) / joined) }
        return scenarioYAML(
            horizon: horizon, draws: draws, seed: seed, unitCosts: unitCosts, money: money, moneyProblem: moneyProblem)
    }
}

extension Calibration {
    /// The calibrated settings' cost lines from the LA's Section 251 outturn (none when it has no lines).
    func unitCostLines(national: NationalData, finance: HighNeedsFinance) -> [String: [YAMLEntry]] {
        (try? UnitCosts(area: area, national: national, finance: finance, specs: UnitCosts.calibratedSpecs))?
            .scenarioCosts() ?? [:]
    }

    /// The scenario `hnf calibrate --la --from --to` writes, and the one a sweep runs for an
    /// LA (`las:`), so that a sweep's stored command reproduces its figures: the pooled flows,
    /// new plans anchored to the growth model's pace, and unit costs from the LA's Section 251
    /// outturn (England's where it has none) and the area's published money
    /// (`CalibratedMoney`), when the finance tables are there.
    public mutating func writtenScenarioYAML(
        horizon: Int, national: NationalData, finance: HighNeedsFinance?
    ) throws -> String {
        let costs = finance.map { unitCostLines(national: national, finance: $0) } ?? [:]
        // Money that cannot be read (no published balance by the base year) leaves the plans
        // to run: the scenario then says why its block is 0 (`budget.fallbacks`).
        var moneyProblem: String? = finance == nil ? "the national money tables were not read" : nil
        let money = finance.flatMap { finance -> CalibratedMoney? in
            do { return try CalibratedMoney(area: area, baseYear: to, national: national, finance: finance) } catch {
                moneyProblem = "\(error)"
                return nil
            }
        }
        return try anchoredScenarioYAML(
            horizon: horizon, draws: 1000, seed: 20250101, national: national, unitCosts: costs, money: money,
            moneyProblem: moneyProblem)
    }
}
