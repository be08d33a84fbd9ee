import ArgumentParser
import HighNeeds

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "An LA's flows from SEN2 history, as a scenario.",
        discussion: "Example: hnf calibrate --la 886 --from 2019 --to 2025 --out kent-calibrated.yaml && hnf run kent-calibrated.yaml"
    )

    @Option(help: "The LA: code (886) or name.")
    var la: String

    @Option(help: "First January of the history used.")
    var from: Int

    @Option(help: "Last January used: the calibrated scenario starts from its caseload.")
    var to: Int

    @Option(help: "Years the written scenario projects.")
    var horizon: Int = 5

    @Option(name: .shortAndLong, help: "Write the scenario here (atomically) instead of standard output.")
    var out: String?

    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        if !(1...30).contains(horizon) { throw ValidationError("--horizon must be from 1 to 30, not \(horizon).") }
    }

    func run() throws {
        let target = try OutputTarget.prepare(out, inputs: national.inputPaths)
        let data = try national.load()
        let area: Area
        do { area = try data.area(named: la) } catch { throw fail("--la \(la): \(error)") }
        let calibration: Calibration
        do { calibration = try Calibration(area: area, from: from, to: to, tables: Calibration.Tables(data)) } catch {
            throw fail("cannot calibrate \(area.name) on \(from)-\(to): \(error)")
        }
        let yaml = calibration.scenarioYAML(horizon: horizon, draws: 1000, seed: 20250101)
        try WrittenScenario.check(yaml, shownAs: out ?? "calibrated for \(area.name)", national: national)
        try target.write(yaml)
    }
}
