import ArgumentParser
import Foundation
import HighNeeds

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Project a scenario: plans, placements and money.",
        discussion: """
            Example: hnf run Scenarios/kent/baseline.yaml --draws 1000 --seed 7
            Results are identical for the same inputs and seed whatever --threads is. JSON \
            (schema hnf.run.v1) keeps anything that depends on the machine or the clock under \
            "provenance".
            """
    )

    @OptionGroup var input: ScenarioArguments

    @Option(help: "Years to project (default: the scenario's meta.horizon).")
    var years: Int?

    @OptionGroup var projection: DrawOptions

    @Option(
        help:
            "The year to give the probability that each gap to England has closed by (default: the last projected year)."
    )
    var by: Int?

    @Flag(
        help: "With overlays, do not also run the baseline (the scenario without them) to report the change against it."
    )
    var noBaseline = false

    @OptionGroup var output: OutputOptions<TextAndWorkbook>
    @OptionGroup var national: NationalDataOptions

    var yearsOption: [ScenarioSetting] { ScenarioArguments.years(years) }

    func run() throws {
        let started = Date()
        let target = try output.prepare(inputs: input.files + national.inputPaths)
        let scenario = try input.load(national, options: yearsOption)
        let data = try national.loadIfPresent()
        // A what-if also runs its baseline (same draws and seed: differences are paired draw
        // by draw) and, when it has responses of its own, itself without them.
        let whatIf: WhatIfRun
        do {
            whatIf = try WhatIfRun(
                scenario,
                baseline: input.hasWhatIfs && !noBaseline
                    ? try input.load(national, baseline: true, options: yearsOption) : nil,
                national: data)
        } catch let invalid as InvalidInput {
            throw fail(invalid.summary() + "\nnothing was run.")
        }
        let lastYear = scenario.meta.baseYear + scenario.meta.horizon
        if let by, !(scenario.meta.baseYear + 1...lastYear).contains(by) {
            throw fail("--by \(by): expected a projected year, \(scenario.meta.baseYear + 1) to \(lastYear).")
        }
        // The workbook's rows carry the plan profile too (counted as one more run, a bound).
        try self.projection.checkMemory(
            whatIf.plan, for: scenario, runs: whatIf.runs() + (output.format == .xlsx ? 1 : 0))
        let drawCount = self.projection.draws(for: scenario), seedValue = self.projection.seed(for: scenario)
        let outcome: WhatIfRun.Outcome
        do {
            // Only the workbook's DSG management plan sheet needs the plans by age group and need.
            outcome = try self.projection.run(whatIf, profile: output.format == .xlsx, label: "run")
        } catch {
            throw fail(error.summary() + "\nnothing was run.")
        }
        let report = outcome.report(national: data, closeBy: by)
        var provenance = Provenance.files(scenario)
        provenance["tool"] = "hnf"
        provenance["version"] = HighNeedsVersion.current
        provenance["seed"] = seedValue
        provenance["draws"] = drawCount
        provenance["years"] = scenario.meta.horizon
        provenance["threads"] = self.projection.threads
        provenance["national_data"] = data?.directory.path ?? NSNull()
        provenance["seconds"] = Date().timeIntervalSince(started)
        if output.format == .xlsx {
            try target.writeFile { try report.writeWorkbook(to: $0, provenance: provenance) }
        } else {
            try target.write(report.render(output.format, provenance: provenance))
        }
    }
}
