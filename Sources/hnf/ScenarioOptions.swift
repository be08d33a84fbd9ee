import ArgumentParser
import HighNeeds

/// A scenario and its what-if overlays, as every scenario command takes them.
struct ScenarioArguments: ParsableArguments {
    @Argument(help: "The scenario YAML file.")
    var scenario: String

    @Argument(help: "What-if overlays applied on top, in order.")
    var overlays: [String] = []

    /// Loads and validates (without the overlays when `baseline`); on invalid input prints
    /// every problem and exits with status 2.
    func load(_ national: NationalDataOptions, baseline: Bool = false) throws -> Scenario {
        switch ScenarioLoader.load(scenario, overlays: baseline ? [] : overlays, national: { try national.load() }) {
        case .success(let loaded):
            return loaded
        case .failure(let invalid):
            let count = invalid.diagnostics.count
            throw fail(invalid.description + "\n\(count) problem\(count == 1 ? "" : "s") found; nothing was run.")
        }
    }
}
