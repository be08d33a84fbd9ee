import Foundation
import HighNeeds

/// A private folder holding what the targets read beside their input: copies of the Kent
/// baseline and an overlay (so sweep seeds can name `kent.yaml`), the small national and
/// witan.send fixtures; and the national data, read once.
final class FuzzWorkspace {
    let folder: String
    let root: String
    let national: NationalData
    let kent: String
    let kentText: String
    let kentScenario: Scenario

    static let witanTables = ["transitions.csv", "population.csv", "costs.csv", "valid-states.csv"]
    static let nationalTables = [
        "caseload.csv", "caseload-by-age.csv", "ceased-plans.csv", "needs.csv", "new-plans-by-need.csv",
        "new-plans.csv", "requests.csv",
    ]

    /// `root`: the checkout (its `Scenarios` and `Tests/Fixtures`).
    init(root: String) throws {
        self.root = root
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-fuzz-\(getpid())").path
        let files = FileManager.default
        try? files.removeItem(atPath: folder)
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try files.copyItem(atPath: root + "/Scenarios/kent/baseline.yaml", toPath: folder + "/kent.yaml")
        try files.copyItem(
            atPath: root + "/Scenarios/kent/reforms/communities-of-schools.yaml", toPath: folder + "/overlay.yaml")
        try files.copyItem(atPath: root + "/Tests/Fixtures/national-small", toPath: folder + "/national")
        try files.copyItem(atPath: root + "/Tests/Fixtures/witan-send-small", toPath: folder + "/witan")
        try? files.removeItem(atPath: folder + "/witan/config-1000.edn")
        national = try NationalData(directory: URL(fileURLWithPath: root + "/Scenarios/national"))
        kent = folder + "/kent.yaml"
        kentText = try String(contentsOfFile: kent, encoding: .utf8)
        let data = national
        kentScenario = try ScenarioLoader.load(kent, national: { data })
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes `bytes` to `name` in the workspace; its path.
    func write(_ bytes: [UInt8], to name: String) -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Reads a written scenario back as `hnf` checks what it writes.
    func readBack(_ yaml: String) {
        let (node, problems) = SourceNode.parse(yaml: yaml, file: "written.yaml")
        guard let node, problems.isEmpty else { return }
        let data = national
        _ = try? ScenarioLoader.scenario(from: node, files: [], national: { data })
    }

    func importWitan(config: String?) {
        guard let inputs = try? WitanSendInputs(directory: folder + "/witan", config: config),
            let imported = try? WitanSendImport(inputs)
        else { return }
        readBack(imported.scenarioYAML())
    }

    func restoreWitan(_ name: String) { restore("Tests/Fixtures/witan-send-small/\(name)", "witan/\(name)") }
    func restoreNational(_ name: String) { restore("Tests/Fixtures/national-small/\(name)", "national/\(name)") }

    private func restore(_ original: String, _ copy: String) {
        let path = folder + "/" + copy
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.copyItem(atPath: root + "/" + original, toPath: path)
    }
}
