import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// The commands beyond run and benchmark that build a `ReportDocument`: each one's JSON
/// keeps its own contract's keys and carries the document under `report`, which decodes
/// back into `ReportDocument` and renders exactly the command's table and Markdown output.
@Suite struct CommandDocumentTests {
    /// Runs the command in JSON, table and Markdown; returns its JSON object and the document.
    static func document(_ arguments: [String]) throws -> (json: [String: Any], document: ReportDocument) {
        let json = try TestSupport.runCLI(arguments + ["--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
        let report = try JSONSerialization.data(withJSONObject: try #require(object["report"], "no report key"))
        let document = try JSONDecoder().decode(ReportDocument.self, from: report)
        #expect(document.table() == (try TestSupport.runCLI(arguments).stdout))
        #expect(document.markdown() == (try TestSupport.runCLI(arguments + ["--format", "markdown"]).stdout))
        return (object, document)
    }

    @Test func describe() throws {
        let (json, document) = try Self.document(["describe", SnapshotTests.kent])
        #expect(json["schema"] as? String == "hnf.describe.v1")
        #expect((json["stock"] as? [String: Any])?["plans"] as? Int == 20_635)
        let placements = try #require(document.table("placements"))
        let mainstream = try #require(placements.rows.first)
        #expect(mainstream[1].kind == .count && mainstream[1].value == 7_452)
        #expect(mainstream[4].kind == .points && mainstream[4].value == -8.1)
        #expect(document.table("localities")?.rows.count == 12, "Kent's twelve districts")
        #expect(
            document.warnings.contains { $0.lines.contains { $0.contains("These localities' plans are an estimate") } })
    }

    @Test func ratios() throws {
        let (json, document) = try Self.document(["ratios", "--la", "886"])
        #expect(json["schema"] as? String == "hnf.ratios.v1" && json["plans"] as? Int == 20_635)
        let england = try #require(document.table("england"))
        let mainstream = try #require(england.rows.first)
        #expect(mainstream[1].kind == .count && mainstream[1].value == 7_452)
        #expect(mainstream[2].kind == .percent && abs((mainstream[2].value ?? 0) - 36.11) < 0.01)
        #expect(mainstream[4].kind == .points && mainstream[4].value == -8.1)
        #expect(england.rows.contains { $0[0].text.hasSuffix("of which state special") })
        let region = try #require(document.table("region"))
        #expect(region.header == ["Placement", "South East %", "Gap pp", "Since 2024 pp"])
        #expect(region.rows[0][2].value == -6.4 && region.rows[0][3].value == 1.3)
        #expect(document.notes.contains { $0.lines.joined(separator: " ").contains("Published England:") })
    }

    @Test func explain() throws {
        let (json, document) = try Self.document(SnapshotTests.explainThanet)
        #expect(json["schema"] as? String == "hnf.explain.v1" && (json["blocks"] as? [Any])?.count == 2)
        let placePlus = try #require(document.table("place-plus"))
        let special = try #require(placePlus.rows.first { $0[0].text == "State special school" })
        #expect(special[1].kind == .pounds && special[1].text == "£14,717,840")
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        let totals = blocks.compactMap { $0["total"] as? Double }
        #expect(document.tables.count == 2 && document.tables[1].id == "communities_of_schools")
        #expect(document.tables.map(\.title).allSatisfy { $0.contains("; running total £") })
        let total = try #require(json["total"] as? Double)
        #expect(abs(totals.reduce(0, +) - total) < 1e-6)
        #expect(document.notes.last?.lines == ["Total: £33,574,009"])
        #expect(
            document.notes.contains { note in
                note.lines.contains {
                    $0 == "  funding.blocks.communities_of_schools.cap = 0.1  [communities-of-schools.yaml:39]"
                }
            })
    }

    @Test func solveSaysInfeasibleAsANoteOfThatSeverity() throws {
        let (json, document) = try Self.document(SnapshotTests.solvePot + SnapshotTests.quick)
        #expect(json["schema"] as? String == "hnf.solve.v1" && json["found"] as? Bool == true)
        let found = try #require(document.table("found"))
        let value = try #require(json["value"] as? Double)
        #expect(found.rows[0][1].kind == .pounds && abs((found.rows[0][1].value ?? 0) - value) < 1e-6)
        let median = found.rows[1][1]
        #expect(median.kind == .pounds && median.low != nil && median.high != nil)
        #expect(document.notes.contains { $0.severity == .infeasible && $0.lines[0].hasPrefix("INFEASIBLE:") })
    }

    @Test func solveWithNoAnswerWarns() throws {
        let arguments = [
            "solve", "Tests/Fixtures/zero-variance.yaml", "--vary", "budget.high_needs_block.amount", "--low", "0",
            "--high", "1", "--metric", "in_year_balance", "--financial-year", "2026", "--target", "0", "--draws", "3",
            "--format", "json",
        ]
        let run = try TestSupport.runCLI(arguments)
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let document = try JSONDecoder().decode(
            ReportDocument.self, from: JSONSerialization.data(withJSONObject: try #require(object["report"])))
        #expect(document.warnings.first?.lines.first?.contains("reaches the target") == true)
        #expect(document.table("bounds")?.rows.count == 2)
    }

    @Test func fitFormula() throws {
        let (json, document) = try Self.document(SnapshotTests.fitFormula)
        #expect(json["schema"] as? String == "hnf.fit-formula.v1")
        let gains = try #require(document.table("gains"))
        #expect(gains.rows.count == 12)
        #expect(gains.rows[0][3].kind == .pounds)
        #expect(document.table("weights")?.rows.count == 3)
    }

    @Test func replay() throws {
        let (json, document) = try Self.document(
            ["replay", SnapshotTests.kent, "--from", "2024"] + SnapshotTests.quick)
        #expect(json["schema"] as? String == "hnf.replay.v1")
        let table = try #require(document.table("replay"))
        let plans = try #require(table.rows.first)
        #expect(plans[2].kind == .count && plans[2].low != nil && plans[4].value == 20_635)
        #expect(table.rows.contains { $0[5].kind == .points })
    }

    @Test func compareWitanSend() throws {
        let yaml = TestSupport.temporaryFile("placeholder", "") + "-ws.yaml"
        let imported = try TestSupport.runCLI([
            "import", "witan-send", "Tests/Fixtures/witan-send-small", "--out", yaml,
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        let (json, document) = try Self.document(
            ["compare", "witan-send", yaml, "--published", "Tests/Snapshots/inputs/witan-send-small-published"]
                + ["--draws", "40"])
        #expect(json["schema"] as? String == "hnf.witan-comparison.v1")
        #expect(document.table("comparison")?.rows.count == (json["rows"] as? [Any])?.count)
        #expect(document.warnings.first?.lines.first?.hasPrefix("Does not agree") == true)
    }

    @Test func backtest() throws {
        let (json, document) = try Self.document(SnapshotTests.backtestWindow + SnapshotTests.quick)
        #expect((json["area"] as? [String: Any])?["code"] as? String == "886", "--la keeps its one-LA object")
        let scores = try #require(document.table("scores"))
        #expect(scores.labelColumns == 2 && scores.rows[0][2].kind == .percent)
        #expect(scores.rows.contains { $0[3].kind == .points })
        #expect(document.table("closures") != nil)
    }

    @Test func moneyBacktest() throws {
        let (json, document) = try Self.document(["backtest", "--money", "--la", "886"] + SnapshotTests.quick)
        #expect(json["schema"] as? String == "hnf.money-backtest.v1")
        let kent = try #require(document.table("las")?.rows.first)
        #expect(
            kent[1].kind == .pounds && kent[1].low != nil
                && kent[2].value == (json["results"] as? [[String: Any]])?[0]["actual"] as? Double)
        #expect(document.warnings.first?.lines.first?.hasPrefix("In sample") == true)
    }
}
