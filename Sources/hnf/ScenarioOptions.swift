import ArgumentParser
import Foundation
import HighNeeds

/// A scenario and its what-if overlays, as every scenario command takes them.
struct ScenarioArguments: ParsableArguments {
    @Argument(help: "The scenario YAML file.")
    var scenario: String

    @Argument(help: "What-if overlays applied on top, in order.")
    var overlays: [String] = []

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set one value after the overlays, by key path (repeatable); VALUE is YAML.", valueName: "KEY.PATH=VALUE"))
    var settings: [String] = []

    /// `--years N` (`run`, `report`) is `meta.horizon=N`, checked by the loader as the
    /// file's value is and named `--years N` in its problems.
    static func years(_ years: Int?) -> [ScenarioSetting] {
        years.map { [ScenarioSetting(option: "--years", keyPath: "meta.horizon", value: "\($0)")] } ?? []
    }

    /// The scenario and overlay files, inputs no output may overwrite.
    var files: [String] { [scenario] + overlays }

    /// Overlays or `--set` values: what the baseline leaves out.
    var hasWhatIfs: Bool { !overlays.isEmpty || !settings.isEmpty }

    /// Loads and validates (without the overlays when `baseline`); on invalid input prints
    /// every problem and exits with status 2. `options` are scenario values the command's
    /// own options set (`--years`): the baseline has them too, and the loader checks them.
    func load(
        _ national: NationalDataOptions, baseline: Bool = false, options: [ScenarioSetting] = []
    ) throws -> Scenario {
        do throws(InvalidInput) {
            return try ScenarioLoader.load(
                scenario, overlays: baseline ? [] : overlays, settings: baseline ? [] : settings, options: options,
                national: { try national.load() })
        } catch {
            let count = error.diagnostics.count
            throw fail(error.summary() + "\n\(count) problem\(count == 1 ? "" : "s") found; nothing was run.")
        }
    }
}
