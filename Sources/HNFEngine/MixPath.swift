import CGSL
import Foundation
import HNFCore
import HNFScenario

/// One draw's path of the placement mix's trend and year-to-year shocks
/// (`flows.new_plans.setting_trend`, `flows.mix_shocks`), sampled once at the draw's start
/// from a generator of its own (purpose 6), so that a scenario without them draws every
/// other number as before, and a locality's flow group sees the LA's path.
///
/// - New plans: step t's weight of setting s is the plan's weight × exp(trend(t, s) +
///   z(t, s)), z a stationary AR(1) per setting.
/// - Settings: u(t, s) an AR(1) per setting; where u < 0 a child of s moves out with
///   chance −u, to the other settings that take its age in proportion to their children of
///   that age; where u > 0 the other settings' children of each age move into s so that s
///   gains u × its children of that age (`YearTables.shockMoves`). Gains and losses are
///   alike, so a shock moves no setting's expected share; it spreads it.
struct MixPath {
    /// `[step][age]`: where new plans start in this step (nil where no setting takes the age).
    var joinerSetting: [[Categorical?]]
    /// `[step][s]`: a factor on the weights of new plans by age and single age
    /// (`joinersByAge`); empty when no trend or shock applies.
    var joinerFactor: [[Double]]
    /// `[step][s]`: each setting's shock, the share of its children it gains (+) or loses
    /// (−) in the step; empty when no setting shocks apply.
    var settingShock: [[Double]]

    var isEmpty: Bool { joinerFactor.isEmpty && settingShock.isEmpty }

    /// The most of a setting's children a shock moves in or out in a year.
    static let maximumShock = 0.5

    init(plan: ProjectionPlan, seed: UInt64, draw: Int) {
        let flows = plan.scenario.flows, S = plan.settingCount, T = plan.stepYears.count
        let shocks = flows.mixShocks
        let trend = (0..<S).map { flows.newPlanSettingTrend[plan.scenario.settings[$0].id] ?? 0 }
        let hasTrend = trend.contains { $0 != 0 }
        guard hasTrend || shocks?.newPlans != nil || !(shocks?.settings.isEmpty ?? true) else {
            (joinerSetting, joinerFactor, settingShock) = ([], [], [])
            return
        }
        let random = DrawRandom(seed: seed, draw: draw, purpose: .mixShocks)
        var factor: [[Double]] = []
        if hasTrend || shocks?.newPlans != nil {
            let z = Self.ar1(random, steps: T, processes: (0..<S).map { _ in shocks?.newPlans })
            var cumulative = [Double](repeating: 0, count: S), change = 1.0
            for t in 0..<T {
                for s in 0..<S { cumulative[s] += trend[s] * change }
                change *= flows.newPlanSettingTrendFade
                factor.append((0..<S).map { Foundation.exp(cumulative[$0] + z[t][$0]) })
            }
        }
        joinerFactor = factor
        joinerSetting = Self.joinerTables(plan.joinerWeights, factor)
        let settings = shocks?.settings ?? [:]
        guard !settings.isEmpty else { settingShock = []; return }
        let u = Self.ar1(random, steps: T, processes: plan.scenario.settings.map { settings[$0.id] })
        settingShock = u.map { $0.map { Swift.min(Self.maximumShock, Swift.max(-Self.maximumShock, $0)) } }
    }

    /// `[step][age]`: new plans' settings by age (`weights`, a plan's `joinerWeights`)
    /// reweighted by each step's factors.
    /// Ages with the same weights as the age before (every age of a phase, where the mix is
    /// by phase) share its table: a draw builds a table per phase and step, not per age.
    static func joinerTables(_ weights: [[Double]], _ factor: [[Double]]) -> [[Categorical?]] {
        factor.map { f in
            var tables: [Categorical?] = []
            tables.reserveCapacity(weights.count)
            for (a, w) in weights.enumerated() {
                if a > 0, w == weights[a - 1] {
                    tables.append(tables[a - 1])
                    continue
                }
                let shocked = zip(w, f).map { $0 * $1 }
                tables.append(shocked.contains { $0 > 0 } ? Categorical(shocked) : nil)
            }
            return tables
        }
    }

    /// Categoricals of `shares` (a draw's shares of new plans by single age) reweighted by one step's factors.
    static func reweighted(_ shares: [[Double]], _ factor: [Double]) -> [Categorical] {
        shares.map { w in
            let shocked = zip(w, factor).map { $0 * $1 }
            return Categorical(shocked.contains { $0 > 0 } ? shocked : w)
        }
    }

    /// `[step][k]`: stationary AR(1) paths, one per process (0 where none), drawn step by
    /// step and process by process in that order.
    static func ar1(_ random: DrawRandom, steps: Int, processes: [Scenario.MixShocks.Process?]) -> [[Double]] {
        var last = [Double](repeating: 0, count: processes.count), paths: [[Double]] = []
        for t in 0..<steps {
            for (k, p) in processes.enumerated() {
                guard let p, p.sd > 0 else { continue }
                let fresh = gsl_ran_gaussian_ziggurat(random.pointer, p.sd)
                last[k] =
                    t == 0 ? fresh : p.persistence * last[k] + (1 - p.persistence * p.persistence).squareRoot() * fresh
            }
            paths.append(last)
        }
        return paths
    }
}
