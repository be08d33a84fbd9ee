import Foundation
import HighNeeds

/// Commands that write a scenario or overlay (import, calibrate, solve --overlay) check it
/// as `hnf validate` would before writing, and refuse to write one that would not load.
enum WrittenScenario {
    /// Validates `yaml` as a scenario (or, with `base`, as an overlay on `base`); throws a
    /// bad-input exit naming `shownAs` (never the temporary file) when it is invalid.
    /// `relocate` moves a problem from the temporary file (its second argument) to the input
    /// it came from, where the command knows that (`localities import`: the CSV's cell).
    static func check(
        _ yaml: String, shownAs shown: String, overlayOn base: [String]? = nil, national: NationalDataOptions,
        relocate: ((Diagnostic, String) -> Diagnostic)? = nil
    ) throws {
        let problems = try TemporaryFiles.withDirectory(prefix: "hnf-check") { folder -> InvalidInput? in
            let file = folder.appendingPathComponent(base == nil ? "scenario.yaml" : "overlay.yaml").path
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: file))
            do throws(InvalidInput) {
                if let base {
                    _ = try ScenarioLoader.load(
                        base[0], overlays: Array(base.dropFirst()) + [file], national: { try national.load() })
                } else {
                    _ = try ScenarioLoader.load(file, national: { try national.load() })
                }
                return nil
            } catch {
                return InvalidInput(
                    error.diagnostics.map { diagnostic in
                        var renamed = relocate?(diagnostic, file) ?? diagnostic
                        if renamed.file == file { renamed.file = shown }
                        if renamed.location?.file == file { renamed.location?.file = shown }
                        return renamed
                    })
            }
        }
        if let problems {
            throw fail(
                "\(problems.summary())\nthe \(base == nil ? "scenario" : "overlay") \(shown) would not validate, so it was not written."
            )
        }
    }
}
