import Foundation
import HighNeedsTestSupport
import Testing

/// `hnf run` end to end: the hnf.run.v1 JSON contract, reproducibility across threads,
/// the report a Forum member reads, and errors.
@Suite struct RunCommandTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try TestSupport.runCLI(["run"] + arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func jsonContract() throws {
        let object = try Self.json(["Scenarios/kent/baseline.yaml", "--draws", "40", "--years", "3", "--seed", "7"])
        #expect(object["schema"] as? String == "hnf.run.v1")
        let provenance = try #require(object["provenance"] as? [String: Any])
        #expect((provenance["scenario"] as? [String: Any])?["sha256"] as? String != nil)
        #expect(provenance["seconds"] is Double)
        #expect(provenance["seed"] as? Int == 7)
        let results = try #require(object["results"] as? [String: Any])
        let years = try #require(results["years"] as? [[String: Any]])
        #expect(years.map { $0["year"] as? Int } == [2026, 2027, 2028])
        for year in years {
            for key in ["plans", "cost"] {
                let stats = try #require(year[key] as? [String: Double], "\(key)")
                #expect(Set(stats.keys) == ["mean", "sd", "p5", "p10", "p50", "p90", "p95"])
                #expect(stats["p5"]! <= stats["p50"]! && stats["p50"]! <= stats["p95"]!)
            }
            let settings = try #require(year["settings"] as? [String: [String: Double]])
            #expect(settings.count == 9)
            #expect(settings["state_special"]?["mean"] != nil)
            let mainstream = try #require((year["groups"] as? [String: Any])?["mainstream"] as? [String: Any])
            #expect(mainstream["england"] as? Double != nil)
            #expect(mainstream["gap"] is [String: Double])
        }
        let money = try #require(results["money"] as? [[String: Any]])
        #expect(money.first?["label"] as? String == "2020-21")
        // Published balances beside the modelled ones, and the balances without conditional income.
        #expect(
            money.compactMap { $0["published_cumulative_balance"] as? Double }.map { ($0 / 1e5).rounded() } == [
                -510, -976,
            ])
        #expect(
            money.allSatisfy {
                $0["cumulative_balance_without_conditional"] is [String: Double]
                    && $0["p_in_year_balance_without_conditional"] is Double
            })
        #expect(results["title"] as? String == "Kent baseline (unmitigated)")
        #expect((results["localities"] as? [Any])?.count == 12)
        let stats = try #require(object["stats"] as? [String: Any])
        #expect((stats["pupil_years"] as? Int ?? 0) > 40 * 3 * 20_000)
    }

    @Test func resultsAreIdenticalForOneAndTwoThreads() throws {
        let args = ["Scenarios/kent/baseline.yaml", "--draws", "30", "--years", "2"]
        let one = try Self.json(args + ["--threads", "1"]), two = try Self.json(args + ["--threads", "2"])
        let a = try JSONSerialization.data(withJSONObject: one["results"]!, options: .sortedKeys)
        let b = try JSONSerialization.data(withJSONObject: two["results"]!, options: .sortedKeys)
        #expect(a == b)
    }

    @Test func tableIsTheForumReport() throws {
        let run = try TestSupport.runCLI(["run", "Scenarios/kent/baseline.yaml", "--draws", "30", "--years", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        for heading in [
            "Children and young people with EHC plans", "Placement mix against England", "When each gap closes",
            "Money, £m by financial year", "By locality",
        ] {
            #expect(run.stdout.contains(heading), "\(heading)")
        }
        #expect(run.stdout.contains("20,635 actual"))
    }

    @Test(arguments: [
        (["run", "Scenarios/kent/baseline.yaml", "--draws", "0"], "--draws"),
        (["run", "Scenarios/kent/baseline.yaml", "--by", "2040"], "--by 2040"),
        (["run", "no-such.yaml"], "no such file"),
        // --years is meta.horizon, checked by the loader as the file's value is.
        (["run", "Scenarios/kent/baseline.yaml", "--years", "40"], "--years 40: error: meta.horizon: 40; expected"),
        (
            ["report", "Scenarios/kent/baseline.yaml", "--years", "0", "-o", "/tmp/hnf-never-written.html"],
            "--years 0: error"
        ),
    ])
    func badInputIsAClearError(arguments: [String], message: String) throws {
        let run = try TestSupport.runCLI(arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }
}

/// `hnf backtest` and `hnf calibrate` end to end, on a small cut of the national data.
@Suite struct BacktestCommandTests {
    @Test func backtestAllOnSmallFixture() throws {
        let run = try TestSupport.runCLI([
            "backtest", "--all", "--national-data", "Tests/Fixtures/national-small", "--draws", "40", "--format",
            "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hnf.backtest.v1")
        let areas = try #require(object["areas"] as? [[String: Any]])
        #expect(areas.compactMap { ($0["area"] as? [String: Any])?["code"] as? String } == ["886", "887"])
        let plans = try #require(areas[0]["plans"] as? [String: Any])
        #expect(plans["actual"] as? Double == 20_635)
        #expect(Set((plans["predicted"] as? [String: Double] ?? [:]).keys) == ["p10", "p50", "p90"])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect((summary["plans"] as? [String: Double])?["median_ape_pc"] != nil)
        #expect((summary["naive_trend_plans"] as? [String: Double])?["coverage_p10_p90"] != nil)
    }

    @Test func calibrateWritesAScenarioThatValidates() throws {
        let out = TestSupport.temporaryFile("placeholder.txt", "")
        let path = out.replacingOccurrences(of: "placeholder.txt", with: "medway.yaml")
        let run = try TestSupport.runCLI([
            "calibrate", "--la", "Medway", "--from", "2019", "--to", "2025", "--out", path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let check = try TestSupport.runCLI(["validate", path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let bad = try TestSupport.runCLI(["calibrate", "--la", "Medway", "--from", "2022", "--to", "2019"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--from before --to"))
    }
}
