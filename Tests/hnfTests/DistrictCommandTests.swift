import Foundation
import HighNeedsTestSupport
import Testing

/// `hnf localities template --la` and `hnf localities backtest` as an LA would run them.
@Suite struct DistrictCommandTests {
    /// Essex's template lists its 12 districts with ONS ages 0-25 and deprivation, sourced.
    @Test func essexTemplateHasItsDistrictsAges() throws {
        let run = try TestSupport.runCLI(["localities", "template", "--la", "Essex"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 13)
        #expect(lines[0].hasPrefix("id,name,source,population_age_0,"))
        #expect(lines[0].hasSuffix("population_age_25,deprivation"))
        #expect(lines.contains { $0.hasPrefix("basildon,Basildon,\"children: ONS mid-2021") })
    }

    /// Kent's districts from the template import into the Kent baseline: each carries its
    /// ages and deprivation, and the result runs.
    @Test func kentDistrictsImportAndRun() throws {
        let template = try TestSupport.runCLI(["localities", "template", "--la", "886"])
        #expect(template.status == 0, "\(template.stderr)")
        let csv = TestSupport.temporaryFile("kent-districts.csv", template.stdout)
        let out = csv + ".yaml"
        let imported = try TestSupport.runCLI([
            "localities", "import", csv, "--into", "Scenarios/kent/baseline.yaml", "--out", out,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.contains("  thanet:\n    name: \"Thanet\"\n"))
        #expect(yaml.contains("    deprivation: 31.44\n"))
        #expect(yaml.contains("folkestone_hythe:"))
        let run = try TestSupport.runCLI(["run", out, "--draws", "20", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func aScenarioAndAnLAAreRefusedTogether() throws {
        let run = try TestSupport.runCLI(["localities", "template", "Scenarios/kent/baseline.yaml", "--la", "Kent"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("not both"))
    }

    @Test func backtestWritesItsContract() throws {
        let run = try TestSupport.runCLI(["localities", "backtest", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "hnf.district-estimate.v1")
        #expect(json["unitaries"] as? Int == 128)
        #expect((json["plans"] as? [[String: Any]])?.count == 3)
    }
}
