import Foundation
import HighNeedsTestSupport
import Testing

/// Commands that write scenarios or read other models' files refuse what they cannot
/// use, instead of writing a scenario that fails validation or reporting agreement on
/// nothing. Built on a small witan.send-format folder written here (the demo is not needed).
@Suite struct ImportCasesTests {
    static let inputs: [String: String] = [
        "valid-states.csv":
            "setting,setting-group,min-academic-year,max-academic-year,needs,setting->setting\nA,Mainstream,0,11,\"T,U\",\"A,B\"\nB,Special,0,11,\"T,U\",\"A,B\"\n",
        "transitions.csv": "calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2\n"
            + String(repeating: "2020,A,T,5,NONSEND,NONSEND,6\n", count: 2) + "2020,A,T,5,B,T,6\n"
            + String(repeating: "2020,A,T,5,A,T,6\n", count: 7) + "2020,NONSEND,NONSEND,5,B,U,6\n",
        "population.csv": "calendar-year,academic-year,population\n" + (2020...2023).map { "\($0),6,1000\n" }.joined(),
        "costs.csv": "need,setting,cost\nT,A,100\nU,A,100\nT,B,900\nU,B,900\n",
        "config.edn": "{:projection-parameters {:random-seed 50\n :simulations 100}}\n",
    ]

    static func folder(replacing changes: [String: String?] = [:]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in inputs.merging(changes.compactMapValues { $0 }, uniquingKeysWith: { $1 })
        where changes[name] != .some(nil) {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        return directory.path
    }

    @Test func theFixtureImportsAndRuns() throws {
        let directory = try Self.folder()
        let out = directory + "/scenario.yaml"
        let imported = try BoundedRun.hnf(["import", "witan-send", directory, "--out", out])
        #expect(imported.status == 0, "\(imported.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("seed: 50") && text.contains("draws: 100"))
        let run = try BoundedRun.hnf(["run", out, "--draws", "2"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    /// Each bad input: the file to change, its new text (nil removes it), extra options, and the message.
    static let cases: [(String, String?, [String], String)] = [
        (
            "config.edn", "{:projection-parameters {:random-seed 50\n :simulations 0}}\n", [],
            "config.edn:2:2: error: :simulations: \"0\"; expected the number of simulations"
        ),
        (
            "config.edn", "{:projection-parameters {:random-seed -7\n :simulations 100}}\n", [],
            "error: :random-seed: \"-7\"; expected a seed"
        ),
        ("config.edn", "{:projection-parameters {:random-seed fifty}}\n", [], ":random-seed: \"fifty\""),
        ("config.edn", "\u{0}\u{1}binary\u{0}", [], "config.edn: error: a file that is not UTF-8 text"),
        ("config.edn", "random-seed 50", [], "text that is not an EDN map"),
        ("costs.csv", "need,setting,cost\n", [], "costs.csv: error: a header and no rows (every cost would be £0)"),
        (
            "population.csv", "calendar-year,academic-year,population\n", [],
            "population.csv: error: a header and no rows"
        ),
        (
            "valid-states.csv", "setting,setting-group,min-academic-year,max-academic-year,needs,setting->setting\n",
            [], "valid-states.csv: error: no settings"
        ),
        ("costs.csv", nil, ["--prior-weight", "1e308"], "--prior-weight must be above 0 and at most 1,000,000"),
    ]

    @Test(arguments: cases.indices)
    func badImportInputIsRefusedAndNothingWritten(index: Int) throws {
        let (file, text, extra, message) = Self.cases[index]
        let directory = try Self.folder(replacing: text.map { [file: $0] } ?? [:])
        let out = directory + "/scenario.yaml"
        let run = try BoundedRun.hnf(["import", "witan-send", directory, "--out", out] + extra)
        #expect(run.endedCleanly)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count < 10)
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written")
    }

    /// Bad witan.send inputs accepted or reported at a line of the scenario that is never
    /// written (issue 26, class 8): the files to change (nil removes one), extra options, the message.
    static let witanSendCases: [([String: String?], [String], String)] = [
        (
            ["costs.csv": "need,setting,cost\nT,A,0x10\nU,A,100\nT,B,900\nU,B,900\n"], [],
            "costs.csv:2:5: error: cost: \"0x10\""
        ),
        (
            ["costs.csv": "need,setting,cost\nT,A,100\nU,A,100\nT,B,1e12\nU,B,900\n"], [],
            "costs.csv:4:5: error: cost: \"1e12\"; expected a number of at least 0 and at most 100,000,000,000"
        ),
        (
            [
                "population.csv":
                    "calendar-year,academic-year,population\n2020,6,1000\n2021,6,2e7\n2022,6,1000\n2023,6,1000\n"
            ],
            [], "population.csv:3:8: error: population: \"2e7\"; expected a number of at least 0 and at most 10,000,000"
        ),
        (
            ["costs.csv": "need,setting,cost,cost\nT,A,100,1\nU,A,100,1\nT,B,900,1\nU,B,900,1\n"], [],
            "costs.csv:1:19: error: header: the column \"cost\" a second time (first at column 14)"
        ),
        (
            [
                "valid-states.csv":
                    "setting,setting-group,min-academic-year,max-academic-year,needs,setting->setting\nA,Mainstream,0,11,\"T,U x\",\"A,B\"\nB,Special,0,11,\"T,U\",\"A,B\"\n"
            ], [], "valid-states.csv:2:19: error: needs: the need \"U x\""
        ),
        (
            [
                "valid-states.csv":
                    "setting,setting-group,min-academic-year,max-academic-year,needs,setting->setting\nA,\"Main\"stream,0,11,\"T,U\",\"A,B\"\nB,Special,0,11,\"T,U\",\"A,B\"\n"
            ], [], "valid-states.csv:2:9: error: text after the closing quote of the field that starts at column 3"
        ),
        (
            ["config.edn": nil, "config-a.edn": "{:random-seed 50}\n", "config-b.edn": "{:random-seed 7}\n"], [],
            "error: 2 run configurations (config-a.edn, config-b.edn) and no config.edn; expected one of them named with --config"
        ),
        (
            ["config.edn": "{:random-seed 1 :random-seed 2 :simulations 5}\n"], [],
            "config.edn:1:17: error: :random-seed: :random-seed a second time (first at line 1, column 2)"
        ),
        (
            [:], ["--group", "nope=special"],
            "--group nope=special: valid-states.csv has no setting group \"nope\"; expected one of \"Mainstream\", \"Special\""
        ),
        ([:], ["--group", "Special=special", "--group", "Special=ap"], "--group Special: given twice"),
    ]

    @Test(arguments: witanSendCases.indices)
    func badWitanSendInputIsRefusedAtItsCell(index: Int) throws {
        let (changes, extra, message) = Self.witanSendCases[index]
        let directory = try Self.folder(replacing: changes)
        let out = directory + "/scenario.yaml"
        let run = try BoundedRun.hnf(["import", "witan-send", directory, "--out", out] + extra, seconds: 60)
        #expect(run.endedCleanly)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!run.stderr.contains("would not validate"), "refused at the input, not at the scenario written from it")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written")
    }

    /// Bad locality CSVs, each imported into a small scenario (`Tests/Fixtures/zero-variance.yaml`,
    /// localities `a` and `b`): the rows after the header, or a whole file, and the message.
    static let header =
        "id,name,population_early_years,population_primary,population_secondary,population_post16,population_post19"
    static let localityCases: [(String, String)] = [
        (header + "\na,A,0x10,10,10,10,10\nb,B,10,10,10,10,10\n", "l.csv:2:5: error: population_early_years: \"0x10\""),
        (header + "\na,A,1e3,10,10,10,10\nb,B,10,10,10,10,10\n", "l.csv:2:5: error: population_early_years: \"1e3\""),
        (header + "\na,A,+5,10,10,10,10\nb,B,10,10,10,10,10\n", "l.csv:2:5: error: population_early_years: \"+5\""),
        (header + "\na,A,.5,10,10,10,10\nb,B,10,10,10,10,10\n", "l.csv:2:5: error: population_early_years: \".5\""),
        (
            header + "\na,A,\"1,2,3\",10,10,10,10\nb,B,10,10,10,10,10\n",
            "l.csv:2:5: error: population_early_years: \"1,2,3\""
        ),
        (header + "\na,\"A\"x,10,10,10,10,10\nb,B,10,10,10,10,10\n", "l.csv:2:6: error: text after the closing quote"),
        (header + "\na,\"A,\"B,10,10,10,10,10\nb,B,10,10,10,10,10\n", "l.csv:2:7: error: text after the closing quote"),
        (
            header + "\na,\"A,10,10,10,10,10\nb,B,10,10,10,10,10\n",
            "l.csv:2:3: error: a quoted field that does not end on its line"
        ),
        (
            header + "\na,A\"B,10,10,10,10,10\nb,B,10,10,10,10,10\n",
            "l.csv:2:4: error: a double quote inside an unquoted field"
        ),
        (header + "\na,A\u{1}x,10,10,10,10,10\nb,B,10,10,10,10,10\n", "l.csv:2:4: error: the control character U+0001"),
        (
            header + ",population_primary\na,A,10,10,10,10,10,11\nb,B,10,10,10,10,10,10\n",
            "l.csv:1:108: error: header: the column \"population_primary\" a second time (first at column 32)"
        ),
        (
            header + ",name\na,A,10,10,10,10,10,Z\nb,B,10,10,10,10,10,Y\n",
            "l.csv:1:108: error: header: the column \"name\" a second time (first at column 4)"
        ),
        (
            header + "\na,A,9000000,9000000,10,10,10\nb,B,9000000,10,10,10,10\n",
            "l.csv:3:5: error: population: 27,000,070 children in all rows together, past 20,000,000 at this row"
        ),
        (
            "id,name,population_age_5,population_age_05\na,A,10,11\nb,B,10,10\n",
            "l.csv:1:26: error: header: the column \"population_age_05\""
        ),
        // A problem the scenario's own checks find is reported at the scenario's line, not
        // at a line of the scenario written from it (whose localities are a different length).
        (
            header + "\na,A,10,10,10,10,10\nc,C,10,10,10,10,10\n",
            "Tests/Fixtures/zero-variance.yaml:19:18: error: ehc_plans.cells[1].locality: \"b\""
        ),
    ]

    @Test(arguments: localityCases.indices)
    func badLocalityCSVIsRefusedAtItsCell(index: Int) throws {
        let (text, message) = Self.localityCases[index]
        let csv = TestSupport.temporaryFile("l.csv", text)
        let out = csv + ".yaml"
        let run = try BoundedRun.hnf(
            ["localities", "import", csv, "--into", "Tests/Fixtures/zero-variance.yaml", "--out", out], seconds: 60)
        #expect(run.endedCleanly)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!run.stderr.contains("with the localities of"), "never a line of the scenario that is not written")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written")
    }

    /// 100,000 localities without plans by setting: asking every row whether any row had
    /// plans made the import quadratic (10,000 rows took 11 s, 100,000 would take half an
    /// hour); it is linear now, about 15 s in a debug build, most of it checking the
    /// written scenario. The bound is generous, for a loaded machine: a quadratic step fails it.
    @Test func aHundredThousandLocalitiesImportInLinearTime() throws {
        let rows = (0..<100_000).map { i in "\(i == 0 ? "a" : i == 1 ? "b" : "l\(i)"),Locality \(i),10,10,10,10,10\n" }
        let csv = TestSupport.temporaryFile("many.csv", Self.header + "\n" + rows.joined())
        let out = csv + ".yaml"
        let run = try BoundedRun.hnf(
            ["localities", "import", csv, "--into", "Tests/Fixtures/zero-variance.yaml", "--out", out], seconds: 60)
        #expect(!run.timedOut, "100,000 rows took over 60 s")
        #expect(run.status == 0, "\(run.stderr.prefix(500))")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("\n  l99999:\n"))
    }

    /// Kent's stock shared by 4,000 localities' own plans by setting: each setting's shares
    /// were found by looking every locality up among all of them, for every age (4,000 rows
    /// took minutes), and every share sorted; now one pass each (about 8 s in a debug build).
    @Test func plansBySettingForThousandsOfLocalitiesAreLinear() throws {
        let template = try BoundedRun.hnf(["localities", "template", "Scenarios/kent/baseline.yaml"])
        let lines = template.stdout.split(separator: "\n").map(String.init)
        let columns = lines[0].split(separator: ",").map(String.init)
        let rows = (0..<4_000).map { i in
            columns.map { column -> String in
                switch column {
                case "id": return "l\(i)"
                case "name": return "L\(i)"
                case "source": return "test"
                case _ where column.hasPrefix("population_"): return "100"
                case _ where column.hasPrefix("plans_"): return String(1 + i % 3)
                default: return ""
                }
            }.joined(separator: ",") + "\n"
        }
        let csv = TestSupport.temporaryFile("kent-many.csv", lines[0] + "\n" + rows.joined())
        let run = try BoundedRun.hnf(
            ["localities", "import", csv, "--into", "Scenarios/kent/baseline.yaml", "--out", csv + ".yaml"],
            seconds: 60)
        #expect(!run.timedOut, "4,000 rows took over 60 s")
        #expect(run.status == 0, "\(run.stderr.prefix(500))")
    }

    /// A header-only valid-states.csv once gave one error per transition (30,430 lines for
    /// the demo); it is one line now, and a column of 30,000 bad values is capped.
    @Test func repeatedErrorsAreCapped() throws {
        let rows = (0..<3000).map { _ in "2020,A,T,5,Z,T,6\n" }.joined()
        let directory = try Self.folder(replacing: [
            "transitions.csv": "calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2\n"
                + rows
        ])
        let run = try BoundedRun.hnf(["import", "witan-send", directory])
        #expect(run.status == 2)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count < 12, "\(lines.count) lines")
        #expect(run.stderr.contains("and 2,997 more like it"), "\(run.stderr.prefix(800))")
    }

    @Test func compareWithAHeaderOnlyPublishedCostDoesNotAgree() throws {
        let (scenario, published) = try Self.importedWithPublishedFolder()
        let header = "calendar-year,mean,low-95pc-bound,high-95pc-bound"
        let years = (2022...2023).map { "\($0),10,5,15\n" }.joined()
        try Data((header + "\n" + years).utf8).write(to: URL(fileURLWithPath: published + "/Output_Count.csv"))
        try Data((header + ",setting\n" + "2022,10,5,15,A\n2023,10,5,15,A\n").utf8).write(
            to: URL(fileURLWithPath: published + "/Output_Setting.csv"))
        try Data((header + "\n").utf8).write(to: URL(fileURLWithPath: published + "/Output_Cost.csv"))
        let run = try BoundedRun.hnf(["compare", "witan-send", scenario, "--published", published, "--draws", "5"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("Agrees"))
        #expect(run.stderr.contains("Output_Cost.csv: error: a header and no rows"), "\(run.stderr)")
    }

    /// The other CSVs hnf reads take numbers in digits too: `Double` read 0x10 as 16.
    @Test func allocationsAndPublishedOutputsReadDecimalDigits() throws {
        let ids = [
            "ashford", "canterbury", "dartford", "dover", "folkestone_hythe", "gravesham", "maidstone", "sevenoaks",
            "swale", "thanet", "tonbridge_malling", "tunbridge_wells",
        ]
        let allocation = TestSupport.temporaryFile(
            "hex.csv", "locality,amount\n" + ids.map { "\($0),\($0 == "dover" ? "0x10" : "5000000")\n" }.joined())
        let fit = try BoundedRun.hnf([
            "fit-formula", "Scenarios/kent/baseline.yaml", "--allocation", allocation, "--factors", "population,plans",
        ])
        #expect(fit.status == 2 && fit.stderr.contains("hex.csv:5:7: error: amount: \"0x10\""), "\(fit.stderr)")

        let (scenario, published) = try Self.importedWithPublishedFolder()
        let header = "calendar-year,mean,low-95pc-bound,high-95pc-bound"
        for (name, extra) in [("Output_Count.csv", ""), ("Output_Cost.csv", ""), ("Output_Setting.csv", ",setting")] {
            let rows = extra.isEmpty ? "2022,0x10,5,15\n2023,10,5,15\n" : "2022,10,5,15,A\n2023,10,5,15,A\n"
            try Data((header + extra + "\n" + rows).utf8).write(to: URL(fileURLWithPath: "\(published)/\(name)"))
        }
        let compare = try BoundedRun.hnf(["compare", "witan-send", scenario, "--published", published, "--draws", "5"])
        #expect(compare.status == 2, "\(compare.stdout)\(compare.stderr)")
        #expect(compare.stderr.contains("Output_Count.csv:2:6: error: mean: \"0x10\""), "\(compare.stderr)")
    }

    /// The small witan.send fixture imported as a scenario, and an empty folder for its
    /// published outputs: (the scenario, the folder).
    static func importedWithPublishedFolder() throws -> (String, String) {
        let directory = try Self.folder()
        let scenario = directory + "/scenario.yaml"
        #expect(try BoundedRun.hnf(["import", "witan-send", directory, "--out", scenario]).status == 0)
        let published = directory + "/published"
        try FileManager.default.createDirectory(atPath: published, withIntermediateDirectories: true)
        return (scenario, published)
    }

    @Test func fitFormulaRefusesUnknownLocalitiesAndAllZeroAmounts() throws {
        let kent = "Scenarios/kent/baseline.yaml"
        let ids = [
            "ashford", "canterbury", "dartford", "dover", "folkestone_hythe", "gravesham", "maidstone", "sevenoaks",
            "swale", "thanet", "tonbridge_malling", "tunbridge_wells",
        ]
        let zeros = TestSupport.temporaryFile("zeros.csv", "locality,amount\n" + ids.map { "\($0),0\n" }.joined())
        let allZero = try BoundedRun.hnf(["fit-formula", kent, "--allocation", zeros, "--factors", "population,plans"])
        #expect(allZero.status == 2 && allZero.stderr.contains("every amount 0"), "\(allZero.stderr)")
        let unknown = TestSupport.temporaryFile(
            "unknown.csv", "locality,amount\n" + ids.map { "\($0),5000000\n" }.joined() + "ashfrod,100\n")
        let typo = try BoundedRun.hnf(["fit-formula", kent, "--allocation", unknown, "--factors", "population,plans"])
        #expect(
            typo.status == 2
                && typo.stderr.contains(
                    "unknown.csv:14:1: error: locality: \"ashfrod\", which is not a locality of the scenario"),
            "\(typo.stderr)")
        #expect(typo.stderr.contains("did you mean \"ashford\""))
    }
}
