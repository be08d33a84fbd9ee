import ArgumentParser
import Foundation
import HighNeeds

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One locality's money in one year, block by block.",
        discussion: """
            The figures are means over the draws, which add up line by line to the mean `hnf run` \
            reports for the locality (spend on its plans plus formula funding), for the same \
            scenario, overlays, draws and seed.

            Example: hnf explain Scenarios/kent/baseline.yaml Scenarios/kent/reforms/communities-of-schools.yaml --locality ashford --financial-year 2027
            """
    )

    @OptionGroup var input: ScenarioArguments

    @Option(help: "The locality: its id (as under `localities`) or its name, in any case.")
    var locality: String

    @Option(
        name: .customLong("financial-year"), help: ArgumentHelp(YearOptions.financialYearHelp, valueName: "year"),
        transform: FinancialYearArgument.parse)
    var financialYear: FinancialYearArgument?

    @Option(help: ArgumentHelp("Old spelling of --financial-year, still read (with a warning).", visibility: .hidden))
    var year: Int?

    @OptionGroup var draws: DrawOptions

    @OptionGroup var output: OutputOptions<TextAndWorkbook>
    @OptionGroup var national: NationalDataOptions

    func run() throws {
        let year = try YearOptions.financialYear(year: year, financialYear: financialYear, what: "a locality's money")
        let target = try output.prepare(inputs: input.files + national.inputPaths)
        let scenario = try input.load(national)
        // Input problems (InvalidInput, Explanation.Problem) end the command with status 2 in `HNF.main`.
        let whatIf = try WhatIfRun(scenario, baseline: nil, national: try national.loadIfPresent())
        try draws.checkMemory(whatIf.plan, for: scenario, runs: whatIf.runs())
        let projection = try draws.run(whatIf, label: "explain").projection
        let explanation = try Explanation(
            projection, locality: scenario.localityID(matching: locality) ?? locality, year: year)
        if output.format == .xlsx {
            try target.writeFile { try explanation.writeWorkbook(to: $0) }
        } else {
            try target.write(explanation.render(output.format))
        }
    }
}
