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
/// The baseline does not depend on the levers, so its projection is kept for the last
/// draws and seeds asked for; a what-if compiles its own plan (a few milliseconds for
/// Kent) and runs its draws.
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

    // The projections of the baseline, by draws and seed: guarded by `lock`.
    private let lock = NSLock()
    private var baselines: [(key: BaselineKey, projection: Projection)] = []
    private struct BaselineKey: Equatable {
        var draws: Int, seed: UInt64
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
        levers = ScenarioLevers(scenario.document)
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
        let whatIf = try ScenarioLoader.load(merged, settings: settings, national: load)
        let plan = try Self.compile(whatIf, national)
        // The what-if's own responses, switched off for the mechanical part of the change.
        let compared = !overlays.isEmpty || !settings.isEmpty
        let own = Set(whatIf.responses.map(\.id)).subtracting(baseline.responses.map(\.id))
        let baselineKept = lock.withLock { baselines.contains { $0.key == BaselineKey(draws: draws, seed: seed) } }
        let runs = 1 + (compared && !baselineKept ? 1 : 0) + (compared && !own.isEmpty ? 1 : 0)
        // As `hnf run` refuses a run over the memory budget (before any draw).
        if let refusal = MemoryBudget.machineDefault.refusal(
            draws: draws, bytesPerDraw: runs * Projection.bytesPerDraw(plan),
            fixed: Projection.fixedBytes(plan, threads: threads), what: "this what-if")
        {
            throw Self.refused(refusal, whatIf)
        }
        progress?.expect(draws * runs)
        let projection = Projection(
            plan: plan, draws: draws, seed: seed, threads: threads, profile: profile, progress: progress)
        var comparison: (baseline: Projection, mechanical: Projection?)?
        if compared {
            var mechanical = whatIf
            mechanical.responsesOff = own
            comparison = (
                try baselineProjection(draws: draws, seed: seed, threads: threads, progress: progress),
                own.isEmpty
                    ? nil
                    : Projection(
                        plan: try Self.compile(mechanical, national), draws: draws, seed: seed, threads: threads,
                        progress: progress)
            )
        }
        // Draws a deadline cut short are not a result.
        if progress?.expired == true {
            throw Self.refused("a what-if that did not finish in the time a page may take", whatIf)
        }
        var report = RunReport(projection, national: national)
        if let comparison {
            report.againstBaseline = BaselineComparison(
                reform: projection, baseline: comparison.baseline, mechanical: comparison.mechanical)
        }
        return Outcome(report: report, projection: projection)
    }

    private func baselineProjection(
        draws: Int, seed: UInt64, threads: Int, progress: DrawProgress?
    ) throws(InvalidInput) -> Projection {
        let key = BaselineKey(draws: draws, seed: seed)
        if let kept = lock.withLock({ baselines.first { $0.key == key }?.projection }) { return kept }
        var base = baseline
        base.meta.horizon = scenario.meta.horizon
        let projection = Projection(
            plan: try Self.compile(base, national), draws: draws, seed: seed, threads: threads, progress: progress)
        // A baseline cut short by the deadline is not a baseline: never kept.
        guard progress?.expired != true else { return projection }
        lock.withLock {
            baselines.removeAll { $0.key == key }
            baselines.append((key, projection))
            if baselines.count > Self.keptBaselines { baselines.removeFirst() }
        }
        return projection
    }

    /// A what-if too big to run here, said as the loader says a problem.
    static func refused(_ found: String, _ whatIf: Scenario) -> InvalidInput {
        InvalidInput([
            Diagnostic(
                at: nil, file: whatIf.files.first, keyPath: "", found: found,
                expected: "a change with fewer children or draws (the command line, hnf run, takes --max-memory)")
        ])
    }

    static func compile(_ scenario: Scenario, _ national: NationalData?) throws(InvalidInput) -> ProjectionPlan {
        // A plan's only failures are InvalidInput (a value the history checks refuse).
        do { return try ProjectionPlan(scenario, national: national) } catch let invalid as InvalidInput {
            throw invalid
        } catch {
            throw InvalidInput([
                Diagnostic(
                    at: nil, file: scenario.files.first, keyPath: "", found: "\(error)",
                    expected: "a scenario hnf can project")
            ])
        }
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
