import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// A batch sweep (`schema: hnf.sweep.v1`): base scenarios × overlay sets × a design over
/// parameters, each run projected with its own draws and seed, metrics kept by year.
///
/// ```yaml
/// schema: hnf.sweep.v1
/// name: Eight Kent levers, one at a time
/// scenarios: [../kent/baseline.yaml]          # or `las: all` / `las: [886, Kent]` with `calibrate`
/// overlay_sets: [[], [../kent/reforms/transition-funding.yaml]]   # optional; [] is none
/// parameters:
///   settings.mainstream.top_up.B2: {values: [8000, 10000]}
///   flows.ceasing.rate.secondary: {range: {from: 0.04, to: 0.08, step: 0.02}}
///   funding.responses.x.effect: {dist: beta, alpha: 2, beta: 8}     # sampled designs
/// design: {type: one_at_a_time}              # grid | one_at_a_time | sobol (with samples)
/// draws: 200
/// seed: 20250101
/// metrics: [spend, cumulative_balance, mainstream_share]
/// years: [2026, 2028]
/// ```
/// Paths are relative to the sweep file.
public struct SweepSpec: Sendable {
    public static let schema = "hnf.sweep.v1"

    /// What a run starts from.
    public enum Base: Sendable, Hashable {
        /// A scenario file: `written` as in the sweep file, `path` resolved against it.
        case scenario(written: String, path: String)
        /// The scenario `hnf calibrate` writes for an LA (its SEN2 code).
        case la(code: String)
    }

    /// `las:` scenarios come from `hnf calibrate --from --to --horizon`.
    public struct Calibrate: Sendable, Equatable {
        public var from: Int, to: Int, horizon: Int
    }

    /// The values a parameter takes.
    public enum Values: Sendable, Equatable {
        case list([Double])
        case range(from: Double, to: Double, step: Double)
        case distribution(Distribution)
    }

    public struct Parameter: Sendable {
        public var keyPath: String
        public var values: Values
        public var location: SourceLocation
    }

    public enum Design: String, Sendable, CaseIterable {
        case grid, oneAtATime = "one_at_a_time", sobol
    }

    /// How runs get their seeds: `common` gives every run of one base scenario (all its
    /// overlay sets and values) the same seed (common random numbers, so differences between runs are the
    /// parameters', not sampling noise); `independent` a seed per run.
    public enum SeedRule: String, Sendable, CaseIterable {
        case common, independent
    }

    public var file: String
    /// The sha256 of the sweep file and of every scenario and overlay it names: a
    /// database started by one spec refuses another.
    public var hash: String
    public var text: String
    public var name: String
    /// Scenario files; empty when the sweep runs LAs (`las`).
    public var scenarios: [Base]
    /// `las: all` (nil list) or the LAs listed, by code or name, where they were written.
    public var las: LASelection?
    public var calibrate: Calibrate?
    /// Each set as written and as resolved.
    public var overlaySets: [[(written: String, path: String)]]
    public var parameters: [Parameter]
    public var design: Design
    public var samples: Int
    public var horizon: Int?
    public var draws: Int
    public var seed: UInt64
    public var seeds: SeedRule
    public var metrics: [Metric]
    public var years: [Int]
    /// Where `years` was written, for later checks against the scenarios.
    var yearsLocation: SourceLocation
    /// Where `draws` was written, for the memory check against the scenarios.
    var drawsLocation: SourceLocation?
    /// Where `design` was written, for the size of an every-LA sweep.
    var designLocation: SourceLocation?

    public enum LASelection: Sendable {
        case all
        case listed([(name: String, location: SourceLocation)])
    }
}
