import Foundation
import HighNeeds

/// A parser of files users give hnf, fed one input. An input that is not valid must end in
/// a thrown error, never a trap, a hang or a leak; a valid one goes on as the command would
/// take it (a scenario is compiled to a projection plan, a locality CSV or witan.send input
/// is written as a scenario and read back).
enum FuzzTarget: String, CaseIterable {
    /// A scenario file (`hnf run S.yaml`).
    case scenario
    /// An overlay on the Kent baseline (`hnf run kent.yaml O.yaml`).
    case overlay
    /// A sweep file, planned and checked (`hnf sweep W.yaml`), its scenario the Kent baseline.
    case sweep
    /// A locality CSV imported into the Kent baseline (`hnf localities import`).
    case localities
    /// One of witan.send's four CSVs, chosen by the input's first byte, the others the
    /// small fixture's (`hnf import witan-send`).
    case witanCSV = "witan-csv"
    /// witan.send's `config.edn`.
    case witanEDN = "witan-edn"
    /// One of the national tables, chosen by the input's first byte, the others the small
    /// fixture's (`--national-data`).
    case national

    /// Runs the target on `bytes` in `workspace`.
    func run(_ bytes: [UInt8], _ workspace: FuzzWorkspace) {
        switch self {
        case .scenario:
            let path = workspace.write(bytes, to: "S.yaml")
            if let scenario = try? ScenarioLoader.load(path, national: { workspace.national }) {
                _ = try? ProjectionPlan(scenario, national: workspace.national)
            }
        case .overlay:
            // Applied to the Kent document read once (reading Kent again for each input made
            // this target thirty times slower than the others).
            let (node, problems) = SourceNode.parse(yaml: String(decoding: bytes, as: UTF8.self), file: "O.yaml")
            guard let node, problems.isEmpty, case (let overlay?, let read) = Overlay.read(node, file: "O.yaml"),
                read.isEmpty
            else { return }
            let (applied, applyProblems) = overlay.apply(to: workspace.kentScenario.document)
            guard applyProblems.isEmpty,
                let scenario = try? ScenarioLoader.scenario(
                    from: applied, files: [workspace.kent, "O.yaml"], national: { workspace.national })
            else { return }
            _ = try? ProjectionPlan(scenario, national: workspace.national)
        case .sweep:
            let path = workspace.write(bytes, to: "W.yaml")
            guard let spec = try? SweepSpec.read(path),
                let plan = try? SweepPlan.make(spec, national: workspace.national, baseRunsOnly: true)
            else { return }
            _ = SweepRunner(plan: plan, national: workspace.national, threads: 1).check()
        case .localities:
            let path = workspace.write(bytes, to: "L.csv")
            guard let table = try? LocalityTable(path: path, settings: workspace.kentScenario.settings.map(\.id)),
                let yaml = try? table.scenarioYAML(
                    workspace.kentText, document: workspace.kentScenario.document, command: "hnf-fuzz")
            else { return }
            workspace.readBack(yaml)
        case .witanCSV:
            guard let (name, rest) = Self.choose(bytes, from: FuzzWorkspace.witanTables) else { return }
            _ = workspace.write(rest, to: "witan/\(name)")
            workspace.importWitan(config: nil)
            workspace.restoreWitan(name)
        case .witanEDN:
            let path = workspace.write(bytes, to: "config.edn")
            workspace.importWitan(config: path)
        case .national:
            guard let (name, rest) = Self.choose(bytes, from: FuzzWorkspace.nationalTables) else { return }
            _ = workspace.write(rest, to: "national/\(name)")
            // The caseload is read at once, the other tables when first used: read them all.
            if let data = try? NationalData(directory: URL(fileURLWithPath: workspace.folder + "/national")) {
                for table in [NationalData.Table.caseloadByAge, .needs, .newPlans, .ceasedPlans, .requests] {
                    _ = try? data.table(table)
                }
                for area in data.areas() { _ = data.caseload(of: area, in: data.years.last ?? 0) }
            }
            workspace.restoreNational(name)
        }
    }

    /// The file the first byte picks, and the rest of the input as its content.
    static func choose(_ bytes: [UInt8], from names: [String]) -> (String, [UInt8])? {
        guard let first = bytes.first else { return nil }
        return (names[Int(first) % names.count], Array(bytes.dropFirst()))
    }
}
