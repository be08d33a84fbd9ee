import ArgumentParser
import Foundation
import HighNeeds

struct Localities: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read an LA's locality data from a CSV it can fill in.",
        discussion: """
            Example: hnf localities template Scenarios/kent/baseline.yaml --out districts.csv; \
            fill in the districts' own figures and each row's source; then \
            hnf localities import districts.csv --into Scenarios/kent/baseline.yaml --out kent-local.yaml
            """,
        subcommands: [Import.self, Template.self, Backtest.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a scenario with its localities replaced by a CSV's.",
            discussion: """
                Columns: id, name, source (where the row's figures come from); population_<phase> for \
                every phase (early_years, primary, secondary, post16, post19) or population_age_<N> by \
                single age; optional pupils_on_roll, fsm, low_prior_attainment, plan_share, \
                sen_support_<phase>, and plans_<setting> for the scenario's settings. A blank optional \
                cell leaves the figure out. With plans by setting, a stock derived from SEN2 is split \
                setting by setting by them (ehc_plans.derive.split: plans_by_setting), so localities \
                differ in placements. A locality the scenario has keeps its own flows; everything \
                outside `localities` is kept as written, comments too.

                The scenario is an input: the result goes to standard output or --out, never over \
                SCENARIO itself. Every bad cell is reported (file:line:col) at once, exit status 2, \
                and nothing is written; so is a result that would not validate.
                """
        )

        @Argument(help: ArgumentHelp("The CSV of localities, one row per locality.", valueName: "FILE.csv"))
        var csv: String

        @Option(help: ArgumentHelp("The scenario whose localities the CSV replaces.", valueName: "SCENARIO"))
        var into: String

        @Option(
            name: .shortAndLong,
            help: "Write the scenario here (atomically) instead of standard output. Never SCENARIO or the CSV.")
        var out: String?

        @OptionGroup var national: NationalDataOptions

        func run() throws {
            let target = try OutputTarget.prepare(out, inputs: [csv, into] + national.inputPaths)
            let scenario: Scenario
            do { scenario = try ScenarioLoader.load(into, national: { try national.load() }) } catch {
                throw fail("--into \(into):\n\(error.description)")
            }
            let table = try LocalityTable(path: csv, settings: scenario.settings.map(\.id))
            let command = "hnf localities import \(URL(fileURLWithPath: csv).lastPathComponent) --into \(into)"
            let written = try table.written(
                try String(contentsOfFile: into, encoding: .utf8), document: scenario.document, command: command)
            // A problem is reported at the CSV's cell or SCENARIO's line it came from.
            try WrittenScenario.check(
                written.yaml, shownAs: out ?? "\(into) with the localities of \(csv)", national: national,
                relocate: { table.relocate($0, written: written, scenario: into, writtenFile: $1) })
            try target.write(written.yaml)
        }
    }

    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a scenario's localities, or an LA's districts, as the CSV import reads.",
            discussion: """
                Plans by setting are the scenario's starting stock as it splits it (by population at each age, in \
                Kent's baseline): overwrite them with the LA's own counts. With --la instead of a scenario, prints \
                the LA's districts (a two-tier county's, or a unitary's one) with their ONS mid-2021 children by \
                single year of age and mySociety deprivation score, each row with its sources: \
                hnf localities template --la Essex --out essex-districts.csv
                """
        )

        @Argument(help: "The scenario whose localities to print.")
        var scenario: String?

        @Option(help: "Print this LA's districts (code or name) instead of a scenario's localities.")
        var la: String?

        @Option(
            name: .shortAndLong, help: "Write the CSV here (atomically) instead of standard output. Never the scenario."
        )
        var out: String?

        @OptionGroup var national: NationalDataOptions

        func validate() throws {
            if scenario == nil, la == nil {
                throw ValidationError("give a scenario (its localities) or --la LA (its districts from ONS).")
            }
            if scenario != nil, la != nil { throw ValidationError("give a scenario or --la LA, not both.") }
        }

        func run() throws {
            let target = try OutputTarget.prepare(out, inputs: [scenario].compactMap { $0 } + national.inputPaths)
            if let la { return try target.write(try districtTemplate(la)) }
            let scenario = scenario!, loaded: Scenario
            do { loaded = try ScenarioLoader.load(scenario, national: { try national.load() }) } catch {
                throw fail("\(scenario):\n\(error.description)")
            }
            try target.write(LocalityTable.template(loaded, shownAs: scenario))
        }

        func districtTemplate(_ la: String) throws -> String {
            let data = try national.load()
            let area: Area
            do { area = try data.area(named: la) } catch { throw fail("--la \(la): \(error)") }
            guard area.level == .la else { throw fail("--la \(la): \(area.name) is not an LA; give one of its LAs.") }
            let districts = try data.districts().of(la: area.code)
            guard !districts.isEmpty else {
                throw fail("--la \(la): no districts of \(area.name) in \(Districts.file).")
            }
            return LocalityTable.template(districts: districts, baseYear: data.years.last)
        }
    }

    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check how well plans are shared between districts, out of sample.",
            discussion: """
                No public source counts plans by district, so each unitary LA stands in for a district of its \
                region: its plans are estimated from the region's unitaries' by each way of sharing them (all-age \
                population, population at each age, ages and deprivation fitted across LAs) and compared with its \
                own SEN2 count. Example: hnf localities backtest --format markdown
                """
        )

        @Option(help: "The January of the plans (one with ages in SEN2; default: the latest).")
        var year: Int?

        @OptionGroup var output: OutputOptions<TextAndWorkbook>
        @OptionGroup var national: NationalDataOptions

        func run() throws {
            let target = try output.prepare(inputs: national.inputPaths)
            let data = try national.load()
            let year = year ?? data.years.last!
            let estimate: DistrictEstimate
            do { estimate = try DistrictEstimate(national: data, districts: try data.districts(), year: year) } catch {
                throw fail("cannot check the district estimate on January \(year): \(error)")
            }
            guard estimate.unitaries > 0 else {
                throw fail("--year \(year): no plans by age in SEN2 that January; give one with ages (2024 or 2025).")
            }
            if output.format == .xlsx {
                let provenance: [String: Any] = [
                    "tool": "hnf", "version": HighNeedsVersion.current, "national_data": data.directory.path,
                ]
                try target.writeFile {
                    try estimate.document.writeWorkbook(
                        to: $0, sheet: "Backtest", subject: "hnf localities backtest",
                        provenance: provenance)
                }
            } else {
                try target.write(estimate.render(output.format))
            }
        }
    }
}
