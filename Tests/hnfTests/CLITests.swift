import Foundation
import HighNeedsTestSupport
import Testing

/// The built `hnf`, end to end: exit codes, output contracts.
@Suite struct CLITests {
    @Test func ratiosJSONContract() throws {
        let run = try TestSupport.runCLI(["ratios", "--la", "886", "--year", "2022", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hnf.ratios.v1")
        #expect(object["year"] as? Int == 2022)
        let area = try #require(object["area"] as? [String: Any])
        #expect(area["code"] as? String == "886")
        #expect(area["name"] as? String == "Kent")
        #expect(area["level"] as? String == "la")
        #expect(object["plans"] as? Int == 17_733)
        #expect((object["counts"] as? [String: Any])?["mainstream"] as? Int == 5_947)
        let shares = try #require(object["shares"] as? [String: Double])
        #expect(shares["mainstream"] == 33.5)
        #expect(shares["special"] == 39.7)
        let england = try #require(object["england"] as? [String: Any])
        #expect((england["shares"] as? [String: Double])?["mainstream"] == 40.5)
        #expect((england["shares"] as? [String: Double])?["special"] == 34.8)
        #expect(object["region"] is [String: Any])
        let gaps = try #require(object["gap_pp"] as? [String: [String: Double]])
        #expect(gaps["england"]?["mainstream"] == -7.0)
        #expect(gaps["region"]?["mainstream"] != nil)
    }

    @Test func ratiosAllIsAnArrayOfTheSameObjects() throws {
        let run = try TestSupport.runCLI(["ratios", "--all", "--year", "2025", "--format", "json"])
        #expect(run.status == 0)
        let array = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(array.count > 150)
        #expect(array.allSatisfy { $0["schema"] as? String == "hnf.ratios.v1" })
    }

    @Test func ratiosTableShowsKentAgainstEngland() throws {
        let run = try TestSupport.runCLI(["ratios", "--la", "Kent", "--year", "2022"])
        #expect(run.status == 0)
        let mainstream = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("  Mainstream") })
        #expect(mainstream.contains("33.5") && mainstream.contains("40.5") && mainstream.contains("-7.0"))
        // The source is the document's attribution, printed on one line as in every command's table.
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.hasPrefix("Source: DfE") })
    }

    @Test func unknownAreaExitsTwo() throws {
        let run = try TestSupport.runCLI(["ratios", "--la", "Atlantis"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("Atlantis"))
    }

    @Test func validateExitCodes() throws {
        let good = try TestSupport.runCLI(["validate", "Scenarios/kent/baseline.yaml"])
        #expect(good.status == 0, "\(good.stderr)")
        let broken = try TestSupport.kentVariant(replacing: "  draws: 1000", with: "  draws: -1")
        let bad = try TestSupport.runCLI(["validate", broken])
        #expect(bad.status == 2)
        let line = try #require(TestSupport.line(of: "draws: -1", in: broken))
        #expect(bad.stderr.contains("\(broken):\(line):"))
        #expect(bad.stderr.contains("meta.draws"))
        #expect(!bad.stderr.contains("Fatal error"))
    }

    @Test func describeWritesAtomicallyToOut() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hnf-describe-\(UUID().uuidString).json"
        ).path
        let run = try TestSupport.runCLI(["describe", "Scenarios/kent/baseline.yaml", "--format", "json", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect((object?["stock"] as? [String: Any])?["plans"] as? Int == 20_635)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasSuffix(".tmp") && $0.contains("hnf-describe") }
        #expect(leftovers.isEmpty)
    }
}
