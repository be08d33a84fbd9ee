import Foundation
import HighNeedsTestSupport
import Testing

/// `hnf report`, rendered in real headless Chromium as a reader sees it: no console errors,
/// no network requests, every chart drawn with its table, key figures equal to
/// `hnf run --format json` for the same seed. The screenshot of the first screen and the
/// printed PDF are kept in `.build/test-artefacts/` (or `$HNF_TEST_ARTEFACTS`).
@Suite struct HTMLReportTests {
    static let kent = "Scenarios/kent/baseline.yaml"
    static let whatIfs = [
        "Scenarios/kent/reforms/communities-of-schools.yaml", "Scenarios/kent/reforms/inclusion-capacity.yaml",
    ]
    static let draws = ["--draws", "60", "--seed", "11", "--threads", "2"]

    static var artefacts: URL {
        let folder =
            ProcessInfo.processInfo.environment["HNF_TEST_ARTEFACTS"].map { URL(fileURLWithPath: $0) }
            ?? TestSupport.root.appendingPathComponent(".build/test-artefacts")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(
        .enabled(
            if: ExternalTools.chromium != nil && ExternalTools.run("python3", ["--version"])?.status == 0,
            "needs Debian's chromium and python3; .ci/run installs them"))
    func reportRendersInChromium() throws {
        let folder = ExternalTools.temporaryFolder("report")
        let page = folder.appendingPathComponent("kent.html").path
        let report = try TestSupport.runCLI(
            ["report", Self.kent] + Self.whatIfs.flatMap { ["--compare", $0] } + Self.draws + ["--out", page])
        #expect(report.status == 0, "\(report.stderr)")
        func json(_ overlays: [String], _ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            let run = try TestSupport.runCLI(
                ["run", Self.kent] + overlays + Self.draws + ["--format", "json", "--out", path])
            #expect(run.status == 0, "\(run.stderr)")
            return path
        }
        let base = try json([], "base.json")
        let whatIfJSON = try Self.whatIfs.enumerated().map { try json([$1], "whatif\($0).json") }
        let screenshot = Self.artefacts.appendingPathComponent("report-first-screen.png").path
        let pdf = Self.artefacts.appendingPathComponent("report.pdf").path
        let check = try #require(
            ExternalTools.run(
                "python3",
                [TestSupport.path("Tests/Scripts/check_report.py"), ExternalTools.chromium!, page, base, screenshot]
                    + whatIfJSON.flatMap { ["--whatif", $0] }
                    + [
                        "--charts",
                        "plans,balance,mix,mix-trend,spend,spend-change,localities,whatifs,whatif-plans,whatif-spend-change-1,whatif-spend-change-2",
                        "--pdf", pdf,
                        "--register",
                    ]))
        #expect(check.status == 0 && check.stdout == "ok\n", "Chromium found:\n\(check.stdout)\(check.stderr)")
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(
            png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]),
            "screenshot \(screenshot) is not a picture of the page")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // The register names every ASSUMPTION of the files with its line.
        let line = try #require(
            TestSupport.line(of: "# ASSUMPTION: commissioned places", in: TestSupport.path(Self.kent)))
        #expect(html.contains("\(Self.kent):\(line)"))
        #expect(html.contains("Inclusion capacity") && html.contains("Communities of Schools"))
        // A --compare what-if short of its protection is warned of, by name, as hnf run would.
        #expect(html.contains("id=\"feasibility\"") && html.contains("<em>Communities of Schools"))
    }

    /// The reform given as an overlay: the page carries, as a reader sees it in Chromium,
    /// every table and warning `hnf run` prints for it (the pot short of its protection, who
    /// gains and who loses, the balance without Safety Valve money), and printed at A4's
    /// width nothing is wider than the page.
    @Test(
        .enabled(
            if: ExternalTools.chromium != nil && ExternalTools.run("python3", ["--version"])?.status == 0,
            "needs Debian's chromium and python3; .ci/run installs them"))
    func reportOfTheReformCarriesWhatRunPrints() throws {
        let folder = ExternalTools.temporaryFolder("reform-report")
        let page = folder.appendingPathComponent("kent.html").path,
            json = folder.appendingPathComponent("run.json").path
        let reform = [Self.kent, Self.whatIfs[0]] + Self.draws
        let report = try TestSupport.runCLI(["report"] + reform + ["--out", page])
        #expect(report.status == 0, "\(report.stderr)")
        let run = try TestSupport.runCLI(["run"] + reform + ["--format", "json", "--out", json])
        #expect(run.status == 0, "\(run.stderr)")
        let screenshot = Self.artefacts.appendingPathComponent("reform-first-screen.png").path
        let check = try #require(
            ExternalTools.run(
                "python3",
                [
                    TestSupport.path("Tests/Scripts/check_report.py"), ExternalTools.chromium!, page, json, screenshot,
                    "--charts", "plans,balance,spend-change,localities,gains,whatif-spend-change-1",
                ]))
        #expect(check.status == 0 && check.stdout == "ok\n", "Chromium found:\n\(check.stdout)\(check.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("id=\"feasibility\"") && html.contains("id=\"bands\""))
        #expect(html.contains("data-figure=\"balance-last-without-conditional\""))
    }

    /// The Forum paper as hnf prints it to PDF (`--pdf`, Chromium on A4): read back with
    /// poppler, no word reaches past a page's edge, every table cell of the page is in the PDF
    /// (a table clipped at the right loses its last columns), and no page but the last is
    /// half empty.
    @Test(
        .enabled(
            if: ExternalTools.chromium != nil && ExternalTools.pdftotext,
            "needs Debian's chromium and poppler-utils (pdftotext); .ci/run installs them"))
    func printedPaperIsNotClipped() throws {
        let folder = ExternalTools.temporaryFolder("pdf")
        let page = folder.appendingPathComponent("kent.html").path,
            pdf = Self.artefacts.appendingPathComponent("report-reform.pdf").path
        let report = try TestSupport.runCLI(
            ["report", Self.kent, Self.whatIfs[0], "--compare", Self.whatIfs[1]] + Self.draws
                + ["--out", page, "--pdf", pdf])
        #expect(report.status == 0, "\(report.stderr)")
        let check = try #require(
            ExternalTools.run("python3", [TestSupport.path("Tests/Scripts/check_pdf.py"), pdf, page]))
        #expect(check.status == 0 && check.stdout == "ok\n", "\(pdf):\n\(check.stdout)\(check.stderr)")
    }

    /// With a locality budget given as an overlay, the page says who gains and who loses,
    /// why, and that the districts' plans are an estimate, as `hnf run` does.
    @Test func reportSaysWhoGainsAndWhy() throws {
        let page = ExternalTools.temporaryFolder("gains").appendingPathComponent("kent.html").path
        let report = try TestSupport.runCLI(
            [
                "report", Self.kent, "Scenarios/kent/reforms/communities-of-schools.yaml",
                "Scenarios/kent/reforms/communities-of-schools-deprivation.yaml",
            ] + Self.draws + ["--out", page])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("data-chart=\"gains\""))
        #expect(html.contains("Why localities gain or lose, 2029-30"))
        #expect(html.contains("children weighted by deprivation (25%)"))
        #expect(
            html.contains(
                "Localities fare differently because the Communities of schools budget is shared 25% by children aged 0-25"
            ))
        #expect(html.contains("These localities&#39; plans are an estimate"))
        // Each --compare set with a locality budget says the same for itself.
        let compared = ExternalTools.temporaryFolder("gains").appendingPathComponent("compare.html").path
        let both = try TestSupport.runCLI(
            [
                "report", Self.kent, "--compare", "Scenarios/kent/reforms/communities-of-schools.yaml", "--compare",
                "Scenarios/kent/reforms/communities-of-schools.yaml,Scenarios/kent/reforms/communities-of-schools-deprivation.yaml",
            ] + Self.draws + ["--out", compared])
        #expect(both.status == 0, "\(both.stderr)")
        let twoSets = try String(contentsOfFile: compared, encoding: .utf8)
        #expect(twoSets.contains("data-chart=\"gains-1\"") && twoSets.contains("data-chart=\"gains-2\""))
        #expect(twoSets.contains("Communities of Schools, deprivation-weighted: Why localities gain or lose"))
    }

    @Test func reportNeverOverwritesAnInput() throws {
        let run = try TestSupport.runCLI([
            "report", Self.kent, "--compare", Self.whatIfs[0], "--draws", "5", "--out", Self.whatIfs[0],
        ])
        #expect(run.status != 0)
        #expect(run.stderr.contains("input"))
        let text = try String(contentsOfFile: TestSupport.path(Self.whatIfs[0]), encoding: .utf8)
        #expect(text.contains("overlay: hnf.overlay.v1"))
    }

    @Test func reportNeedsAnOutputFile() throws {
        let run = try TestSupport.runCLI(["report", Self.kent, "--draws", "5"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--out"))
    }
}
