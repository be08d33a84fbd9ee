import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// One report model, every format: Kent's baseline with the Communities of Schools reform,
/// rendered as table, Markdown, JSON, CSV, workbook and HTML, carries in each the answers a
/// Forum member asks for: who gains and who loses by locality, each warning (the pot that
/// cannot pay its protection in some draws), and the balance without conditional (Safety
/// Valve) income. The JSON's `report` decodes back into `ReportDocument`, so the document
/// every format renders is the one scripts read.
@Suite struct ReportFormatsTests {
    static let inputs = [
        "Scenarios/kent/baseline.yaml", "Scenarios/kent/reforms/communities-of-schools.yaml", "--draws", "40",
        "--seed", "20250101", "--threads", "2",
    ]

    static func run(_ format: String, out: String? = nil) throws -> String {
        let result = try TestSupport.runCLI(
            ["run"] + inputs + ["--format", format] + (out.map { ["--out", $0] } ?? []))
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// The JSON output, run once for the suite's tests.
    static let json = Result { try TestSupport.runCLI(["run"] + inputs + ["--format", "json"]).stdout }

    /// The document, read back from the JSON as a script would.
    static func document() throws -> ReportDocument {
        let json = try JSONSerialization.jsonObject(with: Data(try Self.json.get().utf8)) as! [String: Any]
        let report = try JSONSerialization.data(withJSONObject: try #require(json["report"]))
        return try JSONDecoder().decode(ReportDocument.self, from: report)
    }

    /// What every format must carry, as the table output words it.
    struct Answers {
        var gains: ReportTable
        var withoutConditional: ReportTable
        var warnings: [String]

        init(_ document: ReportDocument) throws {
            gains = try #require(document.table("gains"), "the reform's document has no gains table")
            withoutConditional = try #require(document.table("without-conditional"))
            warnings = document.warnings.flatMap(\.lines)
            #expect(
                warnings.contains { $0.contains("communities_of_schools's pot cannot meet its protection") },
                "Kent's reform is short of its protection in some draws: \(warnings)")
        }
    }

    @Test func jsonDecodesIntoTheDocumentTheTableOutputPrints() throws {
        let document = try Self.document()
        #expect(document.table() == (try Self.run("table")))
        #expect(document.markdown() == (try Self.run("markdown")))
        let answers = try Answers(document)
        // Figures carry their values: the gains table's change is money in £, with its interval.
        let change = try #require(answers.gains.rows.first?[2])
        #expect(change.kind == .pounds && change.low != nil && change.high != nil)
        #expect(answers.gains.rows.count >= 12, "Kent's twelve districts")
    }

    /// Why spend changes: the parts (more children, mix, prices, cost per plan, formula
    /// funding) add up from the first year's spend to the last's, and the reform's pot
    /// shows as formula funding.
    @Test func spendChangeAddsUp() throws {
        let table = try #require(try Self.document().table("spend-change"))
        let values = try table.rows.map { try #require($0[1].value) }
        let parts = values.dropFirst().dropLast().reduce(0, +)
        #expect(abs(values.first! + parts - values.last!) < 1, "£\(values)")
        #expect(values[5] > 50_000_000, "the locality pot is formula funding")
    }

    /// Against the baseline too: the what-if's spend in the last year is the baseline's plus
    /// its parts, with no change of prices (the same scenario's uplift), the pot as formula
    /// funding and the top-ups it replaces as a fall in cost per plan; and the ends are the
    /// two runs' own means.
    @Test func spendChangeAgainstTheBaselineAddsUp() throws {
        let document = try Self.document()
        let table = try #require(document.table("spend-change-against-baseline"))
        let v = try table.rows.map { try #require($0[1].value) }
        #expect(v.count == 7 && abs(v[0] + v[1...5].reduce(0, +) - v[6]) < 1, "£\(v)")
        #expect(v[3] == 0, "prices are the same in both runs")
        #expect(v[5] > 50_000_000 && v[4] < -50_000_000, "the pot replaces top-ups: £\(v)")
        let overTime = try #require(document.table("spend-change"))
        #expect(abs(try #require(overTime.rows.last?[1].value) - v[6]) < 1, "the what-if's last year, both ways")
    }

    @Test(arguments: ["table", "markdown"])
    func textCarriesTheAnswers(_ format: String) throws {
        let answers = try Answers(try Self.document())
        let text = try Self.run(format)
        #expect(text.contains(answers.gains.title) && text.contains(answers.withoutConditional.title))
        for row in answers.gains.rows { #expect(text.contains(row[0].text)) }
        for warning in answers.warnings { #expect(text.contains(warning.drop { $0 == " " })) }
    }

    @Test func csvCarriesTheFiguresBehindThem() throws {
        let answers = try Answers(try Self.document())
        let csv = try Self.run("csv").split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let measures = Set(csv.map { $0[3] })
        #expect(measures.contains("change.allocation") && measures.contains("cumulative_balance_without_conditional"))
        // The warning's figure: a year in which the pot pays its protection in fewer than all draws.
        #expect(csv.contains { $0[3] == "feasible.communities_of_schools" && Double($0[5])! < 1 })
        #expect(csv.filter { $0[3] == "change.allocation" }.count == answers.gains.rows.count)
    }

    @Test(.enabled(if: ExternalTools.openpyxl, "needs python3 with openpyxl; .ci/run installs it"))
    func workbookCarriesTheAnswers() throws {
        let answers = try Answers(try Self.document())
        let xlsx = ExternalTools.temporaryFolder("formats").appendingPathComponent("kent.xlsx").path
        _ = try Self.run("xlsx", out: xlsx)
        let dump = try #require(
            ExternalTools.run("python3", [TestSupport.path("Tests/Scripts/dump_workbook.py"), xlsx, "--rows"]))
        #expect(dump.status == 0, "\(dump.stderr)")
        let report = try #require(
            dump.stdout.components(separatedBy: "## ").first { $0.hasPrefix("Report ") }, "no Report sheet")
        func cellText(_ text: String) -> String {
            String(data: try! JSONSerialization.data(withJSONObject: [text]), encoding: .utf8)!.dropFirst().dropLast()
                .description
        }
        #expect(report.contains(cellText(answers.gains.title)))
        #expect(report.contains(cellText(answers.withoutConditional.title)))
        for warning in answers.warnings { #expect(report.contains(cellText(warning)), "\(warning)") }
    }
}
