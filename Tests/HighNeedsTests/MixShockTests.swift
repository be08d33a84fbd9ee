import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// The placement mix's trend and year-to-year shocks (`flows.mix_shocks`, `MixPath`,
/// `MixDynamics`): they widen a group's share as LAs' mixes have moved, leave totals and
/// reproducibility alone, and the headline backtest's shares are covered as issue 20 asks
/// where the model now meets it.
@Suite struct MixShockTests {
    static let tables = Result { try Calibration.Tables(TestSupport.national) }

    /// Kent calibrated on 2019-2022, run to January 2025 with and without its mix shocks.
    static func kent(shocks: Bool, threads: Int = 2) throws -> (Projection, Scenario) {
        let kent = try TestSupport.national.area(named: "886")
        let calibration = try Calibration(area: kent, from: 2019, to: 2022, tables: Self.tables.get())
        let path = TestSupport.temporaryFile(
            "kent-mix-\(shocks)-\(threads).yaml", calibration.scenarioYAML(horizon: 3, draws: 200, seed: 7))
        var scenario = try TestSupport.load(path)
        if !shocks { scenario.flows.mixShocks = nil }
        return (Projection(plan: try ProjectionPlan(scenario), draws: 200, seed: 7, threads: threads), scenario)
    }

    static func specialShares(_ projection: Projection) -> [Double] {
        let layout = projection.layout, W = layout.rowWidth, last = layout.area(0, year: layout.years - 1)
        let g = layout.groups.firstIndex(of: .special)!
        return (0..<projection.draws).map { d in
            projection.rows[d * W + last + layout.group(g)] / projection.rows[d * W + last + layout.plans]
        }
    }

    static func spread(_ v: [Double]) -> Double {
        let q = Summary(v, quantiles: [0.1, 0.9])!.quantiles
        return q[1] - q[0]
    }

    /// The calibrated scenario carries the estimated shocks and England's trend of new
    /// plans' settings, each with its source, and the validator accepts them.
    @Test func calibratedScenarioCarriesTheMixDynamics() throws {
        let (_, scenario) = try Self.kent(shocks: true)
        let shocks = try #require(scenario.flows.mixShocks)
        let newPlans = try #require(shocks.newPlans)
        #expect(newPlans.sd > 0.05 && newPlans.sd < 1, "new-plan shock sd \(newPlans.sd)")
        #expect(newPlans.persistence >= 0 && newPlans.persistence < 1)
        #expect((shocks.settings["state_special"]?.sd ?? 0) > 0)
        // Special schools' share of England's new plans fell every year 2019-2021 [SEN2].
        #expect((scenario.flows.newPlanSettingTrend["state_special"] ?? 0) < -0.05)
        #expect((scenario.flows.newPlanSettingTrend["mainstream"] ?? 0) > 0)
    }

    /// Shocks spread the special-school share far beyond each child's binomial noise, and
    /// leave total plans where they were (they move children, they make none).
    @Test func shocksWidenTheShareNotTheTotal() throws {
        let (with, _) = try Self.kent(shocks: true), (without, _) = try Self.kent(shocks: false)
        let wide = Self.spread(Self.specialShares(with)), narrow = Self.spread(Self.specialShares(without))
        #expect(wide > 2 * narrow, "p10-p90 of the special share: \(wide) with shocks, \(narrow) without")
        let layout = with.layout, W = layout.rowWidth, last = layout.area(0, year: layout.years - 1)
        let plans = { (p: Projection) in
            Summary((0..<p.draws).map { p.rows[$0 * W + last + layout.plans] }, quantiles: [0.5])!.quantiles[0]
        }
        #expect(abs(plans(with) / plans(without) - 1) < 0.01)
    }

    /// The same seed gives the same numbers whatever the thread count.
    @Test func shocksAreReproducible() throws {
        let (one, _) = try Self.kent(shocks: true, threads: 1), (two, _) = try Self.kent(shocks: true, threads: 2)
        #expect(one.rows == two.rows)
    }

    /// A persistence of 1 or more would never settle: the validator refuses it with its key path.
    @Test func persistenceMustBeBelowOne() throws {
        let overlay = TestSupport.temporaryFile(
            "mix-persistence.yaml",
            """
            overlay: hnf.overlay.v1
            name: too persistent
            add:
              flows.mix_shocks.new_plans: {sd: 0.2, persistence: 1.2}
            """)
        #expect(throws: InvalidInput.self) {
            try TestSupport.load(TestSupport.path("Scenarios/kent/baseline.yaml"), overlays: [overlay])
        }
    }

    /// Calibrate 2019-2022, predict January 2025, every LA with the history (50 draws, so
    /// the quantiles are a little noisier than the CLI's 200): before the shocks the
    /// p10-p90 of special schools' share held 32% of actuals and missed by +3.4 points on
    /// the median, educated elsewhere 13% (Docs/validation.md, "How good are the forecasts?"; the figures before the shocks are in CHANGELOG.md).
    @Test func headlineWindowCoversTheMainGroups() throws {
        let tables = try Self.tables.get(), national = TestSupport.national
        let prior = try Calibration.Prior(from: 2019, to: 2022, tables: tables)
        var results: [Backtest.Result] = [], failed: [String] = []
        for la in national.areas(in: 2025) where la.level == .la {
            do {
                results.append(
                    try Backtest.run(
                        la, from: 2019, to: 2022, predict: 2025, draws: 50, seed: 20250101, threads: 2,
                        tables: tables, prior: prior))
            } catch {
                failed.append("\(la.name): \(error)")
            }
        }
        // Every LA with plans is backtested, those created since 2019 on their predecessors' figures.
        #expect(failed.isEmpty, "\(failed)")
        #expect(results.count >= 150)
        let summary = BacktestSummary(
            from: 2019, to: 2022, predict: 2025, draws: 50, seed: 20250101, results: results, skipped: [])
        for group in [PlacementGroup.mainstream, .special, .post16] {
            let hnf = try #require(summary.shares[group]?["hnf"])
            #expect((0.70...0.95).contains(hnf.coverage ?? 0), "\(group) coverage \(hnf.coverage ?? 0)")
            #expect(abs(hnf.medianSigned) <= 2, "\(group) bias \(hnf.medianSigned)")
        }
        let elsewhere = try #require(summary.shares[.elsewhere]?["hnf"])
        #expect((elsewhere.coverage ?? 0) >= 0.5 && abs(elsewhere.medianSigned) <= 2)
    }
}
