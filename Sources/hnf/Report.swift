import ArgumentParser
import Foundation
import HighNeeds

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A self-contained HTML report for a Forum paper.",
        discussion: """
            Summary in words, charts, what-ifs side by side, the assumptions register and sources, on one page.
            Example: hnf report Scenarios/kent/baseline.yaml --compare Scenarios/kent/reforms/inclusion-capacity.yaml \
            --compare Scenarios/kent/reforms/communities-of-schools.yaml --out kent.html
            Each --compare is a what-if (several overlays joined by commas make one set), run with the \
            same draws and seed as the scenario and compared with it draw by draw. The page has no \
            scripts and fetches nothing; print it to PDF on A4, or give --pdf to have Chromium do it.
            """
    )

    @OptionGroup var input: ScenarioArguments

    @Option(
        name: .customLong("compare"),
        help: "A what-if to set beside the scenario: an overlay, or overlays joined by commas (repeatable).")
    var compare: [String] = []

    @Option(help: "Years to project (default: the scenario's meta.horizon).")
    var years: Int?

    @OptionGroup var projection: DrawOptions

    @Option(name: .shortAndLong, help: "The HTML file to write (atomically).")
    var out: String

    @Option(help: "Also print the page to this PDF with headless Chromium (must be installed).")
    var pdf: String?

    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        // An empty part ("", ",", "a,,b") made an unnamed what-if of no change.
        for set in compare
        where set.split(separator: ",", omittingEmptySubsequences: false).contains(where: {
            $0.trimmingCharacters(in: .whitespaces).isEmpty
        }) {
            throw ValidationError("--compare \"\(set)\": expected overlay files, joined by commas with none empty.")
        }
    }

    /// Every file the report reads: no output may overwrite one.
    var inputFiles: [String] {
        input.files + compare.flatMap { $0.split(separator: ",").map(String.init) }
    }

    var yearsOption: [ScenarioSetting] { ScenarioArguments.years(years) }

    func run() throws {
        let started = Date()
        let inputs = inputFiles + national.inputPaths
        let target = try OutputTarget.prepare(out, inputs: inputs)
        let pdfTarget = try pdf.map {
            try OutputTarget.prepare($0, option: "--pdf", inputs: inputs, otherOutputs: [target])
        }
        let scenario = try input.load(national, options: yearsOption)
        let data = try national.loadIfPresent()
        // The page holds the scenario, its baseline with overlays, and each what-if side by side.
        let whatIf: WhatIfRun
        do {
            whatIf = try WhatIfRun(
                scenario,
                baseline: input.overlays.isEmpty ? nil : try input.load(national, baseline: true, options: yearsOption),
                national: data)
        } catch let invalid as InvalidInput {
            throw fail(invalid.description + "\nnothing was written.")
        }
        // The mechanical run too: the page splits the change into the rules' part and the
        // behaviour's, as `hnf run` does (without it, all of the change read as mechanical).
        try projection.checkMemory(whatIf.plan, for: scenario, runs: whatIf.runs() + compare.count)
        let drawCount = projection.draws(for: scenario)
        let (report, whatIfs) = try Progress.draws(
            "report", expecting: drawCount * (whatIf.runs() + compare.count)
        ) { progress in try runWhatIfs(whatIf, data, progress: progress) }
        var provenance = Provenance.files(scenario)
        provenance["compare"] = compare
        provenance["tool"] = "hnf"
        provenance["version"] = HighNeedsVersion.current
        provenance["seed"] = projection.seed(for: scenario)
        provenance["draws"] = projection.draws(for: scenario)
        provenance["years"] = scenario.meta.horizon
        provenance["national_data"] = data?.directory.path ?? NSNull()
        provenance["seconds"] = (Date().timeIntervalSince(started) * 10).rounded() / 10
        let page = try ForumReport(run: report, whatIfs: whatIfs, files: scenario.files, provenance: provenance).html()
        try target.write(page)
        if let pdfTarget, let pdf { try Progress.draws("report: printing \(pdf)") { _ in try printPDF(pdfTarget) } }
    }

    /// The scenario's run (with its baseline and mechanical run) and each `--compare` what-if's.
    func runWhatIfs(
        _ whatIf: WhatIfRun, _ data: NationalData?, progress: DrawProgress?
    ) throws -> (RunReport, [ForumReport.WhatIf]) {
        let scenario = whatIf.scenario
        let outcome: WhatIfRun.Outcome
        do {
            outcome = try projection.run(whatIf, label: "report", progress: progress)
        } catch {
            throw fail(error.description + "\nnothing was written.")
        }
        let main = outcome.projection
        let report = outcome.report(national: data)
        var whatIfs: [ForumReport.WhatIf] = []
        for set in compare {
            let files = set.split(separator: ",").map(String.init)
            var arguments = input
            arguments.overlays = input.overlays + files
            var what = try arguments.load(national, options: yearsOption)
            what.meta.horizon = scenario.meta.horizon
            let projected = try project(what, data, drawsOf: scenario, progress: progress)
            guard let change = BaselineComparison(reform: projected, baseline: main) else {
                throw fail(
                    "--compare \(set): the what-if changes the localities or settings, so it cannot be compared draw by draw with the scenario."
                )
            }
            whatIfs.append(
                .init(
                    name: files.map(ForumReport.overlayName).joined(separator: " + "), files: files,
                    report: RunReport(projected, national: data), change: change))
        }
        return (report, whatIfs)
    }

    /// Projects with the draws and seed of `drawsOf` (the report's scenario), so every run is paired.
    func project(
        _ scenario: Scenario, _ data: NationalData?, drawsOf reference: Scenario? = nil, progress: DrawProgress? = nil
    ) throws -> Projection {
        projection.project(try compile(scenario, data), for: reference ?? scenario, progress: progress)
    }

    func compile(_ scenario: Scenario, _ data: NationalData?) throws -> ProjectionPlan {
        do {
            return try ProjectionPlan(scenario, national: data)
        } catch let invalid as InvalidInput {
            throw fail(invalid.description + "\nnothing was written.")
        }
    }

    func printPDF(_ target: OutputTarget) throws {
        do {
            try target.writeFile { try ChromiumPrinter.printToPDF(html: out, pdf: $0) }
        } catch let error as ChromiumPrinter.Failure {
            throw fail("--pdf: \(error.message) (\(out) was written).", status: .cannotWrite)
        }
    }
}
