import Foundation
import HNFCore
import HNFScenario

/// Runs a plan's Monte Carlo draws, in parallel across draws, and keeps each draw's
/// metric row. Draw d always uses the streams of (seed, d) and writes row d, so results
/// are bit-identical whatever the number of threads and however draws are shared out.
public struct Projection: Sendable {
    public let plan: ProjectionPlan
    public let layout: MetricLayout
    public let draws: Int
    public let seed: UInt64
    /// The threads the draws ran on: what summarising them may use too.
    public let threads: Int
    /// `draws x layout.rowWidth`, draw-major.
    public let rows: [Double]
    /// Child records processed by the yearly kernels (children at the start of each step),
    /// summed over steps and draws.
    public let pupilYears: Int
    /// Draws run to their end: `draws` unless a progress deadline stopped them early.
    public let completedDraws: Int

    /// With `profile`, rows also hold the LA's plans by setting x age group x need each
    /// January (the DSG management plan's rows): an extra pass over the children, about 8%
    /// of a Kent run's time, so only the workbook asks for it.
    public static func layout(for plan: ProjectionPlan, profile: Bool = false) -> MetricLayout {
        MetricLayout(
            settings: plan.settingCount, areas: plan.localityCount + 1, years: plan.stepYears.count,
            historyYears: plan.history.count, blocks: plan.blocks.count, needs: profile ? plan.needCount : 0)
    }

    /// Runs `draws` draws on `threads` threads (at least 1); see `layout(for:profile:)`.
    /// `progress`, when given, counts the draws as they end (its owner says how many to expect).
    public init(
        plan: ProjectionPlan, draws: Int, seed: UInt64, threads: Int, profile: Bool = false,
        progress: DrawProgress? = nil
    ) {
        self.plan = plan
        self.draws = draws
        self.seed = seed
        self.threads = max(1, threads)
        let layout = Self.layout(for: plan, profile: profile)
        self.layout = layout
        let sink = RowSink(count: draws * layout.rowWidth)
        let workers = max(1, min(threads, draws))
        let counts = RowSink(count: workers)
        let finished = RowSink(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var processed = 0
            var draw = worker
            while draw < draws, progress?.expired != true {
                processed += Self.runDraw(
                    plan: plan, layout: layout, seed: seed, draw: draw,
                    into: sink.buffer.baseAddress! + draw * layout.rowWidth)
                progress?.advance()
                finished.buffer[worker] += 1
                draw += workers
            }
            counts.buffer[worker] = Double(processed)
        }
        rows = Array(sink.buffer)
        pupilYears = counts.buffer.reduce(0) { $0 + Int($1) }
        completedDraws = finished.buffer.reduce(0) { $0 + Int($1) }
        sink.free(); counts.free(); finished.free()
    }

    /// Simulates one draw and writes its metric row; returns the child records processed.
    static func runDraw(
        plan: ProjectionPlan, layout: MetricLayout, seed: UInt64, draw: Int, into row: UnsafeMutablePointer<Double>
    ) -> Int {
        var simulation = DrawSimulation(plan: plan, seed: seed, draw: draw)
        var balances = Balances(
            budget: BudgetProjection(
                budget: plan.scenario.budget, blockGrowth: simulation.assumptions.blockGrowth,
                otherSpendGrowth: simulation.assumptions.otherSpendGrowth),
            opening: plan.scenario.budget.openingBalance)
        for (h, year) in plan.history.enumerated() {
            let prices = simulation.priceIndex.value(in: year.year)
            balances.record(year.year, spendOnPlans: plan.historySpend[h] * prices, priceIndex: prices, into: row) {
                layout.historyMoney($0, year: h)
            }
        }
        let groupIndex = plan.settingGroups.map {
            PlacementGroup.published.firstIndex(of: $0) ?? PlacementGroup.published.firstIndex(of: .unknown)!
        }
        var processed = 0
        for t in plan.stepYears.indices {
            processed += simulation.population.count
            let outcome = simulation.step(t)
            let la = recordAreas(outcome, plan: plan, layout: layout, groupIndex: groupIndex, year: t, into: row)
            let year = plan.stepYears[t]
            balances.record(
                year, spendOnPlans: la.spendOnPlans, formula: la.formula,
                priceIndex: simulation.priceIndex.value(in: year), into: row
            ) { layout.money($0, year: t) }
            recordProfile(simulation.population, layout: layout, year: t, into: row)
        }
        return processed
    }

    /// Writes a step's plans, flows, spend and formula funding for the LA (area 0) and each
    /// locality; returns the LA's spend on plans and formula funding, for its balances.
    static func recordAreas(
        _ outcome: StepOutcome, plan: ProjectionPlan, layout: MetricLayout, groupIndex: [Int], year t: Int,
        into row: UnsafeMutablePointer<Double>
    ) -> (spendOnPlans: Double, formula: Double) {
        let S = plan.settingCount, L = plan.localityCount, K = plan.blocks.count
        var laSpend = 0.0, laFormula = 0.0
        for a in 0...L {
            let base = row + layout.area(a, year: t)
            for i in 0..<layout.areaWidth { base[i] = 0 }
            let localities = a == 0 ? 0..<L : (a - 1)..<a
            for l in localities {
                for p in 0..<Phase.allCases.count {
                    base[layout.senSupport] += outcome.senSupport[l * Phase.allCases.count + p]
                }
                for s in 0..<S {
                    let c = l * S + s
                    let n = Double(outcome.stock[c])
                    base[layout.plans] += n
                    base[layout.setting(s)] += n
                    base[layout.group(groupIndex[s])] += n
                    base[layout.joiners] += Double(outcome.joiners[c])
                    base[layout.leavers] += Double(outcome.leavers[c])
                    base[layout.overflow] += Double(outcome.overflowOut[c])
                    base[layout.overCapacity] += Double(outcome.overCapacity[c])
                    base[layout.spend(s)] += outcome.spend[c]
                    base[layout.spendOnPlans] += outcome.spend[c]
                }
            }
            for k in 0..<K {
                for l in localities {
                    base[layout.funding(k)] += outcome.funding[k * L + l]
                    for s in 0..<S {
                        base[layout.funding(k, setting: s)] += outcome.fundingBySetting[(k * L + l) * S + s]
                    }
                }
            }
            if a == 0 {
                for k in 0..<K where !outcome.fundingFeasible[k] { base[layout.infeasible(k)] = 1 }
                laSpend = base[layout.spendOnPlans]
                laFormula = (0..<K).reduce(0.0) { $0 + base[layout.funding($1)] }
            }
        }
        return (laSpend, laFormula)
    }

    /// Counts the LA's children by setting x age group x need at the January just reached.
    static func recordProfile(
        _ population: Population, layout: MetricLayout, year t: Int, into row: UnsafeMutablePointer<Double>
    ) {
        guard layout.needs > 0 else { return }
        let start = row + layout.profile(year: t, setting: 0, ageGroup: .under5, need: 0)
        for i in 0..<layout.profileWidth { start[i] = 0 }
        let setting = population.setting, age = population.age, need = population.need
        let groupOfAge = AgeGroup.ofAge
        let A = AgeGroup.allCases.count, N = layout.needs
        for i in 0..<population.count {
            start[(Int(setting[i]) * A + groupOfAge[Int(age[i])]) * N + Int(need[i])] += 1
        }
    }
}

/// A buffer the worker threads write disjoint parts of (each draw its own row).
final class RowSink: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: 0)
    }
    func free() { buffer.deallocate() }
}
