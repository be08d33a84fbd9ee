import Foundation
import HighNeeds

/// Commands that write a scenario or overlay (import, calibrate, solve --overlay) check it
/// as `hnf validate` would before writing, and refuse to write one that would not load.
enum WrittenScenario {
    /// Validates `yaml` as a scenario (or, with `base`, as an overlay on `base`), in memory
    /// and named `shownAs` in its problems; throws a bad-input exit when it is invalid.
    /// `relocate` moves a problem from the written document (named by its second argument)
    /// to the input it came from, where the command knows that (`localities import`: the
    /// CSV's cell).
    static func check(
        _ yaml: String, shownAs shown: String, overlayOn base: [String]? = nil, national: NationalDataOptions,
        relocate: ((Diagnostic, String) -> Diagnostic)? = nil
    ) throws {
        let written = ScenarioSource.generated(name: shown, yaml: yaml)
        do throws(InvalidInput) {
            let merged =
                if let base {
                    try ScenarioLoader.merge(
                        .file(base[0]), overlays: base.dropFirst().map(ScenarioSource.file) + [written])
                } else {
                    try ScenarioLoader.merge(written)
                }
            _ = try ScenarioLoader.load(merged, national: { try national.load() })
        } catch {
            let problems = InvalidInput(error.diagnostics.map { relocate?($0, shown) ?? $0 })
            throw fail(
                "\(problems.summary())\nthe \(base == nil ? "scenario" : "overlay") \(shown) would not validate, so it was not written."
            )
        }
    }
}
