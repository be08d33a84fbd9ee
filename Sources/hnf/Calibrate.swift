import ArgumentParser
import HighNeeds

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate an LA's flows (leavers, movers, joiners, growth) from the shipped SEN2 history and write them as a scenario.",
        discussion: "Example: hnf calibrate --la 886 --from 2019 --to 2025 --out kent-calibrated.yaml && hnf run kent-calibrated.yaml"
    )

    @Option(help: "The LA: code (886) or name.")
    var la: String

    @Option(help: "First January of the history used.")
    var from: Int?

    @Option(help: "Last January used: the calibrated scenario starts from its caseload.")
    var to: Int?

    @Flag(help: "Print only the unit costs per setting calibrated to the LA's Section 251 outturn (England's where it has none), with the lines each came from.")
    var unitCosts = false

    @Option(help: "Years the written scenario projects.")
    var horizon: Int = 5

    @Option(name: .shortAndLong, help: "Write the scenario here (atomically) instead of standard output.")
    var out: String?

    @OptionGroup var national: NationalDataOptions

    func run() throws {
        let data = try national.load()
        let area: Area
        do { area = try data.area(named: la) } catch { throw fail("--la \(la): \(error)") }
        if unitCosts {
            let costs: UnitCosts
            do { costs = try UnitCosts(area: area, national: data, finance: HighNeedsFinance(data)) } catch { throw fail("cannot calibrate unit costs for \(area.name): \(error)") }
            let text = costs.renderTable()
            if let out { try AtomicFile.write(text, to: out) } else { print(text, terminator: "") }
            return
        }
        guard let from, let to else { throw fail("--from and --to are required (unless --unit-costs)") }
        let calibration: Calibration
        do { calibration = try Calibration(area: area, from: from, to: to, tables: Calibration.Tables(data)) } catch {
            throw fail("cannot calibrate \(area.name) on \(from)-\(to): \(error)")
        }
        // Unit costs from the LA's Section 251 outturn (England's where it has none), when the tables are there.
        let costs = (try? UnitCosts(area: area, national: data, finance: HighNeedsFinance(data), specs: UnitCosts.calibratedSpecs))?.scenarioCosts() ?? [:]
        let yaml = calibration.scenarioYAML(horizon: horizon, draws: 1000, seed: 20250101, unitCosts: costs)
        if let out { try AtomicFile.write(yaml, to: out) } else { print(yaml, terminator: "") }
    }
}
