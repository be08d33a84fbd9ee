import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// One figure a run keeps: a metric in a year for an area, across the run's draws.
public struct SweepResult: Sendable, Equatable {
    public var area: String
    public var year: Int
    public var measure: String
    public var stats: Stats
}

/// How a run ended.
public enum SweepOutcome: Sendable {
    /// Its figures, and the stand-ins its money used (the scenario's `budget.fallbacks`).
    case done([SweepResult], fallbacks: [String] = [])
    /// The run's scenario is invalid with its values, or a projection failed: recorded with
    /// its error, and run again when the sweep is (a failure may not recur: memory, a fix).
    case failed(String)
    /// The run cannot start (an LA without the history to calibrate): recorded, not retried.
    case skipped(String)
}

/// Runs a sweep's runs in this process. National data, scenario files and calibrated LA
/// scenarios are read once and kept; a run applies its values to the kept document, checks
/// it as `hnf run` would, and projects it.
public final class SweepRunner {
    /// The runs: a base-runs-only plan for `check`, then the whole plan (the documents read
    /// for the check are kept).
    public var plan: SweepPlan
    let national: NationalData?
    let threads: Int
    private var documents: [String: Result<SourceNode, InvalidInput>] = [:]
    private var scenarioFiles: [String: Result<SourceNode, InvalidInput>] = [:]
    private var calibration: (tables: Calibration.Tables, prior: Calibration.Prior, finance: HighNeedsFinance?)?

    /// `memory`: the budget each run's draws must fit (as `hnf run --max-memory`).
    public init(plan: SweepPlan, national: NationalData?, threads: Int, memory: MemoryBudget = .machineDefault) {
        self.plan = plan
        self.national = national
        self.threads = threads
        self.memory = memory
    }

    let memory: MemoryBudget

    /// Everything `hnf run` would refuse, before any run starts, against the first run of
    /// each base scenario and overlay set (the first LA that calibrates, for `las`): the
    /// scenario itself, the parameters' key paths, the years kept and the draws' memory,
    /// each at the sweep file's or the scenario's line.
    public func check() -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen = Set<String>()
        var checkedAnLA = false
        for run in plan.runs where run.id == run.baseRun {
            if case .la = run.base, checkedAnLA { break }
            guard seen.insert(run.identity).inserted else { continue }
            switch document(for: run) {
            case .failure(let invalid):
                // An LA that cannot be calibrated is skipped when run: try the next.
                if case .la = run.base { continue }
                out += invalid.diagnostics
            case .success(let document):
                if case .la = run.base { checkedAnLA = true }
                out += checkParameters(document, run)
                out += checkScenario(document, run)
            }
        }
        return out
    }

    private func checkParameters(_ document: SourceNode, _ run: SweepRun) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for p in plan.spec.parameters {
            guard let steps = KeyPath.parse(p.keyPath), let node = KeyPath.get(document, steps) else {
                let nearest = KeyPath.parse(p.keyPath).map { KeyPath.nearest(document, $0) } ?? ""
                out.append(
                    Diagnostic(
                        at: p.location, keyPath: "parameters.\(p.keyPath)",
                        found: "no such key in \(run.scenario)\(nearest)",
                        expected: "the key path of a number in every base scenario"))
                continue
            }
            if !Self.takesANumber(node) {
                out.append(
                    Diagnostic(
                        at: p.location, keyPath: "parameters.\(p.keyPath)",
                        found: "\(node.summary) at \(node.location)",
                        expected: "a number, a distribution or values by year (each is replaced by the run's value)"))
            }
        }
        return out
    }

    /// A value a run's number may replace: a number, a distribution (`dist:`), or values by
    /// year (every key a year). A whole section (`settings`) is none of these: replacing it
    /// fails every run, so it is refused here.
    static func takesANumber(_ node: SourceNode) -> Bool {
        if node.number != nil { return true }
        guard let entries = node.entries, !entries.isEmpty else { return false }
        return node["dist"] != nil || entries.allSatisfy { Int($0.key) != nil }
    }

    /// The base scenario as `hnf run` reads it (with the sweep's horizon), then the years
    /// kept and each run's memory against it.
    private func checkScenario(_ document: SourceNode, _ run: SweepRun) -> [Diagnostic] {
        let spec = plan.spec
        var scenario: Scenario
        do throws(InvalidInput) {
            scenario = try ScenarioLoader.scenario(
                from: document, files: [run.scenario] + run.overlays.map(\.path),
                national: { [national] in
                    guard let national else { throw NationalDataError.noData("national SEN2 data") }
                    return national
                })
        } catch {
            return error.diagnostics
        }
        if let horizon = spec.horizon { scenario.meta.horizon = horizon }
        var out = checkYears(scenario, run)
        do {
            let projectionPlan = try ProjectionPlan(scenario, national: national)
            if let (needed, feasible) = memory.shortfall(
                draws: spec.draws, bytesPerDraw: Projection.bytesPerDraw(projectionPlan),
                fixed: Projection.fixedBytes(projectionPlan, threads: threads))
            {
                out.append(
                    Diagnostic(
                        at: spec.drawsLocation, file: spec.file, keyPath: "draws",
                        found:
                            "\(Text.thousands(spec.draws)), which need about \(MemoryBudget.describe(needed)) in each run of \(run.scenario), over the memory budget of \(MemoryBudget.describe(memory.bytes)) (--max-memory, default half the machine's memory)",
                        expected: feasible >= 1
                            ? "at most \(Text.thousands(feasible)) draws"
                            : "a larger --max-memory: not even one draw fits"))
            }
        } catch {
            out.append(
                Diagnostic(
                    at: nil, file: run.scenario, keyPath: "", found: "cannot be projected: \(error)",
                    expected: "a scenario `hnf run` projects"))
        }
        return out
    }

    private func checkYears(_ scenario: Scenario, _ run: SweepRun) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let spec = plan.spec
        let baseYear = scenario.meta.baseYear, horizon = scenario.meta.horizon
        for metric in spec.metrics {
            for year in spec.years {
                // Money by financial year (2025 is 2025-26), the rest by January.
                let first = metric.isMoney ? baseYear : baseYear + 1
                let projected = year >= first && year < first + horizon
                if !projected {
                    out.append(
                        Diagnostic(
                            at: spec.yearsLocation, keyPath: "years",
                            found:
                                "\(year), not projected for \(metric.rawValue) by \(run.scenario) (base year \(baseYear), horizon \(horizon))",
                            expected: metric.isMoney
                                ? "a financial year from \(baseYear) to \(baseYear + horizon - 1) (by its first year)"
                                : "a January from \(baseYear + 1) to \(baseYear + horizon)"))
                }
            }
        }
        return out
    }

    /// Runs one run.
    public func execute(_ run: SweepRun) -> SweepOutcome {
        let document: SourceNode
        switch self.document(for: run) {
        case .success(let d): document = d
        case .failure(let invalid):
            if case .la = run.base { return .skipped(invalid.description) }
            return .failed(invalid.description)
        }
        let (values, problems) = Overlay.assignments(run.assignments.map(\.setting))
        guard let values else { return .failed(InvalidInput(problems).description) }
        let (changed, applyProblems) = values.apply(to: document)
        if !applyProblems.isEmpty { return .failed(InvalidInput(applyProblems).description) }
        struct NoNationalData: Error, CustomStringConvertible {
            var description: String { "no national SEN2 data, which the scenario needs" }
        }
        let files = [run.scenario] + run.overlays.map(\.path)
        var scenario: Scenario
        do throws(InvalidInput) {
            scenario = try ScenarioLoader.scenario(
                from: changed, files: files,
                national: {
                    guard let national else { throw NoNationalData() }; return national
                })
        } catch {
            return .failed(error.description)
        }
        if let horizon = plan.spec.horizon { scenario.meta.horizon = horizon }
        do {
            // One run as `hnf run` makes it (no baseline: a sweep compares its runs itself).
            let plan = try ProjectionPlan(scenario, national: national)
            let projection = try WhatIfRun(scenario, plan: plan, national: national)
                .run(draws: run.draws, seed: run.seed, threads: threads).projection
            return .done(
                results(projection, area: scenario.meta.area ?? "all"),
                fallbacks: scenario.meta.estimated.map { "estimated: \($0)" } + scenario.budget.fallbacks)
        } catch {
            return .failed("\(error)")
        }
    }

    private func results(_ projection: Projection, area: String) -> [SweepResult] {
        var out: [SweepResult] = []
        for metric in plan.spec.metrics {
            for year in plan.spec.years {
                guard let values = metric.values(projection, year: year) else { continue }
                out.append(SweepResult(area: area, year: year, measure: metric.rawValue, stats: Stats(values)))
            }
        }
        return out
    }

    /// The run's scenario with its overlays applied, read once per base and overlay set.
    private func document(for run: SweepRun) -> Result<SourceNode, InvalidInput> {
        let key = ([run.scenario] + run.overlays.map(\.path)).joined(separator: "\u{1}")
        if let known = documents[key] { return known }
        let result = readDocument(run)
        documents[key] = result
        return result
    }

    private func readDocument(_ run: SweepRun) -> Result<SourceNode, InvalidInput> {
        var diagnostics: [Diagnostic] = []
        var document: SourceNode?
        switch run.base {
        case .scenario(_, let path):
            if let known = scenarioFiles[path] { return known.flatMap { applyOverlays($0, run) } }
            document = ScenarioLoader.readDocument(path, &diagnostics)
            scenarioFiles[path] = document.map { .success($0) } ?? .failure(InvalidInput(diagnostics))
        case .la(let code):
            do {
                let yaml = try calibratedYAML(code)
                let (node, problems) = SourceNode.parse(yaml: yaml, file: "calibrated-\(code).yaml")
                document = node
                diagnostics += problems
                // Some LAs' history calibrates to a scenario hnf cannot run (no plans by
                // placement in the last January): the LA is skipped, as one without history.
                if let node, problems.isEmpty {
                    do throws(InvalidInput) {
                        _ = try ScenarioLoader.scenario(
                            from: node, files: [],
                            national: { [national] in
                                guard let national else { throw NationalDataError.noData("national SEN2 data") }
                                return national
                            })
                    } catch {
                        diagnostics.append(
                            Diagnostic(
                                at: nil, file: "la:\(code)", keyPath: "",
                                found: "its calibrated scenario is invalid: \(error.description)",
                                expected: "an LA whose SEN2 history calibrates to a valid scenario"))
                    }
                }
            } catch {
                diagnostics.append(
                    Diagnostic(
                        at: nil, file: "la:\(code)", keyPath: "", found: "cannot calibrate: \(error)",
                        expected: "an LA with SEN2 history for the years in `calibrate`"))
            }
        }
        guard let document, diagnostics.isEmpty else { return .failure(InvalidInput(diagnostics)) }
        return applyOverlays(document, run)
    }

    private func applyOverlays(_ base: SourceNode, _ run: SweepRun) -> Result<SourceNode, InvalidInput> {
        var document = base, diagnostics: [Diagnostic] = []
        for overlay in run.overlays {
            guard let overlayDocument = ScenarioLoader.readDocument(overlay.path, &diagnostics) else { continue }
            let (read, problems) = Overlay.read(overlayDocument, file: overlay.path)
            diagnostics += problems
            guard let read else { continue }
            let (applied, applyProblems) = read.apply(to: document)
            diagnostics += applyProblems
            document = applied
        }
        return diagnostics.isEmpty ? .success(document) : .failure(InvalidInput(diagnostics))
    }

    /// The scenario `hnf calibrate --la CODE --from --to --horizon` writes, byte for byte.
    private func calibratedYAML(_ code: String) throws -> String {
        guard let national, let c = plan.spec.calibrate else { throw NationalDataError.noData("national SEN2 data") }
        if calibration == nil {
            let tables = try Calibration.Tables(national)
            calibration = (
                tables, try Calibration.Prior(from: c.from, to: c.to, tables: tables), try HighNeedsFinance(national)
            )
        }
        let area = try national.area(named: code)
        var calibrated = try Calibration(
            area: area, from: c.from, to: c.to, tables: calibration!.tables, prior: calibration!.prior)
        return try calibrated.writtenScenarioYAML(horizon: c.horizon, national: national, finance: calibration!.finance)
    }
}
