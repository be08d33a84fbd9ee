import Foundation
import HighNeedsTestSupport
import Testing

/// `hnf run --format xlsx`, read back by an independent reader (openpyxl): sheets, £ and %
/// formats, frozen headers, native charts, the DSG management plan, and numbers equal to
/// `--format json` for the same inputs and seed.
@Suite struct WorkbookReportTests {
    static let kent = ["Scenarios/kent/baseline.yaml"]
    /// The reform with a locality budget: formula funding the DSG plan sheet must place.
    static let overlay = ["Scenarios/kent/reforms/communities-of-schools.yaml"]

    @Test(
        .enabled(
            if: ExternalTools.openpyxl,
            "needs python3 with openpyxl (apt python3-openpyxl or pip install openpyxl); .ci/run installs it"),
        arguments: [false, true])
    func workbookMatchesJSON(withOverlay: Bool) throws {
        let folder = ExternalTools.temporaryFolder("xlsx")
        let xlsx = folder.appendingPathComponent("kent.xlsx").path,
            json = folder.appendingPathComponent("kent.json").path
        let inputs =
            Self.kent + (withOverlay ? Self.overlay : []) + ["--draws", "60", "--seed", "11", "--threads", "2"]
        let book = try TestSupport.runCLI(["run"] + inputs + ["--format", "xlsx", "--out", xlsx])
        #expect(book.status == 0, "\(book.stderr)")
        #expect(book.stderr == "wrote \(xlsx)\n", "libxlsxwriter warned: \(book.stderr)")
        let data = try TestSupport.runCLI(["run"] + inputs + ["--format", "json", "--out", json])
        #expect(data.status == 0, "\(data.stderr)")
        let check = try #require(
            ExternalTools.run(
                "python3",
                [TestSupport.path("Tests/Scripts/check_workbook.py"), xlsx, json] + (withOverlay ? ["--overlays"] : []))
        )
        #expect(check.status == 0 && check.stdout == "ok\n", "openpyxl found:\n\(check.stdout)\(check.stderr)")
        // Nothing is left beside the workbook (it is written to a temporary file and renamed).
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["kent.json", "kent.xlsx"])
    }

    @Test func xlsxNeedsAnOutputFile() throws {
        let run = try TestSupport.runCLI(["run"] + Self.kent + ["--draws", "5", "--format", "xlsx"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--out"))
        #expect(run.stdout.isEmpty)
    }

    @Test func commandsWithoutAWorkbookSaySo() throws {
        // describe and backtest --money write one now; replay does not.
        let run = try TestSupport.runCLI(
            ["replay"] + Self.kent + [
                "--from", "2024", "--format", "xlsx", "--out",
                ExternalTools.temporaryFolder("x").appendingPathComponent("d.xlsx").path,
            ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("xlsx"))
    }
}

/// The other commands' workbooks (ratios, explain), read back by openpyxl and compared with
/// the same command's JSON.
@Suite struct OtherWorkbookTests {
    /// Cells of each sheet as openpyxl reads them: value and number format.
    static func read(_ path: String) throws -> [String: [[(value: Any?, format: String)]]] {
        let dump = try #require(
            ExternalTools.run("python3", [TestSupport.path("Tests/Scripts/dump_workbook.py"), path]))
        #expect(dump.status == 0, "\(dump.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var out: [String: [[(value: Any?, format: String)]]] = [:]
        for sheet in object["sheets"] as! [[String: Any]] {
            out[sheet["name"] as! String] = (sheet["rows"] as! [[[String: Any]]]).map {
                $0.map { ($0["v"] is NSNull ? nil : $0["v"], $0["f"] as! String) }
            }
        }
        return out
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try TestSupport.runCLI(arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test(.enabled(if: ExternalTools.openpyxl, "needs python3 with openpyxl; .ci/run installs it"))
    func explainWorkbookAddsUpToTheTotal() throws {
        let arguments = [
            "explain", "Scenarios/kent/baseline.yaml", "Scenarios/kent/reforms/communities-of-schools.yaml",
            "--locality", "ashford", "--financial-year", "2027", "--draws", "20", "--seed", "3",
        ]
        let path = ExternalTools.temporaryFolder("explain").appendingPathComponent("ashford.xlsx").path
        let run = try TestSupport.runCLI(arguments + ["--format", "xlsx", "--out", path])
        #expect(run.status == 0, "\(run.stderr)")
        let book = try Self.read(path)
        #expect(book.keys.sorted() == ["Explain 2027-28", "README", "Report"])
        let rows = try #require(book["Explain 2027-28"])
        let blocks = rows.filter { $0.first?.value as? String == "block" }
        let sum = blocks.compactMap { $0[3].value as? Double }.reduce(0, +)
        let total = try #require(Self.json(arguments)["total"] as? Double)
        #expect(abs(sum - total) < 1e-6 * max(1, abs(total)), "block amounts add to \(sum), JSON total \(total)")
        #expect(blocks.allSatisfy { $0[3].format.contains("£") })
    }

    @Test(.enabled(if: ExternalTools.openpyxl, "needs python3 with openpyxl; .ci/run installs it"))
    func ratiosWorkbookMatchesJSON() throws {
        let arguments = ["ratios", "--la", "Kent", "--year", "2024"]
        let path = ExternalTools.temporaryFolder("ratios").appendingPathComponent("kent.xlsx").path
        let run = try TestSupport.runCLI(arguments + ["--format", "xlsx", "--out", path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try Self.read(path)["Placement mix 2024"])
        let json = try Self.json(arguments)
        let counts = try #require(json["counts"] as? [String: Int]),
            shares = try #require(json["shares"] as? [String: Double])
        let mainstream = try #require(rows.first { $0[3].value as? String == "Mainstream (incl. RP/units)" })
        #expect((mainstream[5].value as? Double).map { Int($0) } == counts["mainstream"])
        #expect(mainstream[6].format == "0.0%")
        let share = try #require(mainstream[6].value as? Double)
        #expect(abs(share * 100 - shares["mainstream"]!) < 1e-9)
    }
}

extension OtherWorkbookTests {
    @Test(
        .enabled(
            if: ExternalTools.openpyxl && TestSupport.witanSendDemo != nil,
            "needs python3 with openpyxl and witan.send's demo (set HNF_WITAN_SEND_DEMO), which the project may not ship"
        ))
    func compareWorkbookMatchesJSON() throws {
        let demo = try #require(TestSupport.witanSendDemo)
        let folder = ExternalTools.temporaryFolder("compare")
        let scenario = folder.appendingPathComponent("demo.yaml").path,
            path = folder.appendingPathComponent("compare.xlsx").path
        let imported = try TestSupport.runCLI(["import", "witan-send", demo + "/inputs", "--out", scenario])
        #expect(imported.status == 0, "\(imported.stderr)")
        let arguments = ["compare", "witan-send", scenario, "--published", demo + "/published-1000", "--draws", "100"]
        let run = try TestSupport.runCLI(arguments + ["--format", "xlsx", "--out", path])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let rows = try #require(try Self.read(path)["Comparison"])
        let json = try TestSupport.runCLI(arguments + ["--format", "json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let published = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == published.count + 1)
        for (row, expected) in zip(rows.dropFirst(), published) {
            #expect(row[0].value as? String == expected["kind"] as? String)
            let hnf = try #require(expected["hnf"] as? [String: Double])
            #expect(abs((row[6].value as? Double ?? .nan) - hnf["mean"]!) < 1e-6 * max(1, abs(hnf["mean"]!)))
        }
        #expect(rows.dropFirst().filter { $0[0].value as? String == "cost" }.allSatisfy { $0[6].format.contains("£") })
    }
}
