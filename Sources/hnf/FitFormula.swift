import ArgumentParser
import HighNeeds

struct FitFormula: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-formula",
        abstract: "Find the locality-formula weights (non-negative, adding up to 1) that best reproduce a current allocation, and who would gain or lose under them.",
        discussion: """
        --allocation is a CSV with columns locality (the scenario's locality ids) and amount (£). \
        Factors are locality fields (population, pupils_on_roll, fsm, low_prior_attainment, sen_support) \
        or counts from the starting stock (plans, plans_in_mainstream).

        Example: hnf fit-formula Scenarios/kent/baseline.yaml --allocation current.csv --factors population,plans,plans_in_mainstream
        """
    )

    @OptionGroup var input: ScenarioArguments

    @Option(help: "The current allocation: CSV with columns locality, amount.")
    var allocation: String

    @Option(help: "Comma-separated factors to weight.")
    var factors: String

    @Option(name: .customLong("min-r2"), help: "Below this R² the fit is refused: no gains and losses are given, and the exit status is 1.")
    var minR2: Double = FormulaFit.defaultMinimumRSquared

    @OptionGroup var output: OutputOptions
    @OptionGroup var national: NationalDataOptions

    func run() throws {
        let scenario = try input.load(national)
        let names = factors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if let unknown = names.first(where: { !ScenarioSchema.localityFactors.contains($0) }) {
            throw fail("--factors \(unknown): expected one of \(ScenarioSchema.localityFactors.joined(separator: ", "))")
        }
        let fit: FormulaFit
        do {
            fit = try FormulaFit(scenario: scenario, factors: names, current: try FormulaFit.readAllocation(allocation))
        } catch let invalid as InvalidInput {
            throw fail(invalid.description)
        } catch let problem as FormulaFit.Problem {
            throw fail(problem.description)
        }
        try output.emit(fit.render(output.format, minimumRSquared: minR2))
        if fit.warnings(minimum: minR2).refused {
            throw fail("fit-formula: R² \(String(format: "%.2f", fit.rSquared)) is below --min-r2 \(minR2): refused", status: 1)
        }
    }
}
