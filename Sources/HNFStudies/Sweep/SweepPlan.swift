import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// A sweep expanded into its runs: for each base scenario (or LA), for each overlay set,
/// the base run (no parameter values) and then the design's points, numbered 1, 2, ….
public struct SweepPlan: Sendable {
    public let spec: SweepSpec
    public let runs: [SweepRun]

    /// Expands `spec`; LAs named in `las` are found in `national` (each a diagnostic at
    /// its line when unknown). A sweep over `SweepSpec.maximumRuns` is refused before any
    /// run is listed. `baseRunsOnly` lists only each base scenario's (or LA's) run without
    /// values, one for each overlay set: what `SweepRunner.check` needs, at once whatever
    /// the design's size.
    public static func make(
        _ spec: SweepSpec, national: NationalData?, baseRunsOnly: Bool = false
    ) throws(InvalidInput) -> SweepPlan {
        var bases = spec.scenarios
        if let las = spec.las {
            guard let national else {
                throw InvalidInput([
                    Diagnostic(
                        at: nil, file: spec.file, keyPath: "las", found: "no national SEN2 data",
                        expected: "Scenarios/national (or --national-data) to calibrate each LA from")
                ])
            }
            bases = try resolve(las, spec.calibrate!, national).map { .la(code: $0) }
            if let tooBig = SweepSpec.sizeProblem(
                bases: bases.count, basesWord: "LA\(bases.count == 1 ? "" : "s")", overlaySets: spec.overlaySets.count,
                points: SweepSpec.pointCount(spec.design, spec.parameters, samples: spec.samples),
                at: spec.designLocation, file: spec.file)
            {
                throw InvalidInput([tooBig])
            }
        }
        let points = baseRunsOnly ? [SweepDesign.Point(assignments: [], varied: nil)] : SweepDesign.points(spec)
        var runs: [SweepRun] = []
        for base in bases {
            for overlays in spec.overlaySets {
                let baseRun = runs.count + 1
                // Common seeds: every run of one base scenario (whatever its overlays and
                // values) has the same draws, as `hnf run` pairs a what-if with its baseline.
                let baseSeed = SweepRun.seed(spec.seed, SweepRun.identity(base, [], []))
                for point in points {
                    let identity = SweepRun.identity(base, overlays, point.assignments, sample: point.sample)
                    let seed = spec.seeds == .common ? baseSeed : SweepRun.seed(spec.seed, identity)
                    let command = SweepRun.command(
                        base, overlays.map(\.path), point.assignments, draws: spec.draws, seed: seed,
                        horizon: spec.horizon, calibrate: spec.calibrate)
                    runs.append(
                        SweepRun(
                            id: runs.count + 1, baseRun: baseRun, base: base, overlays: overlays,
                            assignments: point.assignments,
                            varied: point.varied, seed: seed, draws: spec.draws, identity: identity, command: command))
                }
            }
        }
        return SweepPlan(spec: spec, runs: runs)
    }

    /// The runs of shard `index` of `count` (1-based), or all.
    public func runs(shard: (index: Int, count: Int)?) -> [SweepRun] {
        guard let shard else { return runs }
        return runs.filter { $0.shard(of: shard.count) == shard.index }
    }

    private static func resolve(
        _ las: SweepSpec.LASelection, _ calibrate: SweepSpec.Calibrate, _ national: NationalData
    ) throws(InvalidInput) -> [String] {
        switch las {
        case .all:
            return national.areas(in: calibrate.to).filter { $0.level == .la }.map(\.code).sorted()
        case .listed(let names):
            var codes: [String] = [], diagnostics: [Diagnostic] = []
            for (i, name) in names.enumerated() {
                do {
                    let area = try national.area(named: name.name)
                    guard area.level == .la else {
                        diagnostics.append(
                            Diagnostic(
                                at: name.location, keyPath: "las[\(i)]",
                                found: "\"\(name.name)\", a \(area.level.rawValue)", expected: "an LA"))
                        continue
                    }
                    if !codes.contains(area.code) { codes.append(area.code) }
                } catch {
                    diagnostics.append(
                        Diagnostic(
                            at: name.location, keyPath: "las[\(i)]",
                            found: "\"\(name.name)\", which names no LA in the national data",
                            expected: "an LA's SEN2 code (886) or name (Kent), as `hnf ratios --la` takes"))
                }
            }
            guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }
            return codes
        }
    }
}

/// The points of a sweep's design, each a set of parameter values; the first is always
/// the base (no values: the scenario's own).
enum SweepDesign {
    struct Point {
        var assignments: [Assignment]
        var varied: String?
        /// A sampled design's point number (two samples may land on the same listed values).
        var sample: Int? = nil
    }

    static func points(_ spec: SweepSpec) -> [Point] {
        let parameters = spec.parameters
        var out = [Point(assignments: [], varied: nil)]
        switch spec.design {
        case .oneAtATime:
            for p in parameters {
                out += p.values.points.map {
                    Point(assignments: [Assignment(keyPath: p.keyPath, value: $0)], varied: p.keyPath)
                }
            }
        case .grid:
            guard !parameters.isEmpty else { return out }
            var combinations: [[Assignment]] = [[]]
            for p in parameters {
                combinations = combinations.flatMap { prefix in
                    p.values.points.map { prefix + [Assignment(keyPath: p.keyPath, value: $0)] }
                }
            }
            out += combinations.map { Point(assignments: $0, varied: nil) }
        case .sobol:
            for (i, u) in SobolSequence.points(spec.samples, dimension: parameters.count).enumerated() {
                out.append(
                    Point(
                        assignments: zip(parameters, u).map {
                            Assignment(keyPath: $0.keyPath, value: $0.values.value(at: $1))
                        }, varied: nil, sample: i + 1))
            }
        }
        return out
    }
}
