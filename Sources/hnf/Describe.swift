import ArgumentParser
import HighNeeds

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A scenario's starting position, against England.",
        discussion: "Validates first, like every scenario command. Example: hnf describe Scenarios/kent/baseline.yaml"
    )

    @OptionGroup var input: ScenarioArguments
    @OptionGroup var output: OutputOptions<TextAndWorkbook>
    @OptionGroup var national: NationalDataOptions

    func run() throws {
        let target = try output.prepare(inputs: input.files + national.inputPaths)
        let scenario = try input.load(national)
        let data = try national.loadIfPresent()
        let summary = ScenarioSummary(scenario: scenario, national: data)
        if output.format == .xlsx {
            try target.writeFile { try summary.writeWorkbook(to: $0) }
        } else {
            try target.write(summary.render(output.format))
        }
    }
}
