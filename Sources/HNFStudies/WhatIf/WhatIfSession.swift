import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// A scenario held open for what-ifs (`hnf serve`): read, loaded and checked once (a file
/// edited while it is open changes nothing until it is opened again), its levers
/// listed, and each what-if (`--set` values on top of the scenario and its overlays) run
/// as `hnf run` runs it — the same loader checks, the same draws and seed, the baseline
/// (the scenario without overlays or values) beside it and, when the what-if has
/// behavioural responses, itself without them for the mechanical part of the change.
///
/// Each what-if is a `WhatIfRun`, as `hnf run`'s is. The baseline does not depend on the
/// levers, so its projection is kept for the last draws and seeds asked for; a what-if
/// compiles its own plan (a few milliseconds for Kent) and runs its draws.
public final class WhatIfSession: @unchecked Sendable {
    public let scenarioPath: String
    public let overlays: [String]
    /// The scenario with its overlays, before any lever is changed.
    public let scenario: Scenario
    public let levers: ScenarioLevers
    public let national: NationalData?
    /// The files' ASSUMPTION register, read once (every report of a what-if carries it).
    public let assumptions: AssumptionRegister?
    private let baseline: Scenario
    /// The files as read when the session opened: every what-if starts from them.
    private let merged: ScenarioLoader.Merged

    // The projections of the baseline, by draws, seed and horizon (a what-if that sets
    // `meta.horizon` runs its baseline as far): guarded by `lock`.
    private let lock = NSLock()
    private var baselines: [(key: BaselineKey, projection: Projection)] = []
    private struct BaselineKey: Equatable {
        var draws: Int, seed: UInt64, horizon: Int
    }
    /// Kept baselines (each a few MB for Kent at 200 draws).
    static let keptBaselines = 2

    public init(scenario path: String, overlays: [String], national: NationalData?) throws(InvalidInput) {
        scenarioPath = path
        self.overlays = overlays
        self.national = national
        let load = Self.loader(national)
        merged = try ScenarioLoader.merge(path, overlays: overlays)
        scenario = try ScenarioLoader.load(merged, national: load)
        baseline = try ScenarioLoader.load(try ScenarioLoader.merge(path), national: load)
        levers = ScenarioLevers(scenario.document, texts: scenario.sourceTexts)
        assumptions = try? AssumptionRegister(files: scenario.files)
    }

    /// A what-if's report, and its projection (for one locality's money line by line).
    public struct Outcome: Sendable {
        public var report: RunReport
        public var projection: Projection
    }

    /// The financial years a what-if projects, by the year each starts (the January after
    /// each is costed in it).
    public var financialYears: [Int] {
        let base = scenario.meta.baseYear
        return Array(base..<(base + scenario.meta.horizon))
    }

    /// One what-if: `settings` are `KEY.PATH=VALUE` as `--set` takes them; `profile` keeps
    /// the plans by age group and need the workbook's DSG management plan sheet needs.
    /// Throws the loader's problems (each located and explained) for a value it refuses.
    public func run(
        settings: [String], draws: Int, seed: UInt64, threads: Int, profile: Bool = false,
        progress: DrawProgress? = nil
    ) throws(InvalidInput) -> Outcome {
        let load = Self.loader(national)
        let compared = !overlays.isEmpty || !settings.isEmpty
        let whatIf = try WhatIfRun(
            try ScenarioLoader.load(merged, settings: settings, national: load), baseline: compared ? baseline : nil,
            national: national)
        let key = BaselineKey(draws: draws, seed: seed, horizon: whatIf.scenario.meta.horizon)
        var kept = compared ? lock.withLock { baselines.first { $0.key == key }?.projection } : nil
        let runs = whatIf.runs(baselineKept: kept != nil)
        // As `hnf run` refuses a run over the memory budget (before any draw).
        if let refusal = MemoryBudget.machineDefault.refusal(
            draws: draws, bytesPerDraw: runs * Projection.bytesPerDraw(whatIf.plan),
            fixed: Projection.fixedBytes(whatIf.plan, threads: threads), what: "this what-if")
        {
            throw Self.refused(refusal, whatIf.scenario)
        }
        progress?.expect(draws * runs)
        // The baseline first, kept once it finishes: when the deadline cuts the what-if
        // short, the next one has only its own draws to run.
        if compared && kept == nil {
            kept = try whatIf.runBaseline(draws: draws, seed: seed, threads: threads, progress: progress)
            if let finished = kept, finished.completedDraws == draws { keep(finished, as: key) }
        }
        let outcome = try whatIf.run(
            draws: draws, seed: seed, threads: threads, profile: profile, progress: progress, keptBaseline: kept)
        // Draws a deadline cut short are not a result.
        if progress?.expired == true {
            throw Self.refused("a what-if that did not finish in the time a page may take", whatIf.scenario)
        }
        return Outcome(report: outcome.report(national: national), projection: outcome.projection)
    }

    /// Keeps the baseline's projection for the next what-if with the same draws and seed.
    private func keep(_ projection: Projection, as key: BaselineKey) {
        lock.withLock {
            baselines.removeAll { $0.key == key }
            baselines.append((key, projection))
            if baselines.count > Self.keptBaselines { baselines.removeFirst() }
        }
    }

    /// A what-if too big to run here, said as the loader says a problem.
    static func refused(_ found: String, _ whatIf: Scenario) -> InvalidInput {
        InvalidInput([
            Diagnostic(
                at: nil, file: whatIf.files.first, keyPath: "", found: found,
                expected: "a change with fewer children or draws (the command line, hnf run, takes --max-memory)")
        ])
    }

    /// The national data as the loader asks for it: an error naming what is missing when
    /// a scenario needs it and none was found.
    static func loader(_ national: NationalData?) -> () throws -> NationalData {
        {
            guard let national else {
                throw NationalDataError.notFound("the scenario needs DfE's national data and none was found")
            }
            return national
        }
    }
}
