import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// Who joins: age within phase, first setting (or where a child goes when its setting
    /// stops taking its age), new plans by single age, and the children they are drawn from.
    struct Joiners {
        var joinerAges: [Phase: (ages: [Int], table: Categorical)]
        /// Per age: the setting mix new plans start in, 0 where a setting does not take the age.
        var joinerWeights: [[Double]]
        var joinerSetting: [Categorical?]
        var settingsTaking: [[Double]]
        var ageOutDestination: [[Double]]
        var joinersByAge: [JoinersAtAge]
        var populationByAge: [[Double]]
    }

    static func compileJoiners(_ c: Compiling) -> Joiners {
        let S = c.S, ageCount = ProjectionPlan.ageCount, allowed = c.allowed, flows = c.scenario.flows
        let byAge = flows.newPlansByAge
        let joinerWeights: [[Double]] = (0..<ageCount).map { a in
            let mix =
                byAge[a]?.settings ?? flows.newPlanSettingMix[Phase.of(age: a).rawValue] ?? flows.newPlanSettingMix[
                    "all"] ?? [:]
            return (0..<S).map { s in allowed[a * S + s] ? (mix[c.settings[s].id] ?? 0) : 0 }
        }
        return Joiners(
            joinerAges: joinerAges(flows),
            joinerWeights: joinerWeights,
            joinerSetting: joinerWeights.map { w in w.contains { $0 > 0 } ? Categorical(w) : nil },
            settingsTaking: (0..<ageCount).map { a in (0..<S).map { allowed[a * S + $0] ? 1.0 : 0 } },
            ageOutDestination: ageOutDestinations(c, joinerWeights),
            joinersByAge: byAge.keys.sorted().filter { $0 < ageCount }.map { a in
                let entry = byAge[a]!
                return JoinersAtAge(
                    age: a, rate: entry.rate, settings: joinerWeights[a],
                    needs: c.scenario.needs.map { entry.needs[$0.code] ?? 0 })
            },
            populationByAge: c.stepYears.map { year in
                c.scenario.localities.flatMap { l in (0..<ageCount).map { l.populationByAge[$0]?.value(in: year) ?? 0 }
                }
            })
    }

    /// Per phase: the ages new plans start at (up to the maximum age) and their weights
    /// (the scenario's age profile, equal where it gives none).
    static func joinerAges(_ flows: Scenario.Flows) -> [Phase: (ages: [Int], table: Categorical)] {
        var joinerAges: [Phase: (ages: [Int], table: Categorical)] = [:]
        for phase in Phase.allCases {
            let ages = phase.ages.filter { $0 <= flows.maxAge }
            guard !ages.isEmpty else { continue }
            let profile = flows.newPlanAgeProfile
            var weights = ages.map { profile[$0] ?? 0 }
            if profile.isEmpty || weights.allSatisfy({ $0 <= 0 }) { weights = ages.map { _ in 1 } }
            joinerAges[phase] = (ages, Categorical(weights))
        }
        return joinerAges
    }

    /// Per `age * S + s`: where a child of setting s goes when s stops taking its age —
    /// the settings new plans of that age start in, among those s allows moves to; else
    /// any setting taking the age that s allows; else where new plans start; else any.
    static func ageOutDestinations(_ c: Compiling, _ joinerWeights: [[Double]]) -> [[Double]] {
        let S = c.S, allowed = c.allowed
        let movesTo: [Set<Int>?] = c.settings.map { $0.movesTo.map { Set($0.compactMap { c.settingIndex[$0] }) } }
        return (0..<ProjectionPlan.ageCount).flatMap { a in
            (0..<S).map { from in
                func permitted(_ w: [Double]) -> [Double] {
                    guard let targets = movesTo[from] else { return w }
                    return w.indices.map { targets.contains($0) ? w[$0] : 0 }
                }
                let anyAllowed = (0..<S).map { allowed[a * S + $0] ? 1.0 : 0 }
                for w in [permitted(joinerWeights[a]), permitted(anyAllowed), joinerWeights[a]]
                where w.contains(where: { $0 > 0 }) { return w }
                return anyAllowed
            }
        }
    }

    /// Plans arriving from other LAs and leaving for them.
    struct Transfers {
        var transfersIn: [TransfersAtAge]
        var transferShare: [Double]
        var transferLocality: Categorical
        var transfersOut: [Distribution?]
    }

    /// Arrivals by age, with the settings they start in (the scenario's, else where new
    /// plans of the age start, else any setting taking it), shared between localities by
    /// their children; leaving chances by age.
    static func compileTransfers(_ c: Compiling, _ joinerWeights: [[Double]]) -> Transfers {
        let S = c.S, L = c.L, ageCount = ProjectionPlan.ageCount, allowed = c.allowed, flows = c.scenario.flows
        let transfersIn = flows.transfersIn.keys.sorted().filter { $0 < ageCount }.map { a in
            let entry = flows.transfersIn[a]!
            var weights = (0..<S).map { s in allowed[a * S + s] ? (entry.settings[c.settings[s].id] ?? 0) : 0 }
            if !weights.contains(where: { $0 > 0 }) {
                weights =
                    joinerWeights[a].contains { $0 > 0 }
                    ? joinerWeights[a] : (0..<S).map { allowed[a * S + $0] ? 1 : 0 }
            }
            return TransfersAtAge(age: a, perYear: entry.perYear, settings: weights)
        }
        let totals = c.scenario.localities.map(\.totalPopulation), total = totals.reduce(0, +)
        return Transfers(
            transfersIn: transfersIn,
            transferShare: totals.map { total > 0 ? $0 / total : 1 / Double(L) },
            transferLocality: Categorical(total > 0 ? totals : totals.map { _ in 1 }),
            transfersOut: (0..<ageCount).map { flows.transfersOut[$0] })
    }
}
