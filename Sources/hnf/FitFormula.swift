import ArgumentParser
import HighNeeds

struct FitFormula: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-formula",
        abstract: "Fit locality-formula weights to a current allocation.",
        discussion: """
            --allocation is a CSV with columns locality (the scenario's locality ids or names, in any case) and amount (£). \
            Factors are locality fields (population, pupils_on_roll, fsm, low_prior_attainment, sen_support, \
            deprivation: children aged 0-25 x the score) \
            or counts from the starting stock (plans, plans_in_mainstream).

            Example: hnf fit-formula Scenarios/kent/baseline.yaml --allocation current.csv --factors population,plans,plans_in_mainstream
            """
    )

    @OptionGroup var input: ScenarioArguments

    @Option(help: "The current allocation: CSV with columns locality, amount.")
    var allocation: String

    @Option(help: "Comma-separated factors to weight.")
    var factors: String

    @Option(
        name: .customLong("min-r2"),
        help: "Below this R² the fit is refused: no gains and losses are given, and the exit status is 1.")
    var minR2: Double = FormulaFit.defaultMinimumRSquared

    @OptionGroup var output: OutputOptions<TextOnly>
    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        // NaN compares false with everything, so it never refused a fit. (R² may be below 0,
        // and --min-r2 -100 accepts any fit.)
        if !(minR2.isFinite && minR2 <= 1) {
            throw ValidationError("--min-r2 must be a number at most 1, not \(minR2).")
        }
    }

    func run() throws {
        let target = try output.prepare(inputs: input.files + national.inputPaths + [allocation])
        let scenario = try input.load(national)
        let names = factors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if let unknown = names.first(where: { !ScenarioSchema.localityFactors.contains($0) }) {
            throw fail(
                "--factors \(unknown): expected one of \(ScenarioSchema.localityFactors.joined(separator: ", "))")
        }
        if let repeated = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            throw fail("--factors \(factors): \(repeated.element) twice; expected each factor once")
        }
        // Input problems (InvalidInput, FormulaFit.Problem) end the command with status 2 in `HNF.main`.
        let current = try FormulaFit.readAllocation(allocation, for: scenario)
        let fit = try FormulaFit(scenario: scenario, factors: names, current: current)
        try target.write(fit.render(output.format, minimumRSquared: minR2))
        if fit.warnings(minimum: minR2).refused {
            throw fail(
                "fit-formula: R² \(String(format: "%.2f", fit.rSquared)) is below --min-r2 \(minR2): refused",
                status: .disagrees)
        }
    }
}
