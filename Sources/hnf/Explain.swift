import ArgumentParser
import Foundation
import HighNeeds

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one locality's money in one year: each block, the parameters it read (with file and line), the totals.",
        discussion: """
        The figures are means over the draws, which add up line by line to the mean `hnf run` \
        reports for the locality (spend on its plans plus formula funding), for the same \
        scenario, overlays, draws and seed.

        Example: hnf explain Scenarios/kent/baseline.yaml Scenarios/kent/reforms/communities-of-schools.yaml --locality ashford --year 2027
        """
    )

    @OptionGroup var input: ScenarioArguments

    @Option(help: "The locality id (as under `localities`).")
    var locality: String

    @Option(help: "The financial year, by the year it starts (2027 = 2027-28).")
    var year: Int

    @OptionGroup var draws: DrawOptions

    @OptionGroup var output: OutputOptions
    @OptionGroup var national: NationalDataOptions

    func run() throws {
        if output.format == .xlsx { _ = try output.workbookPath() }
        let scenario = try input.load(national)
        let explanation: Explanation
        do {
            let plan = try ProjectionPlan(scenario, national: try? national.load())
            let projection = draws.project(plan, for: scenario)
            explanation = try Explanation(projection, locality: locality, year: year)
        } catch let invalid as InvalidInput {
            throw fail(invalid.description)
        } catch let problem as Explanation.Problem {
            throw fail(problem.description)
        }
        if output.format == .xlsx {
            try explanation.writeWorkbook(to: output.workbookPath())
        } else {
            try output.emit(explanation.render(output.format))
        }
    }
}
