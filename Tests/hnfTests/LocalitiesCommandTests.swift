import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// `hnf localities template` and `hnf localities import` end to end, as an LA filling in
/// its districts' figures would run them.
@Suite struct LocalitiesCommandTests {
    static let kent = "Scenarios/kent/baseline.yaml"

    static func template() throws -> String {
        let run = try TestSupport.runCLI(["localities", "template", Self.kent])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    /// The template's CSV with `edit` applied to each row's fields by column name.
    static func edited(_ csv: String, _ edit: (inout [String: String]) -> Void) -> String {
        let lines = csv.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var out = [lines[0]]
        for line in lines.dropFirst() {
            let fields = LocatedCSV.split(line, file: "", line: 0).fields.map(\.text)
            var row = Dictionary(uniqueKeysWithValues: zip(header, fields))
            edit(&row)
            out.append(header.map { row[$0]! }.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ","))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Thanet with three times the independent special plans: its starting stock follows
    /// the CSV, setting by setting; everything outside `localities` stays as written, and
    /// the run's by-locality table no longer says the localities are a split.
    @Test func importedPlansMakeDistrictsDiffer() throws {
        // The template leaves plans blank (Kent's are a split, not counts): the test's counts
        // are that split, with Thanet's independent special plans three times over.
        var split: [String: [String: Int]] = [:]
        for cell in try TestSupport.load(TestSupport.path(Self.kent)).stock {
            split[cell.locality, default: [:]][cell.setting, default: 0] += cell.count
        }
        let csv = Self.edited(try Self.template()) { row in
            row["source"] = "ASSUMPTION: test figures"
            for (setting, count) in split[row["id"]!] ?? [:] { row["plans_\(setting)"] = String(count) }
            if row["id"] == "thanet" {
                row["plans_independent_special"] = String(Int(row["plans_independent_special"]!)! * 3)
            }
        }
        let input = TestSupport.temporaryFile("districts.csv", csv)
        let out = input + ".yaml"
        let run = try TestSupport.runCLI(["localities", "import", input, "--into", Self.kent, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: out, encoding: .utf8),
            original = try String(contentsOfFile: TestSupport.path(Self.kent), encoding: .utf8)
        #expect(written.contains("# ASSUMPTION: test figures (districts.csv, line 11)"))
        #expect(written.contains("split: plans_by_setting"))
        // Everything from need_profile on is as written, except the split line.
        let tail = { (text: String) in
            text.components(separatedBy: "\nneed_profile:")[1].split(separator: "\n").filter { !$0.contains("split:") }
        }
        #expect(tail(written) == tail(original))
        let scenario = try TestSupport.load(out)
        func plans(_ id: String, _ setting: String) -> Int {
            scenario.stock.filter { $0.locality == id && $0.setting == setting }.reduce(0) { $0 + $1.count }
        }
        let rows = csv.split(separator: "\n").dropFirst().map {
            LocatedCSV.split(String($0), file: "", line: 0).fields.map(\.text)
        }
        let header = csv.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let column = try #require(header.firstIndex(of: "plans_independent_special"))
        let total = rows.reduce(0) { $0 + Int($1[column])! }
        let sen2 = scenario.localities.reduce(0) { $0 + plans($1.id, "independent_special") }
        for row in rows {
            let expected = Double(sen2) * Double(Int(row[column])!) / Double(total)
            #expect(
                abs(Double(plans(row[0], "independent_special")) - expected) <= 26,
                "\(row[0]): \(plans(row[0], "independent_special")) against \(expected)")
        }
        #expect(plans("thanet", "independent_special") > 2 * plans("swale", "independent_special"))
        #expect(scenario.localityEvidence == .localData, "plans by setting from the LA are local data")
    }

    /// Every bad cell at its line and column, all at once; exit 2; nothing written.
    @Test func badCellsAreLocatedAndNothingIsWritten() throws {
        var csv = Self.edited(try Self.template()) { row in
            if row["id"] == "dover" { row["population_age_7"] = "lots"; row["plans_mainstream"] = "-3" }
            if row["id"] == "swale" { row["id"] = "thanet" }
            if row["id"] == "gravesham" { row["fsm"] = "1e9" }
        }
        csv = csv.replacingOccurrences(of: "plans_ap,", with: "plans_pru,")
        let input = TestSupport.temporaryFile("bad.csv", csv)
        let out = input + ".yaml"
        let run = try TestSupport.runCLI(["localities", "import", input, "--into", Self.kent, "--out", out])
        #expect(run.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
        let lines = csv.split(separator: "\n").map(String.init)
        let dover = try #require(lines.firstIndex { $0.hasPrefix("dover,") }) + 1
        let header = lines[0].split(separator: ",").map(String.init)
        func column(_ name: String, _ line: String) -> Int {
            let fields = LocatedCSV.split(line, file: "", line: 0).fields
            return fields[header.firstIndex(of: name)!].location.column
        }
        let expected = [
            "\(input):\(dover):\(column("population_age_7", lines[dover - 1])): error: population_age_7: \"lots\"; expected a count",
            "\(input):\(dover):\(column("plans_mainstream", lines[dover - 1])): error: plans_mainstream: \"-3\"; expected a count",
            ":1:\(lines[0].components(separatedBy: "plans_pru")[0].count + 1): error: header: the column \"plans_pru\"; expected plans_ and one of the scenario's settings",
            "error: id: \"thanet\", already on line",
            "error: fsm: \"1e9\"; expected a count from 0 to 10,000,000",
        ]
        for text in expected { #expect(run.stderr.contains(text), "\(text)\n\(run.stderr)") }
    }

    /// The scenario is an input: the result is never written over it.
    @Test func neverWritesOverTheScenario() throws {
        let scenario = try TestSupport.kentVariant(replacing: "name: Kent baseline", with: "name: Kent copy")
        let before = try String(contentsOfFile: scenario, encoding: .utf8)
        let input = TestSupport.temporaryFile("districts.csv", try Self.template())
        let run = try TestSupport.runCLI(["localities", "import", input, "--into", scenario, "--out", scenario])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(try String(contentsOfFile: scenario, encoding: .utf8) == before)
        // Standard output by default.
        let printed = try TestSupport.runCLI(["localities", "import", input, "--into", scenario])
        #expect(printed.status == 0 && printed.stdout.contains("localities:\n  ashford:"), "\(printed.stderr)")
    }

    /// Population by single age, and a locality's own flows kept across an import.
    @Test func populationByAgeAndFlowsKept() throws {
        let scenario = try TestSupport.kentVariant(
            replacing: "    name: Swale\n",
            with: "    name: Swale\n    flows:\n      ceasing: {rate: {primary: 0.05}}   # ASSUMPTION: kept\n")
        let ages = (0...25).map { "population_age_\($0)" }
        let header = (["id", "name", "source"] + ages).joined(separator: ",")
        let rows = ["swale,Swale,ASSUMPTION: test", "thanet,Thanet,ASSUMPTION: test"].map {
            $0 + "," + (0...25).map { _ in "1000" }.joined(separator: ",")
        }
        let input = TestSupport.temporaryFile("ages.csv", ([header] + rows).joined(separator: "\n") + "\n")
        let run = try TestSupport.runCLI(["localities", "import", input, "--into", scenario])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("      ceasing: {rate: {primary: 0.05}}   # ASSUMPTION: kept"))
        let out = TestSupport.temporaryFile("two.yaml", run.stdout)
        let loaded = try TestSupport.load(out)
        #expect(loaded.localities.map(\.id) == ["swale", "thanet"])
        #expect(loaded.localities[0].populationByAge[7]?.value(in: 2025) == 1000)
        #expect(loaded.localityFlowOverrides.map(\.id) == ["swale"])
    }
}
