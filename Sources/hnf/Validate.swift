import ArgumentParser
import HighNeeds

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario and overlays: every problem at once.",
        discussion: """
            Each problem names the file, line and column, the key path, what was found and what \
            was expected. Exit status 0 when valid, 2 when not.
            """
    )

    @OptionGroup var input: ScenarioArguments
    @OptionGroup var national: NationalDataOptions

    func run() throws {
        let scenario = try input.load(national)
        let files = ([input.scenario] + input.overlays).joined(separator: " + ")
        try StandardStreams.output(
            "\(files): valid (\(scenario.localities.count) localities, \(scenario.settings.count) settings, \(Text.thousands(scenario.totalPlans)) plans at January \(scenario.meta.baseYear))\n"
        )
    }
}
