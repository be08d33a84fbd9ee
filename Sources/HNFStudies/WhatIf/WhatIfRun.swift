import HNFCore
import HNFEngine
import HNFScenario

/// One what-if as every command runs it (`hnf run`, `hnf report`, `hnf serve`): the
/// scenario's projection and, when it changes a baseline, the baseline with the same draws
/// and seed and the change's mechanical part (the scenario with its own behavioural
/// responses switched off), all paired draw by draw (common random numbers).
///
/// The scenario is compiled first, so a command can check the memory its runs need
/// (`runs`) before any draw; the baseline and the mechanical run compile when they run.
public struct WhatIfRun: Sendable {
    public let scenario: Scenario
    public let plan: ProjectionPlan
    public let national: NationalData?
    /// The scenario without the change, with the scenario's horizon; nil when nothing is compared.
    public let baseline: Scenario?
    /// The change's own responses (in the scenario, not in the baseline).
    public let ownResponses: Set<String>

    /// `baseline`: the scenario without its overlays and settings, or nil to run the scenario alone.
    public init(_ scenario: Scenario, baseline: Scenario?, national: NationalData?) throws(InvalidInput) {
        self.scenario = scenario
        self.national = national
        plan = try Self.compile(scenario, national)
        self.baseline = baseline.map {
            var matched = $0
            matched.meta.horizon = scenario.meta.horizon
            return matched
        }
        ownResponses = baseline.map { Set(scenario.responses.map(\.id)).subtracting($0.responses.map(\.id)) } ?? []
    }

    /// A run of `scenario` alone (nothing compared) on a plan the caller compiled, whose
    /// own errors it reports as it will (`hnf solve`'s evaluations, a sweep's runs).
    public init(_ scenario: Scenario, plan: ProjectionPlan, national: NationalData?) {
        (self.scenario, self.plan, self.national) = (scenario, plan, national)
        baseline = nil
        ownResponses = []
    }

    /// The projections `run` makes with these arguments: the scenario's, the baseline's
    /// (unless one is kept), the mechanical run's (when the change has responses of its own).
    public func runs(mechanical: Bool = true, baselineKept: Bool = false) -> Int {
        guard baseline != nil else { return 1 }
        return 1 + (baselineKept ? 0 : 1) + (mechanical && !ownResponses.isEmpty ? 1 : 0)
    }

    /// What a what-if ran: its projection and, when compared, the baseline's and the mechanical run's.
    public struct Outcome: Sendable {
        public var projection: Projection
        public var baseline: Projection?
        public var mechanical: Projection?

        /// The change against the baseline, draw by draw (nil when nothing was compared).
        public var comparison: BaselineComparison? {
            baseline.flatMap { BaselineComparison(reform: projection, baseline: $0, mechanical: mechanical) }
        }

        /// `hnf run`'s report, with the change against the baseline when there is one.
        public func report(national: NationalData?, closeBy: Int? = nil) -> RunReport {
            var report = RunReport(projection, national: national, closeBy: closeBy)
            report.againstBaseline = comparison
            return report
        }
    }

    /// Runs the draws, the baseline's first (so a caller whose deadline cuts the what-if
    /// short still has a finished baseline to keep). `profile` keeps the plans by age group
    /// and need (the workbook's DSG management plan sheet); `mechanical` runs the change
    /// without its own responses; `keptBaseline` is the baseline's projection with the same
    /// draws and seed, when a caller already has it (`hnf serve` keeps it between what-ifs).
    public func run(
        draws: Int, seed: UInt64, threads: Int, profile: Bool = false, mechanical: Bool = true,
        progress: DrawProgress? = nil, keptBaseline: Projection? = nil
    ) throws(InvalidInput) -> Outcome {
        let baseline: Projection?
        if let keptBaseline {
            baseline = keptBaseline
        } else {
            baseline = try runBaseline(draws: draws, seed: seed, threads: threads, progress: progress)
        }
        var outcome = Outcome(
            projection: Projection(
                plan: plan, draws: draws, seed: seed, threads: threads, profile: profile, progress: progress),
            baseline: baseline)
        if baseline != nil && mechanical && !ownResponses.isEmpty {
            var withoutResponses = scenario
            withoutResponses.responsesOff = ownResponses
            outcome.mechanical = Projection(
                plan: try Self.compile(withoutResponses, national), draws: draws, seed: seed, threads: threads,
                progress: progress)
        }
        return outcome
    }

    /// The baseline's projection with these draws and seed (nil when nothing is compared).
    public func runBaseline(
        draws: Int, seed: UInt64, threads: Int, progress: DrawProgress? = nil
    ) throws(InvalidInput) -> Projection? {
        guard let baseline else { return nil }
        return Projection(
            plan: try Self.compile(baseline, national), draws: draws, seed: seed, threads: threads, progress: progress)
    }

    /// The plan of `scenario`: its only failures are the history checks' `InvalidInput`.
    static func compile(_ scenario: Scenario, _ national: NationalData?) throws(InvalidInput) -> ProjectionPlan {
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
}
