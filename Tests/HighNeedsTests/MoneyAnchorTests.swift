import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// The money held against published actuals: unit costs from Section 251 outturn, the
/// history from published DSG balances, prices and conditional income.
@Suite struct MoneyAnchorTests {
    static let finance = try! HighNeedsFinance(TestSupport.national)

    static func kentPlan(
        _ path: String = "Scenarios/kent/baseline.yaml", overlays: [String] = []
    ) throws -> ProjectionPlan {
        func resolved(_ p: String) -> String { p.hasPrefix("/") ? p : TestSupport.path(p) }
        let scenario = try TestSupport.load(resolved(path), overlays: overlays.map(resolved))
        return try ProjectionPlan(scenario, national: TestSupport.national)
    }

    /// Kent's own lines stand behind every cost (no England fallback), and the baseline's
    /// settings carry them: each setting's band-mix average is the calibrated cost to 0.5%.
    @Test func kentBaselineCostsAreItsOutturn() throws {
        let kent = try TestSupport.national.area(named: "886")
        let costs = try UnitCosts(area: kent, national: TestSupport.national, finance: Self.finance)
        #expect(costs.costs.allSatisfy { $0.fallback == nil && $0.source.code == "886" })
        let scenario = try Self.kentPlan().scenario
        let mix: [String: Double] = ["B1": 0.20, "B2": 0.35, "B3": 0.30, "B4": 0.15]
        for cost in costs.costs {
            let setting = try #require(scenario.setting(cost.spec.setting), "\(cost.spec.setting)")
            let stated: Double
            switch cost.spec.component {
            case .placeFunding: stated = setting.placeFunding.value(in: 2021)
            case .fee: stated = setting.fee?.value(in: 2021) ?? 0
            case .topUp: stated = mix.reduce(0) { $0 + $1.value * (setting.topUp[$1.key]?.value(in: 2021) ?? 0) }
            }
            #expect(
                abs(stated - cost.amount) <= max(5, cost.amount * 0.005),
                "\(cost.spec.setting).\(cost.spec.component): \(stated) vs \(cost.amount)")
        }
    }

    /// Kent's modelled 2021-22 place funding and top-ups (the history year costed on the
    /// children of January 2022, at 2021-22 prices) are within 5% of its 2021-22 outturn on
    /// the same lines; with the services and AP lines, all high needs spend is too.
    @Test func kentHistoryYearMatchesOutturn() throws {
        let plan = try Self.kentPlan()
        let kent = try #require(Self.finance.s251(of: "886"))
        func outturn(_ lines: [String]) -> Double { lines.reduce(0) { $0 + (kent.value("outturn_" + $1) ?? 0) } }
        // Place funding (special, units, post-school) and top-ups, AP/PRU lines apart.
        let placeAndTopUps =
            outturn([
                "place_funding_special", "place_funding_primary", "place_funding_secondary",
                "place_funding_post_school",
                "top_up_maintained_total", "top_up_nmss_independent_total",
            ])
            - outturn(["top_up_maintained_pru_ap", "top_up_nmss_independent_pru_ap"]) * 0.96
        let h = try #require(plan.history.firstIndex { $0.year == 2021 })
        let modelled = plan.historySpend[h]
        #expect(abs(modelled / placeAndTopUps - 1) < 0.05, "modelled \(modelled) vs outturn \(placeAndTopUps)")
        let report = RunReport(Projection(plan: plan, draws: 4, seed: 1, threads: 1), national: nil)
        let year = try #require(report.money.first { $0.year == 2021 })
        let allLines =
            placeAndTopUps + outturn([
                "place_funding_pru_ap", "top_up_maintained_pru_ap", "top_up_nmss_independent_pru_ap",
            ]) * 0.99
            + outturn(UnitCosts.serviceLines)
        #expect(abs(year.spend.p50 / allLines - 1) < 0.05, "all high needs spend \(year.spend.p50) vs \(allLines)")
    }

    /// The history starts from the earliest published balance (March 2020) and the
    /// modelled balance at March 2022 is within 10% of the published one; the report
    /// carries both, and the difference, for each year published.
    @Test func kentBalanceMeetsThePublishedOne() throws {
        let plan = try Self.kentPlan()
        #expect(plan.history.first?.year == 2020)
        let report = RunReport(Projection(plan: plan, draws: 20, seed: 3, threads: 2), national: nil)
        let published = report.money.filter { $0.publishedCumulativeBalance != nil }
        #expect(published.map(\.year) == [2020, 2021])
        let march2022 = try #require(published.last)
        let target = try #require(Self.finance.balance(of: "886", in: 2021)?.value("cumulative_balance"))
        #expect(abs((march2022.publishedCumulativeBalance ?? 0) - target) < 1)
        #expect(
            abs(march2022.cumulativeBalance.p50 / target - 1) < 0.10,
            "modelled \(march2022.cumulativeBalance.p50) vs \(target)")
        #expect(abs((march2022.publishedDifference ?? .nan) - (march2022.cumulativeBalance.p50 - target)) < 1)
        let march2021 = try #require(published.first)
        #expect(abs(march2021.cumulativeBalance.p50 / march2021.publishedCumulativeBalance! - 1) < 0.15)
    }

    /// Every LA with Section 251 lines gets a cost for every setting; where it has no
    /// figure (or no children), England's stands in and says so.
    @Test func everyLAHasCostsWithEnglandAsFallback() throws {
        let national = TestSupport.national
        let england = try UnitCosts(area: national.england, national: national, finance: Self.finance)
        var fallbacks = 0
        for row in Self.finance.s251 where row.area.level == .la {
            guard let area = try? national.area(named: row.area.code), national.caseload(of: area, in: 2022) != nil
            else { continue }
            let costs = try UnitCosts(area: area, national: national, finance: Self.finance)
            for cost in costs.costs {
                #expect(cost.amount.isFinite && cost.amount >= 0, "\(area.name) \(cost.spec.setting)")
                if cost.fallback != nil {
                    fallbacks += 1
                    #expect(cost.source.level == .england)
                    #expect(cost.amount == england.cost(cost.spec.setting, cost.spec.component)?.amount)
                }
            }
        }
        #expect(fallbacks > 0, "some LA has no children in some setting (early years, at least)")
    }

    /// Prices uplift spend and nothing else: the same draws with prices growing 10% a year
    /// cost exactly 1.1^k times as much k years after the base, with the same children.
    @Test func pricesUpliftUnitCostsOnly() throws {
        let text = try String(contentsOfFile: TestSupport.path("Scenarios/kent/baseline.yaml"), encoding: .utf8)
        let start = try #require(text.range(of: "  prices:\n")), end = try #require(text.range(of: "  other_income:\n"))
        var uplifted = text
        uplifted.replaceSubrange(start.lowerBound..<end.lowerBound, with: "  prices: {base: 2025, growth: 0.10}\n")
        let pricedPath = TestSupport.temporaryFile("priced.yaml", uplifted)
        var noPrices = text
        noPrices.replaceSubrange(start.lowerBound..<end.lowerBound, with: "")
        let plain = try Self.kentPlan(TestSupport.temporaryFile("plain.yaml", noPrices))
        let priced = try Self.kentPlan(pricedPath)
        let a = RunReport(Projection(plan: plain, draws: 3, seed: 9, threads: 1), national: nil)
        let b = RunReport(Projection(plan: priced, draws: 3, seed: 9, threads: 1), national: nil)
        for (x, y) in zip(a.money, b.money) {
            let k = Double(x.year - 2025)
            #expect(abs(y.spendOnPlans.mean / x.spendOnPlans.mean - pow(1.1, k)) < 1e-9, "\(x.label)")
            #expect(y.income.mean == x.income.mean)
        }
        #expect(zip(a.la.years, b.la.years).allSatisfy { $0.plans.mean == $1.plans.mean }, "the same children")
    }

    /// Conditional income (Safety Valve) is reported apart: the balance without it is the
    /// balance with it less the conditional money received so far, draw by draw.
    @Test func conditionalIncomeIsShownApart() throws {
        let plan = try Self.kentPlan()
        let report = RunReport(Projection(plan: plan, draws: 5, seed: 2, threads: 1), national: nil)
        var received = 0.0
        for m in report.money {
            received += m.conditionalIncome.mean
            #expect(
                abs(m.cumulativeBalance.mean - m.cumulativeBalanceWithoutConditional.mean - received) < 1, "\(m.label)")
        }
        #expect(abs(received - 6 * 37_000_001) < 10, "£222m of Safety Valve money over six years")
        #expect(report.meta.title == "Kent baseline (unmitigated)")
    }
}

/// Levers that say when they break a rule: a pot too small for its protection is
/// reported, and goal seek never writes such a value as an overlay without being told to.
@Suite struct FeasibilityTests {
    static let shortRun = """
        overlay: hnf.overlay.v1
        name: Two years
        set:
          meta.horizon: 2
        """

    @Test func aPotBelowItsProtectionIsReported() throws {
        let small = TestSupport.temporaryFile(
            "small-pot.yaml",
            """
            overlay: hnf.overlay.v1
            name: Small pot
            set:
              funding.blocks.communities_of_schools.pot: 20000000   # far below what protection costs
            """)
        let plan = try MoneyAnchorTests.kentPlan(overlays: [
            TestSupport.temporaryFile("short.yaml", Self.shortRun),
            "Scenarios/kent/reforms/communities-of-schools.yaml", small,
        ])
        let report = RunReport(Projection(plan: plan, draws: 3, seed: 1, threads: 1), national: nil)
        let feasible = try #require(report.la.years.first { $0.year == 2027 }?.fundingFeasible.first)
        #expect(feasible.id == "communities_of_schools" && feasible.share == 0)
        #expect(
            report.render(.table).contains(
                "INFEASIBLE: communities_of_schools's pot cannot meet its protection and cap in 2026-27 (100% of draws)"
            ))
    }

    @Test func solveWritesNoOverlayThatBreaksProtection() throws {
        let scenario = try TestSupport.load(
            TestSupport.path("Scenarios/kent/baseline.yaml"),
            overlays: [
                TestSupport.temporaryFile("short.yaml", Self.shortRun),
                TestSupport.path("Scenarios/kent/reforms/communities-of-schools.yaml"),
            ])
        let seek = try GoalSeek(
            document: scenario.document, files: scenario.files, national: TestSupport.national,
            keyPath: "funding.blocks.communities_of_schools.pot", low: 0, high: 100_000_000,
            metric: .inYearBalance, year: 2026, target: 0, draws: 3, seed: 1, threads: 2, tolerance: 100_000)
        guard case .found(let e) = seek.outcome else { Issue.record("expected a value"); return }
        #expect(!e.feasible, "a pot that balances 2026-27 is below what protection costs: \(e.value)")
        #expect(seek.overlayYAML() == nil)
        #expect(seek.overlayYAML(allowInfeasible: true) != nil)
        #expect(seek.render(.table, draws: 3).contains("INFEASIBLE"))
    }
}

/// A what-if's change split into its mechanical part (the same children, its pots and
/// rules) and its behavioural part (what its responses add).
@Suite struct SavingSplitTests {
    @Test func mechanicalPartHasTheBaselinesChildren() throws {
        let short = TestSupport.temporaryFile("short.yaml", FeasibilityTests.shortRun)
        let base = try MoneyAnchorTests.kentPlan(overlays: [short])
        let reform = try MoneyAnchorTests.kentPlan(overlays: [
            short, "Scenarios/kent/reforms/communities-of-schools.yaml",
        ])
        var off = reform.scenario
        off.responsesOff = Set(off.responses.map(\.id))
        let mechanicalPlan = try ProjectionPlan(off, national: TestSupport.national)
        let project = { (plan: ProjectionPlan) in Projection(plan: plan, draws: 4, seed: 11, threads: 2) }
        let (b, r, m) = (project(base), project(reform), project(mechanicalPlan))
        let layout = b.layout
        for d in 0..<4 {
            for t in 0..<2 {
                #expect(
                    m.rows[d * m.layout.rowWidth + m.layout.area(0, year: t) + m.layout.plans]
                        == b.rows[d * layout.rowWidth + layout.area(0, year: t) + layout.plans],
                    "the mechanical part moves no child (draw \(d), step \(t))")
            }
        }
        let split = try #require(BaselineComparison(reform: r, baseline: b, mechanical: m))
        for y in split.years {
            #expect(abs(y.mechanicalSpend.mean + y.behaviouralSpend.mean - y.spend.mean) < 1e-3)
            #expect(abs(y.mechanicalBalance.mean + y.behaviouralBalance.mean - y.cumulativeBalance.mean) < 1e-3)
        }
        #expect(split.years.last!.behaviouralSpend.mean < 0, "fewer new plans cost less")
    }
}
