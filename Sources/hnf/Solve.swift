import ArgumentParser
import Foundation
import HighNeeds

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Goal seek: the parameter value that hits a target.",
        discussion: """
            Each evaluation runs the same draws and seed (common random numbers); GSL's Brent solver \
            finds the root of median(metric) − target. Metrics: in_year_balance, cumulative_balance, \
            spend, income (£, in --financial-year: 2027 = 2027-28); plans, mainstream_share, special_share \
            (in January --year). --target england takes England's latest share. --overlay writes an \
            overlay that sets the value found, to re-run with `hnf run`.

            Example: hnf solve Scenarios/kent/baseline.yaml Scenarios/kent/reforms/transition-funding.yaml \
            --vary funding.responses.stay_in_mainstream.effect --low 0 --high 1 --metric mainstream_share --year 2028 --target england
            """
    )

    @OptionGroup var input: ScenarioArguments

    @Option(
        help:
            "The key path of the number to vary (a distribution or dated values there are replaced by the value tried)."
    )
    var vary: String

    // `.unconditional`: a negative value (`--low -50000`) is a value, not an option.
    @Option(parsing: .unconditional, help: "The lower bound (may be negative).")
    var low: Double

    @Option(parsing: .unconditional, help: "The upper bound (may be negative).")
    var high: Double

    @OptionGroup var measured: MetricAndYear

    @Option(
        parsing: .unconditional,
        help:
            "The target value (£ or %, may be negative, e.g. -50000000 for a deficit), or `england` for England's latest share."
    )
    var target: String

    @OptionGroup var projection: DrawOptionGroup<SolveDraws>

    @Option(help: "Stop when the value is known to within this (default: (high − low) / 10,000).")
    var tolerance: Double?

    @Option(help: "Write an overlay setting the value found here (atomically).")
    var overlay: String?

    @Flag(help: "Write the overlay even when the value breaks a block's protection or cap.")
    var allowInfeasible = false

    @OptionGroup var output: OutputOptions<TextOnly>
    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        for (name, value) in [("--low", low), ("--high", high)] where !value.isFinite || abs(value) > 1e12 {
            throw ValidationError(
                "\(name) \(value): expected a finite number no larger than 1,000,000,000,000 in size.")
        }
        if target.lowercased() != "england" {
            guard let value = Double(target), value.isFinite, abs(value) <= 1e12 else {
                throw ValidationError(
                    "--target \(target): expected a finite number (£ or %, no larger than 1,000,000,000,000 in size) or `england`."
                )
            }
        }
        if let tolerance, !(tolerance.isFinite && tolerance > 0) {
            throw ValidationError("--tolerance \(tolerance): expected a finite number above 0.")
        }
        guard low < high else { throw ValidationError("--low must be below --high (\(low) ≥ \(high)).") }
    }

    func run() throws {
        let metric = measured.metric, year = try measured.resolvedYear()
        let reportTarget = try output.prepare(inputs: input.files + national.inputPaths)
        let overlayTarget = try overlay.map {
            try OutputTarget.prepare(
                $0, option: "--overlay", inputs: input.files + national.inputPaths, otherOutputs: [reportTarget])
        }
        let scenario = try input.load(national)
        let data = try national.loadIfPresent()
        let chosen = Metric(rawValue: metric)!
        // Input problems (InvalidInput, GoalSeek.Problem) end the command with status 2 in `HNF.main`.
        let plan = try ProjectionPlan(scenario, national: data)
        try projection.checkMemory(plan, for: scenario, what: "each evaluation")
        let targetValue: Double
        if target.lowercased() == "england" {
            guard case .share(let group) = chosen, let data,
                let england = RunReport.england(national: data, upTo: scenario.meta.baseYear, years: [year]),
                let share = england.share[group]
            else {
                throw fail("--target england: only for mainstream_share or special_share, with national SEN2 data")
            }
            targetValue = share
        } else if let value = Double(target) {
            targetValue = value
        } else {
            throw fail("--target \(target): expected a number or `england`")
        }
        let seek = try Progress.draws("solve") { progress in
            try GoalSeek(
                document: scenario.document, files: scenario.files, national: data, keyPath: vary, low: low,
                high: high, metric: chosen, year: year, target: targetValue, draws: projection.draws(for: scenario),
                seed: projection.seed(for: scenario), threads: projection.threads,
                tolerance: tolerance ?? (high - low) / 10_000, progress: progress)
        }
        if let overlayTarget, let overlay, let yaml = seek.overlayYAML(allowInfeasible: allowInfeasible) {
            try WrittenScenario.check(yaml, shownAs: overlay, overlayOn: input.files, national: national)
            try overlayTarget.write(yaml)
        }
        try reportTarget.write(
            seek.render(
                output.format, draws: projection.draws(for: scenario), priceBase: scenario.budget.prices?.base))
        guard case .found = seek.outcome else {
            // No answer is not success: a script's `solve … && hnf run …` must not go on.
            let what = "no value of \(vary) from \(GoalSeek.text(low)) to \(GoalSeek.text(high)) reaches the target"
            throw fail(
                overlay.map { "--overlay \($0): not written: \(what) (see above)" } ?? "\(what) (see above)",
                status: .disagrees)
        }
        if let overlay, case .found(let e) = seek.outcome, !e.feasible, !allowInfeasible {
            throw fail(
                "--overlay \(overlay): not written: the value breaks a block's protection or cap (see above); --allow-infeasible writes it anyway",
                status: .disagrees)
        }
    }
}
