import Foundation
import HighNeeds
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
        // The shipped baseline's districts are this template's, figure for figure.
        let shipped = try TestSupport.load(TestSupport.path("Scenarios/kent/baseline.yaml")),
            fresh = try TestSupport.load(out)
        #expect(shipped.localities.map(\.id) == fresh.localities.map(\.id))
        for (a, b) in zip(shipped.localities, fresh.localities) {
            #expect(a.deprivation == b.deprivation, "\(a.id)")
            #expect(
                (0...25).allSatisfy { a.population(atAge: $0, in: 2025) == b.population(atAge: $0, in: 2025) },
                "\(a.id)")
        }
        #expect(shipped.localityEvidence == .ageSplit)
    }

    /// Each locality's change against the baseline as a share of what it received there,
    /// from `hnf run --format json`, and the run's JSON.
    static func relativeChanges(_ files: [String]) throws -> (changes: [String: Double], json: [String: Any]) {
        let run = try TestSupport.runCLI(["run"] + files + ["--draws", "200", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let json = try #require(document?["results"] as? [String: Any])
        let against = try #require(json["against_baseline"] as? [String: Any])
        let localities = try #require(against["localities"] as? [[String: Any]])
        var out: [String: Double] = [:]
        for l in localities {
            let base = try #require((l["baseline"] as? [String: Double])?["p50"])
            let change = try #require((l["change"] as? [String: Double])?["p50"])
            out[try #require(l["id"] as? String)] = change / base
        }
        return (out, json)
    }

    /// Under communities-of-schools Kent's districts lose about alike; weighting a quarter of
    /// the pot by deprivation moves money to Thanet (IMD score 31.4) from Tunbridge Wells
    /// (11.3), and the run says why in its JSON as in its table.
    @Test func aDeprivationWeightedPotSeparatesTheDistricts() throws {
        let kent = "Scenarios/kent/"
        let plain = try Self.relativeChanges([kent + "baseline.yaml", kent + "reforms/communities-of-schools.yaml"])
        let weighted = try Self.relativeChanges([
            kent + "baseline.yaml", kent + "reforms/communities-of-schools.yaml",
            kent + "reforms/communities-of-schools-deprivation.yaml",
        ])
        let gapPlain = try #require(plain.changes["thanet"]) - (try #require(plain.changes["tunbridge_wells"]))
        let gapWeighted =
            try #require(weighted.changes["thanet"]) - (try #require(weighted.changes["tunbridge_wells"]))
        #expect(abs(gapPlain) < 0.01, "plain: Thanet against Tunbridge Wells \(gapPlain)")
        #expect(gapWeighted > 0.025, "deprivation-weighted: Thanet against Tunbridge Wells \(gapWeighted)")
        let against = try #require(weighted.json["against_baseline"] as? [String: Any])
        let budget = try #require((against["locality_budgets"] as? [[String: Any]])?.first)
        let thanet = try #require(
            (budget["localities"] as? [[String: Any]])?.first { $0["id"] as? String == "thanet" })
        let shares = try #require(thanet["factor_shares"] as? [String: Double])
        #expect(try #require(shares["deprivation"]) > 1.4 * (try #require(shares["population"])))
        let why = try #require(budget["why"] as? String)
        #expect(why.contains("25% by children weighted by deprivation"), "\(why)")
        #expect((weighted.json["localities_note"] as? String)?.contains("an estimate") == true)
    }

    /// `hnf calibrate --districts` writes Essex's 12 districts with their ONS ages and the
    /// LA's plans shared between them, adding up to the LA's cell by cell; a unitary is refused.
    @Test func calibrateWritesAnLAsDistricts() throws {
        let la = TestSupport.temporaryFile("essex.yaml", ""), districts = la + ".districts.yaml"
        let one = try TestSupport.runCLI(["calibrate", "--la", "Essex", "--from", "2019", "--to", "2025", "--out", la])
        #expect(one.status == 0, "\(one.stderr)")
        let split = try TestSupport.runCLI([
            "calibrate", "--la", "Essex", "--from", "2019", "--to", "2025", "--districts", "--out", districts,
        ])
        #expect(split.status == 0, "\(split.stderr)")
        let whole = try TestSupport.load(la), shared = try TestSupport.load(districts)
        #expect(shared.localities.count == 12)
        #expect(shared.localities.allSatisfy { $0.deprivation != nil && $0.population(atAge: 19, in: 2025) > 0 })
        #expect(shared.localityEvidence == .ageSplit)
        func cells(_ s: Scenario) -> [String: Int] {
            s.stock.reduce(into: [:]) { $0["\($1.age) \($1.need) \($1.setting)", default: 0] += $1.count }
        }
        #expect(cells(whole) == cells(shared))
        let unitary = try TestSupport.runCLI([
            "calibrate", "--la", "Medway", "--from", "2019", "--to", "2025", "--districts",
        ])
        #expect(unitary.status != 0)
        #expect(unitary.stderr.contains("its own only district"), "\(unitary.stderr)")
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
