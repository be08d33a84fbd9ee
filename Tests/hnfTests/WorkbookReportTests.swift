import Foundation
import Testing
import HighNeedsTestSupport

/// `hnf run --format xlsx`, read back by an independent reader (openpyxl): sheets, £ and %
/// formats, frozen headers, native charts, the DSG management plan, and numbers equal to
/// `--format json` for the same inputs and seed.
@Suite struct WorkbookReportTests {
    static let kent = ["Scenarios/kent/baseline.yaml"]
    static let overlay = ["Scenarios/kent/reforms/inclusion-capacity.yaml"]

    @Test(.enabled(if: ExternalTools.openpyxl, "needs python3 with openpyxl (apt python3-openpyxl or pip install openpyxl); .ci/run installs it"),
          arguments: [false, true])
    func workbookMatchesJSON(withOverlay: Bool) throws {
        let folder = ExternalTools.temporaryFolder("xlsx")
        let xlsx = folder.appendingPathComponent("kent.xlsx").path, json = folder.appendingPathComponent("kent.json").path
        let inputs = Self.kent + (withOverlay ? Self.overlay : []) + ["--draws", "60", "--seed", "11", "--threads", "2"]
        let book = try TestSupport.runCLI(["run"] + inputs + ["--format", "xlsx", "--out", xlsx])
        #expect(book.status == 0, "\(book.stderr)")
        #expect(book.stderr.isEmpty, "libxlsxwriter warned: \(book.stderr)")
        let data = try TestSupport.runCLI(["run"] + inputs + ["--format", "json", "--out", json])
        #expect(data.status == 0, "\(data.stderr)")
        let check = try #require(ExternalTools.run("python3", [TestSupport.path("Tests/Scripts/check_workbook.py"), xlsx, json] + (withOverlay ? ["--overlays"] : [])))
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
        let run = try TestSupport.runCLI(["describe"] + Self.kent + ["--format", "xlsx", "--out", ExternalTools.temporaryFolder("x").appendingPathComponent("d.xlsx").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("xlsx"))
    }
}
