import ArgumentParser
import HighNeeds

struct Ratios: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Placement shares of EHC plans against England.",
        discussion: """
            Counts and shares (%) in the DfE's placement groups, from the SEN2 caseload of the \
            January asked for (2019 to 2025), with the gap in percentage points to England and \
            to the region, and the change since the January before. Example: \
            hnf ratios --la Kent --year 2022
            """
    )

    @Option(name: .long, help: "The area: a 3-digit LA code (886), an LA or region name (any case), or England.")
    var la: String?

    @Option(help: "The January of the SEN2 caseload (2019-2025).")
    var year: Int = 2025

    @Flag(help: "Every LA in the year, one row each.")
    var all = false

    @Option(
        name: .customLong("sort"),
        help:
            "With --all: the group whose gap to England orders the rows (mainstream, special, ap, post16, elsewhere, early_years, unknown)."
    )
    var sortGroup: PlacementGroup = .mainstream

    @Flag(help: "With --all: largest gap first.")
    var descending = false

    @OptionGroup var output: OutputOptions<TextAndWorkbook>
    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        if all == (la != nil) { throw ValidationError("give either --la AREA or --all") }
    }

    func run() throws {
        let target = try output.prepare(inputs: national.inputPaths)
        // National-data problems end the command with status 2 in `HNF.main`.
        let data = try national.load()
        if output.format == .xlsx {
            if all {
                let table = try RatiosTable(year: year, data: data, sortBy: sortGroup, descending: descending)
                try target.writeFile {
                    try RatiosReport.writeWorkbook(table.reports, year: year, document: table.document, to: $0)
                }
            } else {
                let report = try RatiosReport(area: try data.area(named: la!), year: year, data: data)
                try target.writeFile {
                    try RatiosReport.writeWorkbook([report], year: year, document: report.document, to: $0)
                }
            }
        } else if all {
            try target.write(
                RatiosTable(year: year, data: data, sortBy: sortGroup, descending: descending).render(output.format))
        } else {
            let area = try data.area(named: la!)
            try target.write(RatiosReport(area: area, year: year, data: data).render(output.format))
        }
    }
}
