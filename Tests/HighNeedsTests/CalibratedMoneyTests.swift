import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// Money for every LA from what is published: a calibrated scenario's income, opening
/// balance and other spend come from the shipped DSG and Section 251 tables, never a
/// silent £0, and every stand-in is named.
@Suite struct CalibratedMoneyTests {
    static let national = TestSupport.national
    static let finance = try! HighNeedsFinance(TestSupport.national)

    /// Essex calibrated on 2019-2025 without its money: a scenario to give each LA's money to.
    static let essex: Calibration = try! Calibration(
        area: try! national.area(named: "881"), from: 2019, to: 2025, tables: Calibration.Tables(national))

    /// Every LA in SEN2's January 2025 (a superset of those `hnf calibrate` accepts): its
    /// money in a scenario (Essex's children, the LA's area, so that the history years are
    /// costed on the LA's own Januaries), read back through the loader and run, has the
    /// published 2022-23 and 2023-24 high needs blocks to the pound and opens from the
    /// published March 2022 balance; an LA without one of them has it from a named fallback.
    @Test func everyLAHasItsPublishedMoney() throws {
        let las = Self.national.areas(in: 2025).filter { $0.level == .la }
        #expect(las.count > 150)
        var failures: [String] = []
        for area in las {
            let money = try CalibratedMoney(area: area, baseYear: 2025, national: Self.national, finance: Self.finance)
            let yaml = Self.scenario(area.code, money)
            let path = TestSupport.temporaryFile("money-\(area.code).yaml", yaml)
            let scenario = try TestSupport.load(path)
            let report = RunReport(
                Projection(plan: try ProjectionPlan(scenario, national: Self.national), draws: 2, seed: 1, threads: 1),
                national: nil)
            let opening = try #require(scenario.budget.openingBalance)
            let unpublished = Self.finance.balances.allSatisfy { $0.area.code != area.code }
            if unpublished {
                // (The City of London and the Isles of Scilly are not in the DSG tables: each
                // stand-in is a named fallback, and the block is not 0.)
                for what in ["high needs block 2022-23", "high needs block 2023-24", "31 March 2022"]
                where !scenario.budget.fallbacks.contains(where: { $0.contains(what) }) {
                    failures.append("\(area.name): no fallback named for \(what)")
                }
                if !(scenario.budget.blockAmount > 0) { failures.append("\(area.name): a block of 0") }
                continue
            }
            // (An LA created after a year, Cumberland in 2023, has its predecessor's share, named.)
            func named(_ what: String) -> Bool { scenario.budget.fallbacks.contains { $0.contains(what) } }
            for year in [2022, 2023] {
                let modelled = report.money.first { $0.year == year }?.highNeedsBlock.p50 ?? .nan
                let published = Self.publishedBlock(area.code, year)
                if published.isNaN,
                    named("high needs block \(FinancialYear(year))") || named(FinancialYear(year).label),
                    modelled > 0 || opening.year > year
                {
                    continue
                }
                if modelled != published.rounded() {
                    failures.append("\(area.name) \(year): \(modelled) vs \(published)")
                }
            }
            let march2022 = Self.publishedBalance(area.code, closing: 2021)
            if march2022.isNaN, named("31 March 2022") { continue }
            if opening.year != 2022 || opening.amount != march2022.rounded() {
                failures.append("\(area.name) opening \(opening) vs March 2022 \(march2022)")
            }
            if !(scenario.budget.otherSpend.reduce(0) { $0 + ($1.amounts[2021] ?? 0) } > 0) {
                failures.append("\(area.name): no other high needs spend")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// Essex's calibrated children with `code` as the area (its history years are costed on
    /// that LA's Januaries) and `money` as the budget, projected two years.
    static func scenario(_ code: String, _ money: CalibratedMoney) -> String {
        let skeleton = essex.scenarioYAML(horizon: 2, draws: 2, seed: 1)
        let body = String(skeleton[..<skeleton.range(of: "budget:\n")!.lowerBound])
        return body.replacingOccurrences(of: "area: \"881\"", with: "area: \"\(code)\"") + money.budgetYAML(last: 2026)
    }

    /// The published figure an LA has, or for a successor LA its predecessor's share.
    static func publishedBlock(_ code: String, _ year: Int) -> Double {
        finance.balance(of: code, in: year)?.value("hnb_after_deductions") ?? .nan
    }

    static func publishedBalance(_ code: String, closing year: Int) -> Double {
        finance.balance(of: code, in: year)?.value("cumulative_balance") ?? .nan
    }

    /// `hnf calibrate`'s scenario (the whole path, anchoring included) carries the money.
    @Test func calibratedScenarioCarriesTheMoney() throws {
        var essex = Self.essex
        let yaml = try essex.writtenScenarioYAML(horizon: 5, national: Self.national, finance: Self.finance)
        let scenario = try TestSupport.load(TestSupport.temporaryFile("essex.yaml", yaml))
        #expect(scenario.budget.blockYear == 2022)
        #expect(abs(scenario.budget.blockAmount - Self.publishedBlock("881", 2022)) < 0.5)
        #expect(scenario.budget.prices?.base == 2021)
        #expect(scenario.budget.otherSpend.count == 2)
        #expect(scenario.budget.fallbacks.isEmpty)
        #expect(yaml.contains("sen2: [special_la_maintained, special_academy_free]"))
    }

    /// An LA with all its figures published has no fallback; Cumberland (created from
    /// Cumbria in 2023, with its first SEN2 January in 2024) takes Cumbria's March 2022
    /// balance in its share, carries it to March 2023 and says so; the two successors'
    /// shares add up to Cumbria's balance, and their 2023-24 blocks are their own.
    @Test func successorLAsShareTheirPredecessorAndSaySo() throws {
        let essex = try CalibratedMoney(
            area: try Self.national.area(named: "881"), baseYear: 2025, national: Self.national,
            finance: Self.finance)
        #expect(essex.fallbacks.isEmpty, "\(essex.fallbacks)")
        let successors = try ["942", "943"].map {
            try CalibratedMoney(
                area: try Self.national.area(named: $0), baseYear: 2025, national: Self.national,
                finance: Self.finance)
        }
        for (code, money) in zip(["942", "943"], successors) {
            #expect(money.fallbacks.contains { $0.contains("Cumbria") && $0.contains("31 March 2022") })
            #expect(money.fallbacks.contains { $0.contains("31 March 2023") && $0.contains("ASSUMPTION") })
            #expect(money.opening.year == 2023)
            #expect(money.blocks.map(\.year) == [2023])
            #expect(money.blocks[0].amount == Self.publishedBlock(code, 2023))
        }
        let cumbriaBalance = Self.publishedBalance("909", closing: 2021)
        #expect(abs(successors.reduce(0) { $0 + $1.opening.amount } - cumbriaBalance) < 1)
    }

    /// England built the same way is England's own published row, and the LAs' rows add up
    /// to it: the blocks to the pound, the March 2022 balance to within 0.5% (the balance
    /// shares are published to two decimals).
    @Test func englandIsItsOwnRowAndTheSumOfItsLAs() throws {
        let england = try CalibratedMoney(
            area: Self.national.england, baseYear: 2025, national: Self.national, finance: Self.finance)
        #expect(england.fallbacks.isEmpty, "\(england.fallbacks)")
        let las = Self.finance.balances.filter { $0.area.level == .la }
        func sum(_ year: Int, _ column: String) -> Double {
            las.filter { $0.year == year }.reduce(0) { $0 + ($1.value(column) ?? 0) }
        }
        for (i, year) in [2022, 2023].enumerated() {
            #expect(abs(england.blocks[i].amount - sum(year, "hnb_after_deductions")) < 1)
        }
        let balance = sum(2021, "cumulative_balance")
        #expect(abs(england.opening.amount / balance - 1) < 0.005, "\(england.opening.amount) vs LAs \(balance)")
    }

    /// A calibration that opens before the published blocks (a backtest from January 2020)
    /// carries the block back and names the assumption; later growth follows the national
    /// settlement's published rows, dated, with each year's floor and cap.
    @Test func earlyOpeningCarriesTheBlockBackAndSaysSo() throws {
        let kent = try Self.national.area(named: "886")
        let money = try CalibratedMoney(area: kent, baseYear: 2020, national: Self.national, finance: Self.finance)
        #expect(money.opening.year == 2020)
        #expect(abs(money.opening.amount - Self.publishedBalance("886", closing: 2019)) < 0.5)
        #expect(money.blocks.map(\.year) == [2020, 2021, 2022, 2023])
        #expect(money.fallbacks.filter { $0.contains("ASSUMPTION") }.count == 2)
        #expect(money.publishedBalances.map(\.year) == [2020, 2021])
        let growth = Dictionary(uniqueKeysWithValues: money.settlementGrowth.map { ($0.year, $0.growth) })
        #expect(abs((growth[2024] ?? 0) - (10.54 / 10.10 - 1)) < 1e-9)
        let yaml = money.budgetYAML(last: 2029)
        // (The floor and cap hold in the years published, then are lifted: 2025-26's 7% floor
        // must not clamp the later growth assumption.)
        #expect(yaml.contains("floor: {2020: 0.03, 2025: 0.07, 2026: -0.5}"))
        #expect(yaml.contains("cap: {2020: 0.05, 2025: 0.1, 2026: 0.5}"))
        let england = try CalibratedMoney(
            area: Self.national.england, baseYear: 2025, national: Self.national, finance: Self.finance)
        #expect(!england.budgetYAML(last: 2029).contains("floor:"))
    }
}

/// The money backtest: calibrated on what was known by March 2020, Kent's cumulative DSG
/// balance at 31 March 2022 is within 20% of the published one (it grew from -£21.5m to
/// -£97.6m), where holding March 2020's balance misses by three quarters.
@Suite struct MoneyBacktestTests {
    @Test func kentsMarch2022BalanceFromMarch2020() throws {
        let tables = try Calibration.Tables(TestSupport.national)
        let kent = try TestSupport.national.area(named: "886")
        let result = try MoneyBacktest.run(
            kent, draws: 20, seed: 1, threads: 1, tables: tables, finance: CalibratedMoneyTests.finance)
        #expect(abs(result.actual - -97_580_753) < 1)
        #expect(abs(result.predicted.p50 / result.actual - 1) < 0.2, "\(result.predicted) vs \(result.actual)")
        #expect(abs(result.flatBaseline - result.actual) > 3 * abs(result.predicted.p50 - result.actual))
        #expect(result.predicted.p10 < result.predicted.p90)
        let card = MoneyBacktest.Scorecard([result])
        #expect(card.model.medianAbsoluteError < card.ratio.medianAbsoluteError)
        let text = card.render([result], skipped: [], format: .table)
        #expect(text.contains("Kent") && text.contains("hnf (p50)"))
    }
}

/// A stand-in for published money reaches every output people read: the run's table and
/// JSON, the workbook's README sheet (through the same report) and the HTML summary.
@Suite struct MoneyFallbackReportTests {
    @Test func cityOfLondonsStandInsAreWarnedOfEverywhere() throws {
        let national = TestSupport.national
        let city = try national.area(named: "201")
        let money = try CalibratedMoney(
            area: city, baseYear: 2025, national: national, finance: CalibratedMoneyTests.finance)
        #expect(money.fallbacks.count >= 3)
        let yaml = CalibratedMoneyTests.scenario("201", money)
        let scenario = try TestSupport.load(TestSupport.temporaryFile("city.yaml", yaml))
        let report = RunReport(
            Projection(plan: try ProjectionPlan(scenario, national: national), draws: 4, seed: 1, threads: 1),
            national: national)
        let table = report.render(.table)
        #expect(table.contains("Warning: \(money.fallbacks.count) money figures are not published for this area"))
        #expect(table.contains("City of London is not in the DSG tables"))
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [String: Any])
        #expect((results["money_fallbacks"] as? [String])?.count == money.fallbacks.count)
        let html = try ForumReport(run: report, whatIfs: [], files: scenario.files, provenance: [:]).html()
        #expect(html.contains("id=\"money-fallbacks\""))
    }

    /// England's run shows the published March 2022 balance it starts from and every
    /// national comparator the run reaches, beside the modelled figure.
    @Test func englandShowsItsOpeningAndTheNationalComparators() throws {
        let scenario = try TestSupport.load(TestSupport.path("Scenarios/england/baseline.yaml"))
        let report = RunReport(
            Projection(
                plan: try ProjectionPlan(scenario, national: TestSupport.national), draws: 2, seed: 1, threads: 1),
            national: nil)
        let table = report.render(.table)
        #expect(table.contains("The cumulative balance starts from -£1154.9m at 31 March 2022"))
        #expect(table.contains("Published figures beside the modelled ones"))
        #expect(report.comparisons.count == scenario.budget.comparators.count)
        #expect(table.contains("National Audit Office"))
    }
}
