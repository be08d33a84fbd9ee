import Foundation
import Testing
import HighNeedsTestSupport

/// `hnf import witan-send` and `hnf compare witan-send` end to end, as an LA moving from
/// witan.send runs them.
@Suite struct WitanSendCommandTests {
    @Test func importThenCompareAgrees() throws {
        let out = TestSupport.temporaryFile("placeholder", "") + "-demo.yaml"
        let imported = try TestSupport.runCLI(["import", "witan-send", TestSupport.witanSendDemo + "/inputs", "--out", out])
        #expect(imported.status == 0, "\(imported.stderr)")
        let run = try TestSupport.runCLI(["run", out, "--draws", "50"])
        #expect(run.status == 0 && run.stdout.contains("Plans by setting"), "\(run.stderr)")
        #expect(run.stdout.contains("no budget") && !run.stdout.contains("Cumulative balance"), "spend only: witan.send models no income")
        let compared = try TestSupport.runCLI(["compare", "witan-send", out, "--published", TestSupport.witanSendDemo + "/published-1000", "--format", "json"])
        #expect(compared.status == 0, "exit 0 when the projections agree: \(compared.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hnf.witan-comparison.v1")
        #expect(object["agrees"] as? Bool == true)
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.filter { $0["kind"] as? String == "total" }.count == 5)
    }

    @Test func badInputExitsTwoAndWritesNothing() throws {
        let directory = TestSupport.witanSendInputs(editing: ["transitions.csv": ("2013,B,X,5,B,X,6", "2013,B,X,5,B,X,9")])
        let out = directory + "/scenario.yaml"
        let result = try TestSupport.runCLI(["import", "witan-send", directory, "--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("transitions.csv:3:16: error: academic-year-2: 9 after 5"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
