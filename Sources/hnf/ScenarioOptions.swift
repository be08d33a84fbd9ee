import ArgumentParser
import Foundation
import HighNeeds

/// A scenario and its what-if overlays, as every scenario command takes them.
struct ScenarioArguments: ParsableArguments {
    @Argument(help: "The scenario YAML file.")
    var scenario: String

    @Argument(help: "What-if overlays applied on top, in order.")
    var overlays: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp("Set one value after the overlays, by key path (repeatable); VALUE is YAML.", valueName: "KEY.PATH=VALUE"))
    var settings: [String] = []

    /// The scenario and overlay files, inputs no output may overwrite.
    var files: [String] { [scenario] + overlays }

    /// Overlays or `--set` values: what the baseline leaves out.
    var hasWhatIfs: Bool { !overlays.isEmpty || !settings.isEmpty }

    /// Loads and validates (without the overlays when `baseline`); on invalid input prints
    /// every problem and exits with status 2.
    func load(_ national: NationalDataOptions, baseline: Bool = false) throws -> Scenario {
        do throws(InvalidInput) {
            return try ScenarioLoader.load(scenario, overlays: baseline ? [] : overlays, settings: baseline ? [] : settings, national: { try national.load() })
        } catch {
            let count = error.diagnostics.count
            throw fail(error.summary() + "\n\(count) problem\(count == 1 ? "" : "s") found; nothing was run.")
        }
    }
}

/// How a command that projects runs its Monte Carlo draws.
struct DrawOptions: ParsableArguments {
    @Option(help: "Monte Carlo draws (default: the scenario's meta.draws).")
    var draws: Int?

    @Option(help: "Random seed (default: the scenario's meta.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads (default: the machine's cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var memory: MemoryOptions

    /// Refuses (bad input, before any draw) `runs` projections of `plan` that would not fit
    /// in the memory budget, naming the largest feasible --draws.
    func checkMemory(_ plan: ProjectionPlan, for scenario: Scenario, runs: Int = 1) throws {
        try memory.check(draws: draws(for: scenario), bytesPerDraw: runs * Projection.bytesPerDraw(plan),
                         fixed: Projection.fixedBytes(plan, threads: threads), what: "a run")
    }

    func validate() throws {
        if let draws, !(1...1_000_000).contains(draws) { throw ValidationError("--draws must be from 1 to 1,000,000, not \(draws).") }
        if threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads).") }
    }

    func draws(for scenario: Scenario) -> Int { draws ?? scenario.meta.draws }
    func seed(for scenario: Scenario) -> UInt64 { seed ?? UInt64(scenario.meta.seed) }

    /// Runs `plan`'s draws, with the draws and seed of `scenario` unless given.
    func project(_ plan: ProjectionPlan, for scenario: Scenario) -> Projection {
        Projection(plan: plan, draws: draws(for: scenario), seed: seed(for: scenario), threads: threads)
    }
}
