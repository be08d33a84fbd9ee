import Foundation
import HighNeedsTestSupport
import Testing

/// `hnf replay` and `hnf backtest --format` end to end.
@Suite struct ReplayCommandTests {
    @Test func replayJSONContract() throws {
        let run = try TestSupport.runCLI([
            "replay", "Scenarios/kent/baseline.yaml", "--from", "2024", "--draws", "40", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hnf.replay.v1")
        #expect(object["year"] as? Int == 2024)
        let plans = try #require(object["plans"] as? [String: Any])
        #expect(plans["actual"] as? Double == 20_635)
        #expect(
            Set((plans["predicted"] as? [String: Double] ?? [:]).keys) == [
                "mean", "sd", "p5", "p10", "p50", "p90", "p95",
            ])
        let groups = try #require(object["groups"] as? [String: [String: Any]])
        #expect(Set(groups.keys) == ["mainstream", "special", "ap", "post16", "elsewhere", "early_years", "unknown"])
        let settings = try #require(object["settings"] as? [String: [String: Any]])
        #expect(settings["independent_special"]?["actual"] as? Double == 1_623)
    }

    /// `--set` is applied (it was validated and then ignored): far more new plans a year
    /// give far more plans a year on, and the same draws without it give the run's figure.
    @Test func replayAppliesSet() throws {
        func plans(_ extra: [String]) throws -> Double {
            let run = try TestSupport.runCLI(
                ["replay", "Scenarios/kent/baseline.yaml", "--from", "2024", "--draws", "20", "--format", "json"]
                    + extra)
            #expect(run.status == 0, "\(run.stderr)")
            let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let predicted = try #require((object["plans"] as? [String: Any])?["predicted"] as? [String: Double])
            return try #require(predicted["p50"])
        }
        let base = try plans([])
        let more = try plans(["--set", "flows.new_plans.rate_per_1000.primary=60"])
        #expect(more > base + 1_000, "with --set \(more), without \(base)")
    }

    @Test func replayWithoutTheNextJanuaryIsAClearError() throws {
        let run = try TestSupport.runCLI(["replay", "Scenarios/kent/baseline.yaml", "--from", "2025", "--draws", "10"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no January 2026 caseload for Kent"))
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test(arguments: ["table", "markdown", "csv"])
    func backtestFormats(format: String) throws {
        let run = try TestSupport.runCLI([
            "backtest", "--all", "--national-data", "Tests/Fixtures/national-small", "--draws", "20", "--format",
            format,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        for method in format == "csv"
            ? ["hnf", "naive_trend", "england_rate"] : ["hnf", "LA's own trend", "LA at England's pace"]
        {
            #expect(run.stdout.contains(method), "\(format) lacks \(method)")
        }
        #expect(run.stdout.contains(format == "csv" ? "share_mainstream" : "Mainstream (incl. RP/units) share"))
    }
}
