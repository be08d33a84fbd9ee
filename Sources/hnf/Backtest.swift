import ArgumentParser
import Foundation
import HighNeeds

struct Backtest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Project from past SEN2 and score against actuals.",
        discussion: "Example: hnf backtest --from 2019 --to 2022 --predict 2025 --all"
    )

    @Option(help: "First January of the history used for calibration.")
    var from: Int = 2019

    @Option(help: "Last January used for calibration: the projection starts here.")
    var to: Int = 2022

    @Option(help: "The January to predict and compare with.")
    var predict: Int = 2025

    @Option(help: "One LA (code or name).")
    var la: String?

    @Flag(help: "Every LA with complete history.")
    var all = false

    @Flag(
        help:
            "Backtest the money instead: calibrate on SEN2 January 2019-2020 and the balance at 31 March 2020, and score the cumulative DSG balance at 31 March 2022 against the published one (--from, --to and --predict do not apply)."
    )
    var money = false

    @OptionGroup var projection: DrawOptionGroup<BacktestDraws>

    @OptionGroup var output: OutputOptions<TextAndWorkbook>
    @OptionGroup var national: NationalDataOptions

    func validate() throws {
        if (la == nil) == !all { throw ValidationError("Give --la CODE or --all.") }
        if !(from < to && to < predict) {
            throw ValidationError("Expected --from < --to < --predict, got \(from), \(to), \(predict).")
        }
    }

    func run() throws {
        let target = try output.prepare(inputs: national.inputPaths)
        let draws = projection.drawCount, seed = projection.seedValue, threads = projection.threads
        try projection.memory.check(
            draws: draws, bytesPerDraw: Projection.bytesPerDraw(calibratedYears: predict - to), fixed: 0,
            what: "a backtest")
        let data = try national.load()
        let tables = try Calibration.Tables(data)
        if money { return try runMoney(data: data, tables: tables, target: target) }
        let areas: [Area]
        if let la {
            do { areas = [try data.area(named: la)] } catch { throw fail("--la \(la): \(error)") }
        } else {
            areas = data.areas(in: predict).filter { $0.level == .la }
        }
        let prior: Calibration.Prior
        do { prior = try Calibration.Prior(from: from, to: to, tables: tables) } catch {
            throw fail("cannot calibrate on \(from)-\(to): \(error)")
        }
        var results: [HighNeeds.Backtest.Result] = []
        var skipped: [(Area, String)] = []
        Progress.steps("backtest") { step in
            for (i, area) in areas.enumerated() {
                if areas.count > 1 { step(i + 1, areas.count, area.name) }
                do {
                    results.append(
                        try HighNeeds.Backtest.run(
                            area, from: from, to: to, predict: predict, draws: draws, seed: seed, threads: threads,
                            tables: tables, prior: prior))
                } catch {
                    skipped.append((area, "\(error)"))
                }
            }
        }
        if la != nil, let (area, error) = skipped.first {
            throw fail("cannot backtest \(area.name): \(error)\(data.replacedBy(area))")
        }
        guard !results.isEmpty else {
            let why =
                skipped.isEmpty
                ? "the shipped SEN2 data has no LA figures for January \(predict)"
                : skipped.prefix(3).map { "\($0.0.name): \($0.1)" }.joined(separator: "; ")
                    + (skipped.count > 3 ? "; and \(skipped.count - 3) more" : "")
            throw fail("--predict \(predict): no LA could be backtested from \(from)-\(to): \(why).")
        }
        let summary = BacktestSummary(
            from: from, to: to, predict: predict, draws: draws, seed: seed, results: results,
            skipped: skipped.map { (area: $0.0, reason: $0.1) })
        if la != nil, output.format == .json {
            try target.write(
                JSONOutput.encode(results[0].json.merging(["report": summary.document.jsonObject]) { a, _ in a }))
            return
        }
        if output.format == .xlsx {
            try target.writeFile { try summary.writeWorkbook(to: $0) }
        } else {
            try target.write(summary.render(output.format))
        }
    }

    func runMoney(data: NationalData, tables: Calibration.Tables, target: OutputTarget) throws {
        let draws = projection.drawCount, seed = projection.seedValue, threads = projection.threads
        // A damaged or missing table is refused at its line (InvalidInput, exit 2).
        let finance = try HighNeedsFinance(data)
        let areas: [Area]
        if let la {
            do { areas = [try data.area(named: la)] } catch { throw fail("--la \(la): \(error)") }
        } else {
            areas = data.areas(in: MoneyBacktest.to).filter { $0.level == .la }
        }
        let prior = try? Calibration.Prior(from: MoneyBacktest.from, to: MoneyBacktest.to, tables: tables)
        var results: [MoneyBacktest.Result] = [], skipped: [(Area, String)] = []
        // Progress on standard error when it is a terminal (each LA calibrates and runs).
        Progress.steps("money backtest") { step in
            for (i, area) in areas.enumerated() {
                if areas.count > 1 { step(i + 1, areas.count, area.name) }
                do {
                    results.append(
                        try MoneyBacktest.run(
                            area, draws: draws, seed: seed, threads: threads, tables: tables, finance: finance,
                            prior: prior))
                } catch {
                    skipped.append((area, "\(error)"))
                }
            }
        }
        if la != nil, let (area, error) = skipped.first {
            throw fail("cannot backtest the money of \(area.name): \(error)\(data.replacedBy(area))")
        }
        guard !results.isEmpty else { throw fail("no LA's money could be backtested") }
        let scorecard = MoneyBacktest.Scorecard(results)
        if output.format == .xlsx {
            let provenance: [String: Any] = [
                "tool": "hnf", "version": HighNeedsVersion.current, "draws": draws, "seed": seed,
            ]
            try target.writeFile {
                try scorecard.writeWorkbook(results, skipped: skipped, to: $0, provenance: provenance)
            }
        } else {
            try target.write(scorecard.render(results, skipped: skipped, format: output.format))
        }
    }
}
