import ArgumentParser
import HighNeeds

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "An LA's flows from SEN2 history, as a scenario.",
        discussion: """
            Example: hnf calibrate --la 886 --from 2019 --to 2025 --out kent-calibrated.yaml && hnf run kent-calibrated.yaml
            With --cohorts YEAR, prints only the flows by single age x setting (ceasing, moves, transfers between LAs) \
            estimated from SEN2's January YEAR and YEAR+1 caseloads by age, for the settings of --settings-from (a \
            scenario) or the calibrated settings: hnf calibrate --la 886 --cohorts 2024 --settings-from Scenarios/kent/baseline.yaml
            With --unit-costs, prints only the unit costs per setting calibrated to the LA's Section 251 outturn.
            With --money, prints only the budget section (income, other spend, opening balance, published \
            balances, Safety Valve, fallbacks) from the published tables, for a scenario whose base year is --to \
            (default: the latest January): hnf calibrate --la 881 --money
            With --districts, the scenario's localities are the LA's districts (a two-tier county's), each with \
            its ONS mid-2021 children by single age and deprivation score, and the LA's SEN2 plans shared by \
            their children of each age (an estimate the reports say is one): hnf calibrate --la Essex --from \
            2019 --to 2025 --districts
            """
    )

    @Option(help: "The LA: code (886) or name.")
    var la: String

    @Option(help: "First January of the history used.")
    var from: Int?

    @Option(help: "Last January used: the calibrated scenario starts from its caseload.")
    var to: Int?

    @Option(help: "Print the flows by age x setting estimated from January YEAR to YEAR+1 (both with ages in SEN2).")
    var cohorts: Int?

    @Option(help: "With --cohorts: the scenario whose settings (ids, sen2 columns, ages) the flows are for.")
    var settingsFrom: String?

    @Flag(
        help:
            "Print only the unit costs per setting calibrated to the LA's Section 251 outturn (England's where it has none), with the lines each came from."
    )
    var unitCosts = false

    @Flag(
        help:
            "Print only the budget section calibrated to the published DSG and Section 251 tables (the base year is --to, else the latest January)."
    )
    var money = false

    @Flag(
        help:
            "Give the LA's districts (ONS children by single age, deprivation) as the scenario's localities, its plans shared by their children of each age."
    )
    var districts = false

    @Option(help: "Years the written scenario projects.")
    var horizon: Int = 5

    @Option(name: .shortAndLong, help: "Write the scenario here (atomically) instead of standard output.")
    var out: String?

    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        if cohorts == nil, !unitCosts, !money, from == nil || to == nil {
            throw ValidationError("give --from and --to, --cohorts YEAR, --unit-costs or --money.")
        }
        if settingsFrom != nil, cohorts == nil { throw ValidationError("--settings-from goes with --cohorts.") }
        if districts, cohorts != nil || unitCosts || money {
            throw ValidationError(
                "--districts writes a whole scenario (with --from and --to): not with --cohorts, --unit-costs or --money."
            )
        }
        if !(1...30).contains(horizon) { throw ValidationError("--horizon must be from 1 to 30, not \(horizon).") }
    }

    func run() throws {
        let target = try OutputTarget.prepare(out, inputs: national.inputPaths + (settingsFrom.map { [$0] } ?? []))
        let data = try national.load()
        let area: Area
        do { area = try data.area(named: la) } catch { throw fail("--la \(la): \(error)") }
        if let cohorts { return try printCohorts(area, year: cohorts, data: data, to: target) }
        if unitCosts {
            let costs: UnitCosts, finance = try HighNeedsFinance(data)
            do { costs = try UnitCosts(area: area, national: data, finance: finance) } catch {
                throw fail("cannot calibrate unit costs for \(area.name): \(error)")
            }
            return try target.write(costs.renderTable())
        }
        if money { return try printMoney(area, data: data, to: target) }
        let from = from!, to = to!
        // Damaged tables stop the command at their line (InvalidInput, exit 2); absent money
        // tables leave the money to the scenario's fallbacks.
        let tables = try Calibration.Tables(data), finance = try HighNeedsFinance.ifPresent(data)
        let yaml: String
        do {
            yaml = try Progress.draws("calibrate \(area.name)") { _ in
                var calibration = try Calibration(area: area, from: from, to: to, tables: tables)
                if districts { calibration.districts = try Self.districts(of: area, data) }
                return try calibration.writtenScenarioYAML(horizon: horizon, national: data, finance: finance)
            }
        } catch {
            throw fail("cannot calibrate \(area.name) on \(from)-\(to): \(error)\(data.replacedBy(area))")
        }
        try WrittenScenario.check(yaml, shownAs: out ?? "calibrated for \(area.name)", national: national)
        try target.write(yaml)
    }

    /// The LA's districts, for --districts: a unitary LA has none to split into.
    static func districts(of area: Area, _ data: NationalData) throws -> [Districts.District] {
        let all = try data.districts().of(la: area.code)
        guard all.count > 1 else {
            throw ValidationError(
                "--districts: \(area.name) is its own only district (a unitary council, metropolitan district or London borough); --districts is for a two-tier county such as Kent or Essex."
            )
        }
        return all
    }

    func printMoney(_ area: Area, data: NationalData, to target: OutputTarget) throws {
        let base = to ?? data.years.last!
        // Both were accepted and ignored: a base year past the data gave the latest one's money.
        if from != nil { throw fail("--from does not apply to --money: give --to, the scenario's base year.") }
        guard let first = data.years.first, let last = data.years.last, (first...last).contains(base) else {
            throw fail(
                "--to \(base): the money's base year must be a January of the SEN2 tables (\(data.years.first ?? 0) to \(data.years.last ?? 0))."
            )
        }
        let yaml: String, finance = try HighNeedsFinance(data)
        do {
            let money = try CalibratedMoney(area: area, baseYear: base, national: data, finance: finance)
            yaml = money.budgetYAML(last: base + horizon - 1)
        } catch {
            throw fail("cannot calibrate the money of \(area.name): \(error)\(data.replacedBy(area))")
        }
        try target.write(yaml)
    }

    func printCohorts(_ area: Area, year: Int, data: NationalData, to target: OutputTarget) throws {
        var settings = Calibration.cohortSettings
        if let path = settingsFrom {
            do throws(InvalidInput) {
                let scenario = try ScenarioLoader.load(path, national: { data })
                settings = scenario.settings.map {
                    CohortFlows.Setting(id: $0.id, columns: $0.sen2Columns, ages: $0.ages)
                }
            } catch {
                throw fail("--settings-from \(path):\n\(error.description)")
            }
        }
        let flows: CohortFlows, tables = try Calibration.Tables(data)
        do {
            flows = try CohortFlows(area: area, year: year, settings: settings, tables: tables)
        } catch {
            throw fail("cannot estimate \(area.name)'s flows from January \(year) to \(year + 1): \(error)")
        }
        let source =
            "hnf calibrate --la \(area.code) --cohorts \(year)" + (settingsFrom.map { " --settings-from \($0)" } ?? "")
        let yaml = flows.flowsYAML(source: source)
        try target.write(yaml)
    }
}
