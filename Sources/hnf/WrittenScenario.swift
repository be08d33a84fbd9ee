import Foundation
import HighNeeds

/// Commands that write a scenario or overlay (import, calibrate, solve --overlay) check it
/// as `hnf validate` would before writing, and refuse to write one that would not load.
enum WrittenScenario {
    /// Validates `yaml` as a scenario (or, with `base`, as an overlay on `base`); throws a
    /// bad-input exit naming `shownAs` (never the temporary file) when it is invalid.
    static func check(_ yaml: String, shownAs shown: String, overlayOn base: [String]? = nil, national: NationalDataOptions) throws {
        let result = try TemporaryFiles.withDirectory(prefix: "hnf-check") { folder -> Result<Scenario, InvalidInput> in
            let file = folder.appendingPathComponent(base == nil ? "scenario.yaml" : "overlay.yaml").path
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: file))
            let loaded = base.map { ScenarioLoader.load($0[0], overlays: Array($0.dropFirst()) + [file], national: { try national.load() }) }
                ?? ScenarioLoader.load(file, national: { try national.load() })
            return loaded.mapError { invalid in
                InvalidInput(invalid.diagnostics.map { diagnostic in
                    var renamed = diagnostic
                    if renamed.file == file { renamed.file = shown }
                    if renamed.location?.file == file { renamed.location?.file = shown }
                    return renamed
                })
            }
        }
        if case .failure(let invalid) = result {
            throw fail("\(invalid.summary())\nthe \(base == nil ? "scenario" : "overlay") \(shown) would not validate, so it was not written.")
        }
    }
}
