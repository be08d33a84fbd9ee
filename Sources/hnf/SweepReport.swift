import ArgumentParser
import Foundation
import HighNeeds

struct SweepReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Which parameters matter: a tornado table (one-at-a-time designs) or ranked regression and rank-correlation coefficients (grid and sampled designs).",
        discussion: """
            Effects are changes of the metric's mean against each run's base run (same scenario \
            and overlays, no parameter values), averaged over the base scenarios or LAs.
            Example: hnf sweep report kent-levers.db --metric cumulative_balance --financial-year 2028
            """
    )

    @Argument(help: "The sweep database.")
    var db: String

    @Option(help: "The metric: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metric: String

    @Option(help: "The January, for a count (plans, mainstream_share, special_share).")
    var year: Int?

    @Option(
        name: .customLong("financial-year"),
        help: ArgumentHelp(
            "The financial year, for money (in_year_balance, cumulative_balance, spend, income), by the calendar year it starts in (2027 = 2027-28; `2027-28` also reads).",
            valueName: "year"),
        transform: FinancialYearArgument.parse)
    var financialYear: FinancialYearArgument?

    @OptionGroup var output: OutputOptions<TextOnly>

    func run() throws {
        let year = try YearOptions.year(for: metric, year: year, financialYear: financialYear)
        guard FileManager.default.fileExists(atPath: db) else { throw fail("\(db): no such database") }
        let target = try output.prepare(inputs: [db])
        let report: SensitivityReport
        do {
            // Read-only: a report never migrates or changes the database it reads.
            report = try SensitivityReport(
                database: SweepDatabase(path: db, readOnly: true), metric: metric, year: year)
        } catch let problem as SensitivityReport.Problem {
            throw fail("\(db): \(problem.description)")
        } catch {
            if let damage = SweepDatabase.damage(error, path: db) { throw fail(damage.description) }
            throw error
        }
        try target.write(report.render(output.format))
    }
}
