import ArgumentParser
import Foundation
import HighNeeds

/// What a command's `--draws` and `--seed` default to, and the fewest draws it accepts.
/// Most commands take both from the scenario (`ScenarioDraws`); `solve` and `backtest`
/// state their own, and their help says so.
protocol DrawDefaults {
    /// The draws when `--draws` is not given; nil: the scenario's `meta.draws`.
    static var draws: Int? { get }
    /// The seed when `--seed` is not given; nil: the scenario's `meta.seed`.
    static var seed: UInt64? { get }
    /// The fewest draws the command can summarise, and why (empty for 1).
    static var minimumDraws: (count: Int, reason: String) { get }
    static var drawsHelp: String { get }
    static var seedHelp: String { get }
}

extension DrawDefaults {
    static var draws: Int? { nil }
    static var seed: UInt64? { nil }
    static var minimumDraws: (count: Int, reason: String) { (1, "") }
    static var drawsHelp: String { "Monte Carlo draws (default: the scenario's meta.draws)." }
    static var seedHelp: String { "Random seed (default: the scenario's meta.seed)." }
}

/// Draws and seed from the scenario: run, explain, report, replay, compare.
enum ScenarioDraws: DrawDefaults {}

/// How a command that projects runs its Monte Carlo draws.
typealias DrawOptions = DrawOptionGroup<ScenarioDraws>

/// `--draws`, `--seed`, `--threads` and `--max-memory`, one option group for every command
/// that runs Monte Carlo draws, with the defaults of `Defaults`.
struct DrawOptionGroup<Defaults: DrawDefaults>: ParsableArguments {
    @Option(help: ArgumentHelp(Defaults.drawsHelp))
    var draws: Int?

    @Option(help: ArgumentHelp(Defaults.seedHelp))
    var seed: UInt64?

    @Option(help: "Worker threads (default: the machine's cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var memory: MemoryOptions

    /// Refuses (bad input, before any draw) `runs` projections of `plan` that would not fit
    /// in the memory budget, naming the largest feasible --draws.
    func checkMemory(_ plan: ProjectionPlan, for scenario: Scenario, runs: Int = 1, what: String = "a run") throws {
        try memory.check(
            draws: draws(for: scenario), bytesPerDraw: runs * Projection.bytesPerDraw(plan),
            fixed: Projection.fixedBytes(plan, threads: threads), what: what)
    }

    func validate() throws {
        let (fewest, reason) = Defaults.minimumDraws
        if let draws, !(fewest...1_000_000).contains(draws) {
            throw ValidationError("--draws must be from \(fewest)\(reason) to 1,000,000, not \(draws).")
        }
        if !(1...Projection.maxThreads).contains(threads) {
            throw ValidationError(
                "--threads must be from 1 to \(Text.thousands(Projection.maxThreads)), not \(threads).")
        }
    }

    /// `--draws`, else the command's default, else the scenario's `meta.draws`.
    func draws(for scenario: Scenario) -> Int { draws ?? Defaults.draws ?? scenario.meta.draws }
    /// `--seed`, else the command's default, else the scenario's `meta.seed`.
    func seed(for scenario: Scenario) -> UInt64 { seed ?? Defaults.seed ?? UInt64(scenario.meta.seed) }

    /// Runs a what-if's draws (`WhatIfRun`), with the draws and seed of its scenario unless
    /// given, showing `label: done/total draws` on a terminal (`Progress.draws`) unless the
    /// caller counts them itself in `progress` (having said how many to expect).
    func run(
        _ whatIf: WhatIfRun, profile: Bool = false, mechanical: Bool = true, label: String,
        progress: DrawProgress? = nil
    ) throws(InvalidInput) -> WhatIfRun.Outcome {
        let count = draws(for: whatIf.scenario), seed = seed(for: whatIf.scenario)
        if let progress {
            return try whatIf.run(
                draws: count, seed: seed, threads: threads, profile: profile, mechanical: mechanical,
                progress: progress)
        }
        return try Progress.draws(label, expecting: count * whatIf.runs(mechanical: mechanical)) {
            (progress) throws(InvalidInput) in
            try whatIf.run(
                draws: count, seed: seed, threads: threads, profile: profile, mechanical: mechanical,
                progress: progress)
        }
    }

    /// Runs `plan`'s draws, with the draws and seed of `scenario` unless given, counted in `progress`.
    func project(_ plan: ProjectionPlan, for scenario: Scenario, progress: DrawProgress? = nil) -> Projection {
        Projection(
            plan: plan, draws: draws(for: scenario), seed: seed(for: scenario), threads: threads, progress: progress)
    }
}

extension DrawOptionGroup where Defaults: FixedDrawDefaults {
    /// For commands with no scenario to default from: `--draws`, else the command's default.
    var drawCount: Int { draws ?? Defaults.fixedDraws }
    /// `--seed`, else the command's default.
    var seedValue: UInt64 { seed ?? Defaults.fixedSeed }
}

/// Defaults for a command that has no scenario to take draws and a seed from.
protocol FixedDrawDefaults: DrawDefaults {
    static var fixedDraws: Int { get }
    static var fixedSeed: UInt64 { get }
}

extension FixedDrawDefaults {
    static var draws: Int? { fixedDraws }
    static var seed: UInt64? { fixedSeed }
}

/// `hnf solve`: 200 draws per evaluation, the scenario's seed.
enum SolveDraws: DrawDefaults {
    static var draws: Int? { 200 }
    static var drawsHelp: String { "Monte Carlo draws per evaluation (default: 200)." }
}

/// `hnf backtest`: 200 draws per LA (at least 10, for p10 and p90) and a fixed seed; the
/// calibrated scenarios have none of their own to give.
enum BacktestDraws: FixedDrawDefaults {
    static var fixedDraws: Int { 200 }
    static var fixedSeed: UInt64 { 20250101 }
    static var minimumDraws: (count: Int, reason: String) { (10, " (for p10 and p90)") }
    static var drawsHelp: String { "Monte Carlo draws per LA (default: 200)." }
    static var seedHelp: String { "Random seed (default: 20250101)." }
}
