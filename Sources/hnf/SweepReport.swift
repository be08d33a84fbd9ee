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

    @OptionGroup var measured: MetricAndYear

    @OptionGroup var output: OutputOptions<TextAndWorkbook>

    func run() throws {
        let metric = measured.metric, year = try measured.resolvedYear()
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
        if output.format == .xlsx {
            let provenance: [String: Any] = ["tool": "hnf", "version": HighNeedsVersion.current, "database": db]
            try target.writeFile {
                try report.document.writeWorkbook(
                    to: $0, sheet: "Sensitivities", subject: "hnf sweep report",
                    provenance: provenance)
            }
        } else {
            try target.write(report.render(output.format))
        }
    }
}
