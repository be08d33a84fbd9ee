import Foundation
import HNFCore
import HNFScenario

/// The uncertain assumptions of one Monte Carlo draw, sampled once at its start from the
/// scenario's declared distributions (a dated assumption samples each dated value once).
///
/// An assumption is uncertainty about a parameter, not year-to-year noise: a draw keeps
/// its sampled new-plan rate for every year the rate is in force; year-to-year noise
/// comes from the stochastic flows. Rates are clamped to their meaning (probabilities to
/// 0...1, rates and growth to the ranges the validator allows), since a normal
/// distribution can stray past them and a value beyond them means nothing.
/// Fixed values consume no random numbers, so a scenario without distributions gives the
/// same flows whatever the draw's assumptions stream.
package struct DrawAssumptions {
    /// `[step][age]`, a probability of ceasing in the year at that age (after ageing),
    /// before the setting's factor.
    package var ceasing: [[Double]]
    /// `[step][locality * phases + phase]`, the expected number of new plans.
    package var newPlans: [[Double]]
    /// `[step][phase]`, growth of the number of pupils on SEN support.
    var senSupportGrowth: [[Double]]
    /// `[step][move]`, a probability of moving (given the child stays).
    var moveRate: [[Double]]
    /// Per estimated cell (`plan.settingAgeCells`): leaving and moving chances (NaN: the
    /// general rule), and the destinations' shares, laid out as `plan.destinationTo`.
    var cellLeave: [Double]
    package var cellMove: [Double]
    package var destinationShare: [Double]
    /// Per `plan.joinersByAge` entry: the chance per child, and where new plans start and
    /// with which need (alias tables of this draw's Dirichlet shares).
    var joinerRate: [Double]
    var joinerSetting: [Categorical]
    /// The shares `joinerSetting` picks from (a mix path reweights them, `MixPath`).
    var joinerSettingShares: [[Double]]
    var joinerNeed: [Categorical?]
    /// Per `plan.transfersIn` entry: arrivals a year from other LAs (LA-wide mean) and
    /// the settings they arrive in (this draw's Dirichlet shares).
    package var transferInMean: [Double]
    var transferInSetting: [Categorical]
    /// `[age]`: the chance a plan transfers to another LA in a year.
    package var transferOut: [Double]
    /// `[step]`: the chance a child moves to another locality.
    var localityMove: [Double]
    /// `[step][age * S + s]`: the factor on estimated moves (`by_setting_and_age`) out of
    /// setting s at that age: 1 − a retention response's size at its transfer, else 1.
    var cellMoveFactor: [[Double]]
    /// Per response (`scenario.responses`): its sampled size.
    var responseSize: [Double]
    /// `[step]`: the factor behavioural responses put on new plans (1 when none apply).
    var newPlanFactor: [Double]
    /// `[step][phase * S + s]`: where a new plan that would start in setting s shifts to
    /// (joiner-shift responses), and the chance it does (as a 32-bit threshold; 0: none).
    var joinerShiftTo: [[Int]]
    var joinerShiftChance: [[UInt64]]
    /// Growth of the high needs block in each financial year it is projected (not listed).
    var blockGrowth: DatedValue<Double>?
    /// Growth of each other spend line after its last listed year.
    var otherSpendGrowth: [DatedValue<Double>?]
    /// The LA's draw of each uncertain parameter, by parameter, when some locality has flows
    /// of its own (for its flow group to inherit); empty otherwise.
    var samples: [AssumptionSampler.Key: AssumptionSampler.Value]

    /// `responses` samples the behavioural responses: a generator of their own, so a
    /// what-if's responses (on or off) leave every other number of the draw — the
    /// baseline's children — as they are.
    /// `inheriting`: a locality's flow group takes the LA's draw (`samples` of the LA's
    /// assumptions) of every parameter it shares with the LA, and draws the rest from `random`.
    ///
    /// Longer than 80 lines on purpose: the order of its random draws is the contract
    /// that makes a seed reproduce (each sample shifts every later one), and one function
    /// read top to bottom is where that order can be checked; splitting it would scatter
    /// the order across files.
    // Long: the order of its random draws is the contract that makes a seed reproduce (above).
    init(
        plan: ProjectionPlan, random: DrawRandom, responses responseRandom: DrawRandom,
        inheriting: [AssumptionSampler.Key: AssumptionSampler.Value]? = nil
    ) {
        let flows = plan.scenario.flows
        let draws = AssumptionSampler(
            random, recording: inheriting == nil && plan.localityFlows != nil, inheriting: inheriting)
        let phaseList = Phase.allCases
        let byPhase = phaseList.indices.map { p in
            flows.ceasingRate[phaseList[p]].map { draws.dated($0, 0...1, .ceasingRate, p) }
        }
        let byAge = (0..<ProjectionPlan.ageCount).map { a in
            flows.ceasingByAge[a].map { draws.dated($0, 0...1, .ceasingByAge, a) }
        }
        let newRate = phaseList.indices.map { p in
            flows.newPlanRatePer1000[phaseList[p]].map { draws.dated($0, 0...1000, .newPlanRate, p) }
        }
        let perYear = phaseList.indices.map { p in
            flows.newPlansPerYear[phaseList[p]].map { draws.dated($0, 0...1e6, .newPlansPerYear, p) }
        }
        let growth = flows.newPlanGrowth.map { draws.sample($0, clampedTo: -0.5...1, .newPlanGrowth) } ?? 0
        let moves = plan.moves.indices.map { m in draws.dated(plan.moves[m].rate, 0...1, .move, m) }
        let support = phaseList.indices.map { p in
            flows.senSupportGrowth[phaseList[p]].map { draws.dated($0, -1...1, .senSupportGrowth, p) }
        }
        senSupportGrowth = plan.stepYears.map { year in support.map { $0?.value(in: year) ?? 0 } }
        blockGrowth = plan.scenario.budget.growth.map { draws.dated($0, -0.5...0.5, .blockGrowth) }
        otherSpendGrowth = plan.scenario.budget.otherSpend.indices.map { i in
            plan.scenario.budget.otherSpend[i].growth.map { draws.dated($0, -0.5...0.5, .otherSpendGrowth, i) }
        }
        ceasing = plan.stepYears.map { year in
            (0..<ProjectionPlan.ageCount).map { age in
                (byAge[age] ?? byPhase[Phase.allCases.firstIndex(of: Phase.of(age: age))!])?.value(in: year) ?? 0
            }
        }
        // Rates per 1,000 children of each locality; or LA-wide numbers shared between
        // localities by their children of the phase (equally when none are given).
        let phases = Phase.allCases.count, L = plan.localityCount
        var phaseTotals = [Double](repeating: 0, count: phases)
        for l in 0..<L { for p in 0..<phases { phaseTotals[p] += plan.population[l * phases + p] } }
        newPlans = plan.stepYears.enumerated().map { t, year in
            let factor = Foundation.pow(1 + growth, Double(t + 1))
            var out = [Double](repeating: 0, count: L * phases)
            for l in 0..<L {
                for p in 0..<phases {
                    let children = plan.population[l * phases + p]
                    var mean = (newRate[p]?.value(in: year) ?? 0) * children / 1000
                    if let n = perYear[p]?.value(in: year) {
                        mean += n * (phaseTotals[p] > 0 ? children / phaseTotals[p] : 1 / Double(L))
                    }
                    out[l * phases + p] = mean * factor
                }
            }
            return out
        }
        let localityMoves = flows.localityMoveRate.map { draws.dated($0, 0...1, .localityMove) }
        localityMove = plan.stepYears.map { localityMoves?.value(in: $0) ?? 0 }
        // Behavioural responses, each sampled once per draw, apply from their year on.
        let responses = plan.scenario.responses
        // (A response switched off still draws its number, so every later draw is the same.)
        responseSize = responses.map {
            responseRandom.sample($0.size, clampedTo: -1...1) * (plan.scenario.responsesOff.contains($0.id) ? 0 : 1)
        }
        let sizes = responseSize
        newPlanFactor = plan.stepYears.map { year in
            zip(responses, sizes).reduce(1.0) { factor, pair in
                guard case .newPlanRate = pair.0.effect, year >= pair.0.from else { return factor }
                return factor * max(0, 1 + pair.1)
            }
        }
        newPlans = zip(newPlans, newPlanFactor).map { row, factor in row.map { $0 * factor } }
        let S = plan.settingCount, P = Phase.allCases.count
        var shiftTo: [[Int]] = [], shiftChance: [[UInt64]] = []
        for year in plan.stepYears {
            var to = [Int](repeating: -1, count: P * S), chance = [UInt64](repeating: 0, count: P * S)
            for (response, size) in zip(responses, sizes) where year >= response.from && size > 0 {
                guard case .joinerShift(let from, let target, let phases) = response.effect,
                    let t = plan.settingIndex(target)
                else { continue }
                for (p, phase) in Phase.allCases.enumerated() where phases.isEmpty || phases.contains(phase) {
                    for id in from {
                        if let s = plan.settingIndex(id) {
                            to[p * S + s] = t; chance[p * S + s] = YearTables.threshold(size)
                        }
                    }
                }
            }
            shiftTo.append(to); shiftChance.append(chance)
        }
        cellMoveFactor = plan.stepYears.map { year in
            var factor = [Double](repeating: 1, count: ProjectionPlan.ageCount * S)
            for (response, size) in zip(responses, sizes) where year >= response.from {
                guard case .retentionAtTransfer(let transfer, let setting) = response.effect,
                    let s = plan.settingIndex(setting)
                else { continue }
                factor[transfer.age * S + s] *= max(0, 1 - size)
            }
            return factor
        }
        joinerShiftTo = shiftTo
        joinerShiftChance = shiftChance
        moveRate = plan.stepYears.map { year in
            plan.moves.enumerated().map { m, move in
                var rate = moves[m].value(in: year)
                for (response, size) in zip(responses, sizes) where year >= response.from {
                    if case .retentionAtTransfer(let transfer, let setting) = response.effect,
                        move.transfer == transfer, plan.scenario.settings[move.from].id == setting
                    {
                        rate *= 1 - size
                    }
                }
                return min(max(rate, 0), 1)
            }
        }
        let cells = plan.settingAgeCells
        cellLeave = cells.map { c in
            c.leave.map { draws.sample($0, clampedTo: 0...1, .cellLeave, c.setting, c.age, c.need ?? -1) } ?? .nan
        }
        cellMove = cells.map { c in
            c.move.map { draws.sample($0, clampedTo: 0...1, .cellMove, c.setting, c.age, c.need ?? -1) } ?? .nan
        }
        var shares = [Double](repeating: 0, count: plan.destinationAlpha.count)
        if draws.isPlain {
            plan.destinationAlpha.withUnsafeBufferPointer { alpha in
                shares.withUnsafeMutableBufferPointer { out in
                    for k in cells.indices {
                        let lower = plan.destinationStart[k], upper = plan.destinationStart[k + 1]
                        random.dirichlet(
                            alpha.baseAddress! + lower, count: upper - lower, into: out.baseAddress! + lower)
                    }
                }
            }
        } else {
            for (k, c) in cells.enumerated() {
                let range = plan.destinationStart[k]..<plan.destinationStart[k + 1]
                let drawn = draws.dirichlet(
                    Array(plan.destinationAlpha[range]), .destinations, c.setting, c.age, c.need ?? -1,
                    to: Array(plan.destinationTo[range]))
                shares.replaceSubrange(range, with: drawn)
            }
        }
        destinationShare = shares
        let joiners = plan.joinersByAge
        joinerRate = joiners.map { draws.sample($0.rate, clampedTo: 0...1, .joinerRate, $0.age) }
        joinerSettingShares = joiners.map { draws.dirichlet($0.settings, .joinerSetting, $0.age) }
        joinerSetting = joinerSettingShares.map { Categorical($0) }
        joinerNeed = joiners.map {
            $0.needs.contains { $0 > 0 } ? Categorical(draws.dirichlet($0.needs, .joinerNeed, $0.age)) : nil
        }
        // (Sampled last, and only where declared, so scenarios without transfers draw as before.)
        transferInMean = plan.transfersIn.map {
            draws.sample($0.perYear, clampedTo: 0 ... .infinity, .transferIn, $0.age)
        }
        transferInSetting = plan.transfersIn.map {
            Categorical(draws.dirichlet($0.settings, .transferInSetting, $0.age))
        }
        transferOut = plan.transfersOut.indices.map { a in
            plan.transfersOut[a].map { draws.sample($0, clampedTo: 0...1, .transferOut, a) } ?? 0
        }
        samples = draws.recorded
    }
}
