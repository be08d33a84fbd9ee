import ArgumentParser
import HighNeeds

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "One year from SEN2's January YEAR, against the next.",
        discussion: """
            Runs the scenario for one year from SEN2's January YEAR plans and sets the result against SEN2's next January. \
            For scenarios whose stock is derived from SEN2 (ehc_plans.derive). Total plans, each DfE group's share and \
            each setting's plans, predicted (p50, p10-p90) against actual. Example: hnf replay Scenarios/kent/baseline.yaml --from 2024
            """
    )

    @OptionGroup var input: ScenarioArguments

    @Option(help: "The January to start from (SEN2 must have the January after it).")
    var from: Int

    @OptionGroup var draws: DrawOptions
    @OptionGroup var output: OutputOptions<TextOnly>
    @OptionGroup var national: NationalDataOptions

    func run() throws {
        let target = try output.prepare(inputs: input.files + national.inputPaths)
        _ = try input.load(national)
        let data = try national.load()
        let replay: Replay
        do {
            replay = try Progress.draws("replay") { _ in
                try Replay.run(
                    base: input.scenario, overlays: input.overlays, settings: input.settings, from: from,
                    draws: draws.draws,
                    seed: draws.seed,
                    threads: draws.threads, national: data)
            }
        } catch { throw fail("cannot replay \(input.scenario) from January \(from): \(error)") }
        try target.write(replay.render(output.format))
    }
}
