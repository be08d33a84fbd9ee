import ArgumentParser
import Foundation
import HighNeeds

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A projection against another model's published one.",
        subcommands: [WitanSend.self]
    )

    struct WitanSend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "witan-send",
            abstract:
                "Run a scenario imported from witan.send and compare it, year by year, with witan.send's published outputs.",
            discussion: """
                Agreement means: every projected year's total caseload and cost means inside witan.send's \
                95% bounds and within 2% of its means; each setting among those holding 90% of the \
                caseload inside its bounds. Exit status 0 when they agree, 1 when they do not, 2 for bad input.

                Example: hnf import witan-send DIR/inputs --out demo.yaml && hnf compare witan-send demo.yaml --published DIR/published-1000
                """
        )

        @OptionGroup var input: ScenarioArguments

        @Option(help: "The folder of witan.send's outputs (Output_Count.csv, Output_Setting.csv, Output_Cost.csv).")
        var published: String

        @OptionGroup var draws: DrawOptions

        @OptionGroup var output: OutputOptions<TextAndWorkbook>
        @OptionGroup var national: NationalDataOptions

        func run() throws {
            let target = try output.prepare(inputs: input.files + national.inputPaths + [published])
            let scenario = try input.load(national)
            let drawCount = draws.draws(for: scenario), seedValue = draws.seed(for: scenario)
            // Input problems (InvalidInput) end the command with status 2 in `HNF.main`.
            // With the national data, as `hnf run` compiles it (without it, a scenario whose
            // money needs SEN2 history, as Kent's does, was refused with a wrong reason).
            let whatIf = try WhatIfRun(scenario, baseline: nil, national: try national.loadIfPresent())
            try draws.checkMemory(whatIf.plan, for: scenario, runs: whatIf.runs())
            let projection = try draws.run(whatIf, label: "compare").projection
            let comparison = try WitanSendComparison(projection: projection, published: published)
            var provenance = Provenance.files(scenario)
            provenance["published"] = published
            provenance["draws"] = drawCount
            provenance["seed"] = seedValue
            if output.format == .xlsx {
                try target.writeFile { try comparison.writeWorkbook(to: $0, provenance: provenance) }
            } else {
                try target.write(comparison.render(output.format, provenance: provenance))
            }
            if !comparison.agrees { throw ExitStatus.disagrees.code }
        }
    }
}
