import Foundation
import HighNeedsTestSupport
import Testing

/// `hnf import witan-send` and `hnf compare witan-send` end to end, as an LA moving from
/// witan.send runs them.
@Suite struct WitanSendCommandTests {
    /// Import and run on the project's own fixture in witan.send's format.
    @Test func importThenRun() throws {
        let out = TestSupport.temporaryFile("placeholder", "") + "-small.yaml"
        let imported = try TestSupport.runCLI(["import", "witan-send", TestSupport.witanSendFixture, "--out", out])
        #expect(imported.status == 0, "\(imported.stderr)")
        let run = try TestSupport.runCLI(["run", out, "--draws", "50", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [String: Any])
        let years = try #require(results["years"] as? [[String: Any]])
        #expect(years.count == 4, "January 2019 to 2022: the last calendar year population.csv covers")
        let transitions = try String(contentsOfFile: TestSupport.witanSendFixture + "/transitions.csv", encoding: .utf8)
        let stayers = transitions.split(separator: "\n").filter {
            $0.hasPrefix("2017,") && $0.split(separator: ",")[4] != "NONSEND"
        }
        let base = try #require((results["base"] as? [String: Any])?["plans"] as? Int)
        #expect(base == stayers.count, "the starting stock is the -2 side of the last year's transitions")
    }

    @Test(
        .enabled(
            if: TestSupport.witanSendDemo != nil,
            "needs witan.send's demo: set HNF_WITAN_SEND_DEMO to a folder with its data/demo inputs/ and published-1000/"
        ))
    func importThenCompareAgrees() throws {
        let demo = try #require(TestSupport.witanSendDemo)
        let out = TestSupport.temporaryFile("placeholder", "") + "-demo.yaml"
        let imported = try TestSupport.runCLI(["import", "witan-send", demo + "/inputs", "--out", out])
        #expect(imported.status == 0, "\(imported.stderr)")
        let run = try TestSupport.runCLI(["run", out, "--draws", "50"])
        #expect(run.status == 0 && run.stdout.contains("Plans by setting"), "\(run.stderr)")
        #expect(
            run.stdout.contains("no budget") && !run.stdout.contains("Cumulative balance"),
            "spend only: witan.send models no income")
        let compared = try TestSupport.runCLI([
            "compare", "witan-send", out, "--published", demo + "/published-1000", "--format", "json",
        ])
        #expect(compared.status == 0, "exit 0 when the projections agree: \(compared.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hnf.witan-comparison.v1")
        #expect(object["agrees"] as? Bool == true)
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.filter { $0["kind"] as? String == "total" }.count == 5)
    }

    @Test func badInputExitsTwoAndWritesNothing() throws {
        let directory = try TestSupport.witanSendInputs(editing: [
            "transitions.csv": ("2013,B,X,5,B,X,6", "2013,B,X,5,B,X,9")
        ])
        let out = directory + "/scenario.yaml"
        let result = try TestSupport.runCLI(["import", "witan-send", directory, "--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("transitions.csv:3:16: error: academic-year-2: 9 after 5"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
