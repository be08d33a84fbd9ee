import Foundation
import GRDB
import HighNeeds
import HighNeedsTestSupport
import Testing

/// Sweeps in the library: reading sweep files, designs and seeds, the database (resume,
/// refusal of a changed sweep, shards and merge) and the sensitivity report.
@Suite struct SweepTests {
    static let growth = TestSupport.path("Tests/Fixtures/growth.yaml")

    /// (One string, not a nested multi-line literal, whose indentation a formatter cannot shift.)
    static let defaultParameters =
        "  settings.mainstream.top_up.B1: {values: [500, 2000]}\n  budget.high_needs_block.amount: {values: [0, 2000000]}"

    /// A sweep over the pure-growth fixture (spend = plans × the top-up, exactly).
    static func sweepFile(
        design: String = "{type: grid}", parameters: String? = nil, extra: String = "", draws: Int = 20
    ) -> String {
        TestSupport.temporaryFile(
            "sweep.yaml",
            """
            schema: hnf.sweep.v1
            name: Growth sweep
            scenarios: [\(growth)]
            parameters:
            \(parameters ?? Self.defaultParameters)
            design: \(design)
            draws: \(draws)
            seed: 42
            metrics: [spend, plans, in_year_balance]
            years: [2026, 2027]
            \(extra)
            """)
    }

    static func plan(_ file: String) throws -> SweepPlan {
        let spec = try SweepSpec.read(file)
        return try SweepPlan.make(spec, national: TestSupport.national)
    }

    /// Runs `runs` of a plan into a new database; returns its path.
    static func fill(_ plan: SweepPlan, shard: (index: Int, count: Int)? = nil, threads: Int = 1) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-sweep-\(UUID().uuidString).db")
            .path
        let database = try SweepDatabase(path: path)
        try database.prepare(plan, shard: shard)
        let runner = SweepRunner(plan: plan, national: TestSupport.national, threads: threads)
        for run in plan.runs(shard: shard) { try database.record(run.id, runner.execute(run), seconds: 0) }
        return path
    }

    /// Every figure, in order, as text that shows every bit of each double.
    static func results(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM results ORDER BY run, area, year, measure").map { row in
                row.columnNames.map { name in
                    let value = row[name] as DatabaseValue
                    if case .double(let d) = value.storage { return String(d.bitPattern, radix: 16) }
                    return value.description
                }.joined(separator: "|")
            }
        }
    }

    struct BadSweep: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int
        var keyPath: String
        var found: String
        var testDescription: String { name }
    }

    static let badSweeps: [BadSweep] = [
        BadSweep(
            name: "unknown key",
            text:
                "schema: hnf.sweep.v1\nname: x\nscenarios: [GROWTH]\ndesign: {type: grid}\ndraw: 10\ndraws: 10\nseed: 1\nmetrics: [spend]\nyears: [2026]\n",
            line: 5, keyPath: "draw", found: "unknown key"),
        BadSweep(
            name: "unknown design",
            text:
                "schema: hnf.sweep.v1\nname: x\nscenarios: [GROWTH]\ndesign: {type: latin}\ndraws: 10\nseed: 1\nmetrics: [spend]\nyears: [2026]\n",
            line: 4, keyPath: "design.type", found: "\"latin\""),
        BadSweep(
            name: "a distribution one at a time",
            text:
                "schema: hnf.sweep.v1\nname: x\nscenarios: [GROWTH]\nparameters:\n  settings.mainstream.top_up.B1: {dist: uniform, low: 1, high: 2}\ndesign: {type: one_at_a_time}\ndraws: 10\nseed: 1\nmetrics: [spend]\nyears: [2026]\n",
            line: 5, keyPath: "parameters.settings.mainstream.top_up.B1", found: "a distribution"),
        BadSweep(
            name: "a range going down",
            text:
                "schema: hnf.sweep.v1\nname: x\nscenarios: [GROWTH]\nparameters:\n  settings.mainstream.top_up.B1:\n    range: {from: 5, to: 1, step: 1}\ndesign: {type: grid}\ndraws: 10\nseed: 1\nmetrics: [spend]\nyears: [2026]\n",
            line: 6, keyPath: "parameters.settings.mainstream.top_up.B1", found: "a mapping"),
        BadSweep(
            name: "a metric hnf does not know",
            text:
                "schema: hnf.sweep.v1\nname: x\nscenarios: [GROWTH]\ndesign: {type: grid}\ndraws: 10\nseed: 1\nmetrics: [spend, happiness]\nyears: [2026]\n",
            line: 7, keyPath: "metrics[1]", found: "\"happiness\""),
        BadSweep(
            name: "las without calibrate",
            text:
                "schema: hnf.sweep.v1\nname: x\nlas: all\ndesign: {type: grid}\ndraws: 10\nseed: 1\nmetrics: [spend]\nyears: [2026]\n",
            line: 3, keyPath: "calibrate", found: "no `calibrate`"),
        BadSweep(
            name: "a scenario that is not there",
            text:
                "schema: hnf.sweep.v1\nname: x\nscenarios: [nowhere.yaml]\ndesign: {type: grid}\ndraws: 10\nseed: 1\nmetrics: [spend]\nyears: [2026]\n",
            line: 3, keyPath: "", found: "no such file"),
    ]

    /// A bad sweep file is refused with the file, line, key path and what was found.
    @Test(arguments: badSweeps)
    func badSweepFilesAreLocated(_ bad: BadSweep) throws {
        let file = TestSupport.temporaryFile("bad.yaml", bad.text.replacingOccurrences(of: "GROWTH", with: Self.growth))
        let invalid = try #require(throws: InvalidInput.self, "accepted") { try SweepSpec.read(file) }
        let hit = invalid.diagnostics.first { $0.keyPath == bad.keyPath && $0.found.contains(bad.found) }
        #expect(hit?.location?.line == bad.line, "\(invalid.description)")
        #expect(hit?.location?.file == file)
    }

    /// A parameter the scenario does not have, or a year it does not project, is named at
    /// its line of the sweep file before anything runs.
    @Test func parametersAndYearsAreCheckedAgainstTheScenario() throws {
        let file = Self.sweepFile(parameters: "  settings.mainstream.top_up.B9: {values: [1]}", extra: "")
        let plan = try Self.plan(file)
        let problems = SweepRunner(plan: plan, national: TestSupport.national, threads: 1).check()
        #expect(
            problems.contains { $0.keyPath == "parameters.settings.mainstream.top_up.B9" && $0.location?.line == 5 },
            "\(problems)")
        let late = TestSupport.temporaryFile(
            "late.yaml",
            try String(contentsOfFile: Self.sweepFile(), encoding: .utf8).replacingOccurrences(
                of: "years: [2026, 2027]", with: "years: [2026, 2035]"))
        let lateProblems = SweepRunner(plan: try Self.plan(late), national: TestSupport.national, threads: 1).check()
        #expect(lateProblems.contains { $0.keyPath == "years" && $0.found.contains("2035") })
    }

    struct DesignCase: Sendable, CustomTestStringConvertible {
        var design: String
        var runs: Int
        var testDescription: String { design }
    }

    /// Grid: every combination; one at a time: each value alone; Sobol: the samples; each
    /// after the base run.
    @Test(arguments: [
        DesignCase(design: "{type: grid}", runs: 1 + 2 * 2),
        DesignCase(design: "{type: one_at_a_time}", runs: 1 + 2 + 2),
        DesignCase(design: "{type: sobol, samples: 16}", runs: 1 + 16),
    ])
    func designsEnumerateTheirRuns(_ c: DesignCase) throws {
        let plan = try Self.plan(Self.sweepFile(design: c.design))
        #expect(plan.runs.count == c.runs)
        #expect(plan.runs.map(\.id) == Array(1...c.runs))
        #expect(plan.runs[0].assignments.isEmpty && plan.runs.allSatisfy { $0.baseRun == 1 })
        #expect(Set(plan.runs.map(\.identity)).count == c.runs, "each run is told apart")
        // Same file, same runs and seeds.
        let again = try Self.plan(Self.sweepFile(design: c.design))
        #expect(
            again.runs.map(\.seed) == plan.runs.map(\.seed) && again.runs.map(\.command) == plan.runs.map(\.command))
    }

    /// Common seeds: every run of one base shares the base run's seed; independent: each
    /// its own. Both fit in 53 bits and follow from the sweep's seed.
    @Test func seedsComeFromTheSweepSeedAndTheRun() throws {
        let common = try Self.plan(Self.sweepFile())
        #expect(Set(common.runs.map(\.seed)).count == 1)
        let independent = try Self.plan(Self.sweepFile(extra: "seeds: independent"))
        #expect(Set(independent.runs.map(\.seed)).count == independent.runs.count)
        #expect(independent.runs.allSatisfy { $0.seed < 1 << 53 })
        let otherSeed = try Self.plan(
            TestSupport.temporaryFile(
                "s.yaml",
                try String(contentsOfFile: Self.sweepFile(), encoding: .utf8).replacingOccurrences(
                    of: "seed: 42", with: "seed: 43")))
        #expect(otherSeed.runs[0].seed != common.runs[0].seed)
        #expect(
            common.runs[1].command.contains("--set settings.mainstream.top_up.B1=500.0")
                && common.runs[1].command.contains("--seed \(common.runs[1].seed)"))
    }

    /// GSL's Sobol points fill the square evenly (far more evenly than random points): 64
    /// points put 16 ± 1 in each quarter, and the sequence is the same every time.
    @Test func sobolPointsFillTheSquare() throws {
        let points = SobolSequence.points(64, dimension: 2)
        #expect(points.count == 64 && points.allSatisfy { $0.allSatisfy { $0 > 0 && $0 < 1 } })
        for (x, y) in [(0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (0.5, 0.5)] {
            let n = points.filter { $0[0] >= x && $0[0] < x + 0.5 && $0[1] >= y && $0[1] < y + 0.5 }.count
            #expect(abs(n - 16) <= 1, "quarter at \(x), \(y): \(n)")
        }
        #expect(SobolSequence.points(64, dimension: 2) == points)
        #expect(SobolSequence(dimension: 41) == nil)
    }

    /// Shards split the runs between them, each exactly once, and merged give the very
    /// same figures as one process, bit for bit.
    @Test func shardsMergedEqualOneProcess() throws {
        let plan = try Self.plan(Self.sweepFile(design: "{type: grid}"))
        let whole = try Self.fill(plan, threads: 2)
        let shards = try (1...3).map { try Self.fill(plan, shard: ($0, 3)) }
        #expect((1...3).flatMap { plan.runs(shard: ($0, 3)).map(\.id) }.sorted() == plan.runs.map(\.id))
        let merged = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-merged-\(UUID().uuidString).db")
            .path
        let summary = try SweepDatabase.merge(into: merged, shards: shards)
        #expect(summary.runs == plan.runs.count && summary.done == plan.runs.count)
        #expect(try Self.results(merged) == Self.results(whole))
        #expect(try SweepDatabase(path: merged, readOnly: true).info()["shard"] == "all")
        // Merging again (a re-run merge job) changes nothing.
        _ = try SweepDatabase.merge(into: merged, shards: shards)
        #expect(try Self.results(merged) == Self.results(whole))
    }

    /// A shard of another sweep is refused, and nothing is written.
    @Test func mergeRefusesAnotherSweep() throws {
        let a = try Self.fill(try Self.plan(Self.sweepFile()), shard: (1, 2))
        let b = try Self.fill(try Self.plan(Self.sweepFile(draws: 21)), shard: (2, 2))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-merged-\(UUID().uuidString).db")
            .path
        #expect(throws: SweepDatabase.MergeProblem.self) { try SweepDatabase.merge(into: out, shards: [a, b]) }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A database started by one sweep file refuses a changed one (or a changed scenario),
    /// and another shard of the same sweep.
    @Test func changedSweepIsRefused() throws {
        let scenario = TestSupport.temporaryFile(
            "growth.yaml", try String(contentsOfFile: Self.growth, encoding: .utf8))
        let text = try String(contentsOfFile: Self.sweepFile(), encoding: .utf8).replacingOccurrences(
            of: Self.growth, with: scenario)
        let file = TestSupport.temporaryFile("sweep.yaml", text)
        let database = try SweepDatabase(path: try Self.fill(try Self.plan(file), shard: (1, 2)))
        try database.prepare(try Self.plan(file), shard: (1, 2))  // the same sweep resumes
        try Data(text.replacingOccurrences(of: "draws: 20", with: "draws: 30").utf8).write(
            to: URL(fileURLWithPath: file))
        #expect(throws: SweepDatabase.Mismatch.self) { try database.prepare(try Self.plan(file), shard: (1, 2)) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try Data((try String(contentsOfFile: scenario, encoding: .utf8) + "\n# edited\n").utf8).write(
            to: URL(fileURLWithPath: scenario))
        #expect(throws: SweepDatabase.Mismatch.self) { try database.prepare(try Self.plan(file), shard: (1, 2)) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: scenario))  // (content irrelevant now)
        #expect(throws: SweepDatabase.Mismatch.self) { try database.prepare(try Self.plan(file), shard: (2, 2)) }
    }

    /// One at a time on the growth fixture, where spend is plans × the top-up: the top-up
    /// moves spend by exactly (value / 1,000 − 1) × the base's spend and comes first; the
    /// block moves the balance but not spend.
    @Test func tornadoRanksTheLevers() throws {
        let path = try Self.fill(try Self.plan(Self.sweepFile(design: "{type: one_at_a_time}")))
        let report = try SensitivityReport(
            database: SweepDatabase(path: path, readOnly: true), metric: "spend", year: 2026)
        #expect(report.bars.map(\.parameter) == ["settings.mainstream.top_up.B1", "budget.high_needs_block.amount"])
        let topUp = report.bars[0]
        #expect(abs(topUp.lowEffect - (-0.5 * report.baseMean)) < 1e-6 * report.baseMean)
        #expect(abs(topUp.highEffect - report.baseMean) < 1e-6 * report.baseMean)
        #expect(report.bars[1].swing == 0)
        for format in OutputFormat.allCases { #expect(report.render(format).contains("settings.mainstream.top_up.B1")) }
        let balance = try SensitivityReport(
            database: SweepDatabase(path: path, readOnly: true), metric: "in_year_balance", year: 2026)
        #expect(balance.bars[0].parameter == "budget.high_needs_block.amount")
    }

    /// A Sobol sample over the top-up (which drives spend) and the block (which does not):
    /// the top-up's standardised coefficient and rank correlation are near 1, the block's near 0.
    @Test func regressionRanksSampledParameters() throws {
        let parameters = """
              settings.mainstream.top_up.B1: {dist: uniform, low: 500, high: 2000}
              budget.high_needs_block.amount: {range: {from: 0, to: 2000000}}
            """
        let path = try Self.fill(
            try Self.plan(Self.sweepFile(design: "{type: sobol, samples: 24}", parameters: parameters)))
        let report = try SensitivityReport(
            database: SweepDatabase(path: path, readOnly: true), metric: "spend", year: 2027)
        #expect(
            report.coefficients.map(\.parameter) == ["settings.mainstream.top_up.B1", "budget.high_needs_block.amount"])
        #expect(report.coefficients[0].standardised > 0.99 && report.coefficients[0].spearman > 0.99)
        #expect(abs(report.coefficients[1].standardised) < 0.05)
        #expect((report.rSquared ?? 0) > 0.99)
    }

    /// `--set` values go through the same overlay machinery as files; a key that is not
    /// there is an error naming it.
    @Test func setOptionsOverlayTheScenario() throws {
        let scenario = try ScenarioLoader.load(
            Self.growth, settings: ["settings.mainstream.top_up.B1=2500", "meta.draws=3"],
            national: { TestSupport.national })
        #expect(scenario.meta.draws == 3)
        let invalid = try #require(throws: InvalidInput.self, "accepted a key that is not there") {
            try ScenarioLoader.load(
                Self.growth, settings: ["settings.mainstream.top_up.B7=1"], national: { TestSupport.national })
        }
        #expect(invalid.description.contains("settings.mainstream.top_up.B7"))
        #expect(throws: InvalidInput.self) {
            try ScenarioLoader.load(Self.growth, settings: ["no-equals"], national: { TestSupport.national })
        }
    }

    /// `las:` runs each LA's calibrated scenario. An LA with a gap in its history (Hackney:
    /// no plans by placement in January 2024) runs too, on what calibration estimated, and
    /// its run records the estimate beside the money's fallbacks.
    @Test func lasRunEveryLAMarkingWhatIsEstimated() throws {
        let file = TestSupport.temporaryFile(
            "las.yaml",
            """
            schema: hnf.sweep.v1
            name: Two LAs
            las: [Hackney, 887]
            calibrate: {from: 2019, to: 2025, horizon: 1}
            parameters:
              settings.mainstream.top_up.B1: {values: [9800]}
            design: {type: grid}
            draws: 5
            seed: 1
            metrics: [spend]
            years: [2025]
            """)
        let plan = try Self.plan(file)
        #expect(plan.runs.map(\.scenario) == ["la:204", "la:204", "la:887", "la:887"])
        #expect(
            plan.runs[1].command.hasPrefix(
                "hnf calibrate --la 204 --from 2019 --to 2025 --horizon 1 --out calibrated-204.yaml && hnf run calibrated-204.yaml"
            ))
        let runner = SweepRunner(plan: plan, national: TestSupport.national, threads: 2)
        guard case .done(let hackney, let fallbacks) = runner.execute(plan.runs[0]) else {
            Issue.record("Hackney did not run"); return
        }
        #expect(hackney.map(\.area) == ["204"] && hackney[0].stats.mean > 0)
        #expect(
            fallbacks.contains {
                $0.hasPrefix("estimated: January caseload by placement 2024: SEN2 gives the total only")
            }, "\(fallbacks)")
        guard case .done(let results, _) = runner.execute(plan.runs[3]) else {
            Issue.record("Medway did not run"); return
        }
        #expect(results.map(\.area) == ["887"] && results[0].stats.mean > 0)
    }

    /// A grid of one value against the base (the every-LA sweep's shape): the report gives
    /// the average change at that value, exactly (value / 1,000 − 1) × spend here.
    @Test func oneVariantReportsItsAverageChange() throws {
        let path = try Self.fill(
            try Self.plan(Self.sweepFile(parameters: "  settings.mainstream.top_up.B1: {values: [1500]}")))
        let report = try SensitivityReport(
            database: SweepDatabase(path: path, readOnly: true), metric: "spend", year: 2026)
        #expect(report.coefficients.isEmpty && report.constants.count == 1)
        #expect(abs(report.constants[0].meanChange - 0.5 * report.baseMean) < 1e-6 * report.baseMean)
        #expect(report.render(.table).contains("settings.mainstream.top_up.B1 = £1,500 in every run: +£"))
    }

    /// Overlay sets multiply the runs; each set's runs are measured against that set's own
    /// base run, and the stored command names the overlay.
    @Test func overlaySetsHaveTheirOwnBase() throws {
        let overlay = TestSupport.temporaryFile(
            "dearer.yaml", "overlay: hnf.overlay.v1\nname: Dearer\nset:\n  settings.mainstream.top_up.B1: 3000\n")
        let file = Self.sweepFile(
            design: "{type: one_at_a_time}", parameters: "  budget.high_needs_block.amount: {values: [0, 2000000]}",
            extra: "overlay_sets: [[], [\(overlay)]]")
        let plan = try Self.plan(file)
        #expect(plan.runs.count == 2 * 3)
        #expect(plan.runs.map(\.baseRun) == [1, 1, 1, 4, 4, 4])
        #expect(plan.runs[4].command.contains(overlay) && !plan.runs[1].command.contains(overlay))
        let path = try Self.fill(plan)
        let spend = try DatabaseQueue(path: path).read { db in
            try Double.fetchAll(
                db,
                sql: "SELECT mean FROM results WHERE measure = 'spend' AND year = 2026 AND run IN (1, 4) ORDER BY run")
        }
        #expect(abs(spend[1] - 3 * spend[0]) < 1e-6 * spend[1], "the overlay's top-up triples spend")
    }
}
