import Foundation
import HNFCore

extension Provenance {
    /// The files of a scenario, base then overlays, each `{path, sha256}`.
    public static func files(_ scenario: Scenario) -> [String: Any] {
        func entry(_ path: String) -> [String: Any] { ["path": path, "sha256": sha256(ofFile: path) ?? NSNull()] }
        return ["scenario": entry(scenario.files[0]), "overlays": scenario.files.dropFirst().map(entry)]
    }
}
