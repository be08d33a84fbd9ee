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

    func validate() throws {
        if let years, !(1...30).contains(years) { throw ValidationError("--years must be from 1 to 30, not \(years).") }
    }

    func run() throws {
        let started = Date()
        let target = try output.prepare(inputs: input.files + national.inputPaths)
        var scenario = try input.load(national)
        if let years { scenario.meta.horizon = years }
        let data = try national.loadIfPresent()
        let plan: ProjectionPlan
        do { plan = try ProjectionPlan(scenario, national: data) } catch let invalid as InvalidInput {
            throw fail(invalid.summary() + "\nnothing was run.")
        }
        let lastYear = scenario.meta.baseYear + scenario.meta.horizon
        if let by, !(scenario.meta.baseYear + 1...lastYear).contains(by) {
            throw fail("--by \(by): expected a projected year, \(scenario.meta.baseYear + 1) to \(lastYear).")
        }
        // A what-if also runs its baseline and, when it has responses, itself without them;
        // the workbook's rows carry the plan profile too (counted as one more row, a bound).
        let whatIfRuns = input.hasWhatIfs && !noBaseline ? (scenario.responses.isEmpty ? 2 : 3) : 1
        try self.projection.checkMemory(plan, for: scenario, runs: whatIfRuns + (output.format == .xlsx ? 1 : 0))
        let drawCount = self.projection.draws(for: scenario), seedValue = self.projection.seed(for: scenario)
        // Only the workbook's DSG management plan sheet needs the plans by age group and need.
        let projection = Projection(
            plan: plan, draws: drawCount, seed: seedValue, threads: self.projection.threads,
            profile: output.format == .xlsx)
        var report = RunReport(projection, national: data, closeBy: by)
        if input.hasWhatIfs && !noBaseline {
            // The baseline with the same draws and seed: differences are paired draw by draw.
            var base = try input.load(national, baseline: true)
            base.meta.horizon = scenario.meta.horizon
            do {
                let basePlan = try ProjectionPlan(base, national: data)
                // The what-if's own responses switched off (same draws): its mechanical part.
                let own = Set(scenario.responses.map(\.id)).subtracting(base.responses.map(\.id))
                var mechanical = scenario
                mechanical.responsesOff = own
                let mechanicalProjection =
                    own.isEmpty
                    ? nil : self.projection.project(try ProjectionPlan(mechanical, national: data), for: scenario)
                report.againstBaseline = BaselineComparison(
                    reform: projection, baseline: self.projection.project(basePlan, for: scenario),
                    mechanical: mechanicalProjection)
            } catch let invalid as InvalidInput {
                throw fail(invalid.summary() + "\nnothing was run.")
            }
        }
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
