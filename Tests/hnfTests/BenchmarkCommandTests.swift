import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// `hnf benchmark --la Kent`: Kent beside its ten DfE statistical neighbours, in every
/// format, with a neighbour's figures checked against the DfE files they come from (the
/// shipped copies of SEN2's caseload, the high needs benchmarking tool's Section 251
/// lines and the neighbours file), read here by their own columns.
@Suite struct BenchmarkCommandTests {
    static func json(_ arguments: [String] = ["--la", "Kent"]) throws -> [String: Any] {
        let run = try TestSupport.runCLI(["benchmark"] + arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    /// A shipped national table as rows of named fields (quoted fields may hold commas).
    static func table(_ file: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: TestSupport.path("Scenarios/national/\(file)"), encoding: .utf8)
        var lines = text.split(separator: "\n").map { line -> [String] in
            var fields: [String] = [], field = "", quoted = false
            for c in line {
                if c == "\"" {
                    quoted.toggle()
                } else if c == "," && !quoted {
                    fields.append(field); field = ""
                } else {
                    field.append(c)
                }
            }
            return fields + [field]
        }
        let header = lines.removeFirst()
        return lines.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func aNeighboursFiguresAreTheDfEs() throws {
        let results = try #require(try Self.json()["results"] as? [String: Any])
        let neighbours = try #require(results["neighbours"] as? [[String: Any]])
        // The neighbours in the DfE's order for Kent (886).
        let listed = try Self.table("statistical-neighbours.csv").filter { $0["la_code"] == "886" }
            .sorted { Int($0["rank"]!)! < Int($1["rank"]!)! }.map { $0["neighbour_code"]! }
        #expect(neighbours.map { $0["code"] as! String } == listed)
        #expect(listed.first == "881", "Essex is Kent's nearest neighbour")
        let essex = neighbours[0]
        let sen2 = try #require(
            try Self.table("caseload.csv").first { $0["year"] == "2025" && $0["level"] == "la" && $0["code"] == "881" })
        #expect(essex["plans"] as? Double == Double(sen2["plans"]!))
        #expect(essex["mainstream_pc"] as? Double == Double(sen2["published_pc_mainstream"]!))
        #expect(essex["closeness"] as? String == "Very close")
        let s251 = try #require(try Self.table("s251-high-needs.csv").first { $0["code"] == "881" })
        let lines = NeighbourBenchmark.S251Line.allCases.map { Double(s251[$0.rawValue]!)! }
        let perHead = lines.reduce(0, +) / Double(s251["population_2_18"]!)!
        #expect(abs((essex["spend_per_head_2_18"] as! Double) - perHead) < 1e-9)
        // Plans per 1,000: Essex's districts' ONS population aged 0-25.
        let population = try Self.table("districts.csv").filter { $0["la"] == "881" }
            .flatMap { d in (0...25).map { Double(d["age_\($0)"]!)! } }.reduce(0, +)
        #expect(
            abs((essex["plans_per_1000_aged_0_25"] as! Double) - Double(sen2["plans"]!)! / population * 1000) < 1e-9)
    }

    /// England's plans per 1,000 in 2019 leave out the LAs abolished since (Cumbria,
    /// Northamptonshire, Dorset's old councils), whose people today's districts do not hold:
    /// their plans go with their people.
    @Test func englandsRateCountsPlansWithTheirPeople() throws {
        let results = try #require(try Self.json(["--la", "Kent", "--year", "2019"])["results"] as? [String: Any])
        let england = try #require(results["england"] as? [String: Any])
        let caseload = try Self.table("caseload.csv").filter { $0["year"] == "2019" }
        let districts = try Self.table("districts.csv")
        var people: [String: Double] = [:]
        for d in districts { people[d["la"]!, default: 0] += (0...25).map { Double(d["age_\($0)"]!)! }.reduce(0, +) }
        let las = caseload.filter { $0["level"] == "la" }
        let uncounted = las.filter { people[$0["code"]!] == nil }.map { Double($0["plans"]!)! }.reduce(0, +)
        #expect(uncounted > 10_000, "2019 has LAs abolished since")
        let population = las.compactMap { people[$0["code"]!] }.reduce(0, +)
        let plans = Double(try #require(caseload.first { $0["level"] == "england" })["plans"]!)!
        let rate = try #require(england["plans_per_1000_aged_0_25"] as? Double)
        #expect(abs(rate - (plans - uncounted) / population * 1000) < 1e-9)
    }

    @Test func kentStandsWhereItsFiguresPutIt() throws {
        let output = try Self.json()
        let results = try #require(output["results"] as? [String: Any])
        let ranks = try #require(results["ranks"] as? [String: Int])
        // Kent has more plans than any of its neighbours and fewer in mainstream than most.
        #expect(ranks["plans"] == 1)
        #expect(try #require(ranks["mainstream_pc"]) >= 9)
        let report = try JSONDecoder().decode(
            ReportDocument.self, from: JSONSerialization.data(withJSONObject: try #require(output["report"])))
        let standing = try #require(report.table("standing"))
        #expect(standing.header == ["Measure", "Kent", "Neighbours' median", "Difference", "Rank (1 = highest)"])
        #expect(report.table("areas")?.rows.count == 13, "Kent, ten neighbours, its region and England")
    }

    @Test(arguments: ["table", "markdown", "csv"])
    func everyTextFormatCarriesTheStanding(_ format: String) throws {
        let run = try TestSupport.runCLI(["benchmark", "--la", "886", "--format", format])
        #expect(run.status == 0, "\(run.stderr)")
        for text in ["Essex", "Somerset", "South East", "England", "Neighbours' median"] {
            #expect(run.stdout.contains(text), "\(format) lacks \(text)")
        }
    }

    @Test(.enabled(if: ExternalTools.openpyxl, "needs python3 with openpyxl; .ci/run installs it"))
    func workbookCarriesTheStanding() throws {
        let xlsx = ExternalTools.temporaryFolder("benchmark").appendingPathComponent("kent.xlsx").path
        let run = try TestSupport.runCLI(["benchmark", "--la", "Kent", "--format", "xlsx", "--out", xlsx])
        #expect(run.status == 0, "\(run.stderr)")
        let dump = try #require(
            ExternalTools.run("python3", [TestSupport.path("Tests/Scripts/dump_workbook.py"), xlsx, "--rows"]))
        #expect(dump.stdout.contains("## README") && dump.stdout.contains("## Benchmark"))
        #expect(dump.stdout.contains("\"Where Kent stands among its neighbours\""))
        #expect(dump.stdout.contains("[20635, \"#,##0\"]"), "Kent's plans as a number")
    }

    @Test(arguments: [
        (["--la", "South East"], "is not an LA"),
        (["--la", "Atlantis"], "no LA, region or England matches \"Atlantis\""),
        (["--la", "Kent", "--year", "2030"], "no SEN2 caseload for January 2030"),
    ])
    func badInputIsAClearError(_ arguments: [String], _ message: String) throws {
        let run = try TestSupport.runCLI(["benchmark"] + arguments)
        #expect(run.status == 2, "status \(run.status): national-data problems are status 2")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
