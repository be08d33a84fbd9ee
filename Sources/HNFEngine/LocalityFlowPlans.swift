import HNFCore
import HNFScenario

/// The flows of localities that override the LA's (`localities.ID.flows`), compiled: one
/// plan per such locality, from the scenario as its children see it
/// (`Scenario.withFlows(ofLocality:)`). Flow group 0 is the LA's own plan; a locality
/// with overrides is group 1, 2, … in file order.
package struct LocalityFlowPlans: Sendable {
    /// The plans of groups 1, 2, …
    package let plans: [ProjectionPlan]
    /// Per locality: its flow group (0: the LA's flows).
    let group: [Int]

    /// Nil when no locality overrides the LA's flows (then nothing gains a locality
    /// dimension). Records each override's key paths for `hnf explain`, under the
    /// locality's scope, in every projected year.
    init?(_ scenario: Scenario, national: NationalData?, _ recorder: TraceRecorder) throws {
        let overrides = scenario.localityFlowOverrides
        guard !overrides.isEmpty else { return nil }
        plans = try overrides.map { override in
            // A group's plan is read for its flows only: no starting stock (the LA's plan
            // holds every child) and no history years to cost.
            var flows = scenario.withFlows(ofLocality: override.id)
            flows.stock = []
            flows.budget.openingBalance = nil
            return try ProjectionPlan(flows, national: national)
        }
        var group = [Int](repeating: 0, count: scenario.localities.count)
        for (k, override) in overrides.enumerated() {
            guard let l = scenario.localities.firstIndex(where: { $0.id == override.id }) else { continue }
            group[l] = k + 1
            let paths = Scenario.overrideKeyPaths(override.flows, prefix: "localities.\(override.id).flows")
            for year in (0..<scenario.meta.horizon).map({ scenario.meta.baseYear + $0 }) {
                for path in paths { recorder.read(path, for: [.locality(override.id)], in: year) }
            }
        }
        self.group = group
    }
}

extension DrawSimulation {
    /// The assumptions of each locality flow group: the LA's draw of every parameter the
    /// locality inherits (`laWide.samples`), its own generator (purpose 101 + group) for
    /// what it changes; the LA's own draws are untouched.
    static func localityAssumptions(
        _ plan: ProjectionPlan, _ laWide: DrawAssumptions, seed: UInt64, draw: Int
    ) -> [DrawAssumptions] {
        (plan.localityFlows?.plans ?? []).enumerated().map { g, groupPlan in
            DrawAssumptions(
                plan: groupPlan, random: DrawRandom(seed: seed, draw: draw, purpose: .localityFlows(group: g)),
                responses: DrawRandom(seed: seed, draw: draw, purpose: .responses), inheriting: laWide.samples)
        }
    }

    /// The plan and assumptions locality `l`'s flows are read from.
    func flows(of l: Int) -> (plan: ProjectionPlan, assumptions: DrawAssumptions) {
        guard let groups = plan.localityFlows, groups.group[l] > 0 else { return (plan, assumptions) }
        return (groups.plans[groups.group[l] - 1], localityAssumptions[groups.group[l] - 1])
    }

    /// Step `t`'s leaving and moving tables: the LA's, and, when localities override flows,
    /// each flow group's after it.
    func yearTables(_ t: Int) -> YearTables {
        let laWide = YearTables(plan: plan, assumptions: assumptions, step: t, mix: mix)
        guard let groups = plan.localityFlows else { return laWide }
        let parts =
            [laWide]
            + zip(groups.plans, localityAssumptions).map { YearTables(plan: $0, assumptions: $1, step: t, mix: mix) }
        return YearTables(combining: parts, group: groups.group, settings: plan.settingCount)
    }

    /// Whether the tables built for step `step` hold in step `t` too (no dated rate of any
    /// flow group changes between them).
    func tablesHold(from step: Int, for t: Int) -> Bool {
        // (Setting shocks change the moves every step.)
        mix.settingShock.isEmpty
            && ([assumptions] + localityAssumptions).allSatisfy {
                $0.ceasing[step] == $0.ceasing[t] && $0.moveRate[step] == $0.moveRate[t]
                    && $0.cellMoveFactor[step] == $0.cellMoveFactor[t]
            }
    }

    /// Per locality: the chance a child moves house to another locality in step `t`, as a threshold.
    func localityMoveThresholds(_ t: Int) -> [UInt64] {
        (0..<plan.localityCount).map {
            YearTables.threshold(
                group(of: $0).map { localityAssumptions[$0].localityMove[t] } ?? assumptions.localityMove[t])
        }
    }

    /// Growth of pupils on SEN support in a locality and phase in step `t` (read in place:
    /// this runs for every locality and phase of every step, so it copies no assumptions).
    func senSupportGrowth(_ t: Int, locality l: Int, phase p: Int) -> Double {
        group(of: l).map { localityAssumptions[$0].senSupportGrowth[t][p] } ?? assumptions.senSupportGrowth[t][p]
    }

    /// The index in `localityAssumptions` of locality `l`'s flow group; nil for the LA's flows.
    func group(of l: Int) -> Int? {
        guard let groups = plan.localityFlows, groups.group[l] > 0 else { return nil }
        return groups.group[l] - 1
    }
}

extension YearTables {
    /// The tables of several flow groups one after another: group g's cells start at
    /// g × ages × settings × stride, its ages at g × ages. Groups with flows by need and
    /// groups without share the larger stride (a group without repeats each cell per need).
    init(combining parts: [YearTables], group: [Int], settings S: Int) {
        let A = ProjectionPlan.ageCount
        let stride = parts.map(\.needStride).max() ?? 1
        let slots = A * S * stride
        needStride = stride
        leave = OwnedBuffer(repeating: 0, count: slots * parts.count)
        move = OwnedBuffer(repeating: 0, count: slots * parts.count)
        transferOut = OwnedBuffer(repeating: 0, count: A * parts.count)
        moveStart = [Int32](repeating: 0, count: slots * parts.count + 1)
        moveCumulative = []
        moveTo = []
        for (g, part) in parts.enumerated() {
            for i in 0..<slots {
                let source = part.needStride == stride ? i : i / stride
                leave[g * slots + i] = part.leave[source]
                move[g * slots + i] = part.move[source]
                let lower = Int(part.moveStart[source]), upper = Int(part.moveStart[source + 1])
                moveCumulative += part.moveCumulative[lower..<upper]
                moveTo += part.moveTo[lower..<upper]
                moveStart[g * slots + i + 1] = Int32(moveCumulative.count)
            }
            for a in 0..<A { transferOut[g * A + a] = part.transferOut[a] }
        }
        cellOffset = OwnedBuffer(group.map { $0 * slots })
        ageOffset = OwnedBuffer(group.map { $0 * A })
    }
}

/// Where a locality's flow group starts in the year's tables. The age/leave/move pass is
/// generic over it, so that with no locality flows it compiles to the loop without offsets.
protocol FlowGroupOffsets {
    func cell(_ locality: Int) -> Int
    func age(_ locality: Int) -> Int
}

/// Every locality reads the LA's flows: no offsets.
struct LAWideFlows: FlowGroupOffsets {
    @inline(__always) func cell(_ locality: Int) -> Int { 0 }
    @inline(__always) func age(_ locality: Int) -> Int { 0 }
}

/// Localities read their flow group's cells (`YearTables(combining:)`).
struct LocalityFlowOffsets: FlowGroupOffsets {
    let cells: UnsafeMutablePointer<Int>, ages: UnsafeMutablePointer<Int>
    init(_ tables: YearTables) { (cells, ages) = (tables.cellOffset.pointer, tables.ageOffset.pointer) }
    @inline(__always) func cell(_ locality: Int) -> Int { cells[locality] }
    @inline(__always) func age(_ locality: Int) -> Int { ages[locality] }
}
