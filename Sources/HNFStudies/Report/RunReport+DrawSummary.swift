import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension RunReport {
    /// The steps of `RunReport.init`: a projection's per-draw rows read into each area's
    /// years, gap closures and money years. One value holds what every step reads.
    struct DrawSummary {
        let projection: Projection
        let plan: ProjectionPlan
        let layout: MetricLayout
        let scenario: Scenario
        /// Draws.
        let D: Int
        /// The projected Januaries.
        let years: [Int]
        let england: England?
        let closeBy: Int
        /// The starting plans by setting of each area (0 the LA, `l + 1` locality `l`),
        /// counted in one pass over the children rather than one pass an area.
        let baseBySettingByArea: [[Int]]

        init(_ projection: Projection, years: [Int], england: England?, closeBy: Int) {
            self.projection = projection
            plan = projection.plan
            layout = projection.layout
            scenario = plan.scenario
            D = projection.draws
            self.years = years
            self.england = england
            self.closeBy = closeBy
            baseBySettingByArea = Self.baseBySetting(plan)
        }

        static func baseBySetting(_ plan: ProjectionPlan) -> [[Int]] {
            let S = plan.settingCount, base = plan.base
            var counts = [Int](repeating: 0, count: (plan.localityCount + 1) * S)
            for i in 0..<base.count { counts[(Int(base.locality[i]) + 1) * S + Int(base.setting[i])] += 1 }
            var areas = (0...plan.localityCount).map { Array(counts[$0 * S..<($0 + 1) * S]) }
            for l in 1..<areas.count { for s in 0..<S { areas[0][s] += areas[l][s] } }
            return areas
        }

        /// One figure across draws, from its offset in a draw's row.
        func values(_ offset: Int) -> [Double] { projection.values(at: offset) }

        /// Every area, the LA first: each summarised on its own (on the projection's
        /// threads, an area to a thread at a time), so the result is the same however many.
        func areas() -> [AreaResult] {
            let count = plan.localityCount + 1, workers = min(projection.threads, count)
            let slots = Slots<AreaResult>(count: count)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for a in stride(from: worker, to: count, by: workers) { slots[a] = area(a) }
            }
            return (0..<count).map { slots[$0]! }
        }

        /// Area `a`: 0 the LA, `l + 1` locality `l`.
        func area(_ a: Int) -> AreaResult {
            let id = a == 0 ? (scenario.meta.area ?? "all") : scenario.localities[a - 1].id
            let name = a == 0 ? scenario.meta.name : scenario.localities[a - 1].name
            let baseBySetting = baseBySettingByArea[a]
            var baseCounts = [PlacementGroup: Int]()
            for (s, count) in baseBySetting.enumerated() where count > 0 {
                baseCounts[plan.settingGroups[s], default: 0] += count
            }
            let basePlans = baseCounts.values.reduce(0, +)
            let baseShare = baseCounts.mapValues { basePlans > 0 ? Double($0) / Double(basePlans) * 100 : 0 }
            // Per-draw shares by group and year, kept for the closure years.
            var shares = [[[Double]]](repeating: [], count: layout.groups.count)
            let areaYears: [AreaYear] = years.indices.map { t in areaYear(a, t, shares: &shares) }
            let closures = gapClosures(baseShare: baseShare, shares: shares)
            let support = (a == 0 ? scenario.localities : [scenario.localities[a - 1]]).reduce(0.0) {
                $0 + $1.senSupport.values.reduce(0, +)
            }
            return AreaResult(
                id: id, name: name, basePlans: basePlans, baseBySetting: baseBySetting, baseSENSupport: support,
                baseShare: baseShare, years: areaYears, closures: closures)
        }

        /// Area `a` in projected January `t`; appends each group's per-draw shares to `shares`.
        func areaYear(_ a: Int, _ t: Int, shares: inout [[[Double]]]) -> AreaYear {
            let o = layout.area(a, year: t)
            let plans = values(o + layout.plans)
            let groupYears: [GroupYear] = layout.groups.enumerated().map { g, group in
                let counts = values(o + layout.group(g))
                let share = zip(counts, plans).map { $1 > 0 ? $0 / $1 * 100 : 0 }
                shares[g].append(share)
                let reference = england?.share[group]
                return GroupYear(
                    group: group, count: Stats(counts), share: Stats(share),
                    gap: reference.map { r in Stats(share.map { $0 - r }) },
                    englandTrend: england?.trend[group]?[years[t]],
                    atOrAboveEngland: reference.map { r in Double(share.filter { $0 >= r }.count) / Double(D) })
            }
            return AreaYear(
                year: years[t], plans: Stats(plans),
                settings: scenario.settings.enumerated().map { ($1.id, Stats(values(o + layout.setting($0)))) },
                groups: groupYears,
                joiners: Stats(values(o + layout.joiners)), leavers: Stats(values(o + layout.leavers)),
                overflow: Stats(values(o + layout.overflow)), overCapacity: Stats(values(o + layout.overCapacity)),
                senSupport: Stats(values(o + layout.senSupport)),
                spendBySetting: scenario.settings.enumerated().map { ($1.id, Stats(values(o + layout.spend($0)))) },
                spendOnPlans: Stats(values(o + layout.spendOnPlans)),
                funding: scenario.fundingBlocks.enumerated().map { ($1.id, Stats(values(o + layout.funding($0)))) },
                fundingBySetting: fundingBySetting(o),
                allocation: allocation(o),
                fundingFeasible: a == 0
                    ? scenario.fundingBlocks.enumerated().map { k, block in
                        (block.id, values(o + layout.infeasible(k)).reduce(0) { $0 + (1 - $1) } / Double(D))
                    } : [])
        }

        /// Each block's funding by setting, at the area-year offset `o` (settings it never pays left out).
        func fundingBySetting(_ o: Int) -> [(id: String, settings: [(id: String, stats: Stats)])] {
            scenario.fundingBlocks.enumerated().map { k, block in
                (
                    block.id,
                    scenario.settings.enumerated().compactMap { s, setting in
                        let v = values(o + layout.funding(k, setting: s))
                        return v.contains { $0 != 0 } ? (setting.id, Stats(v)) : nil
                    }
                )
            }
        }

        /// Spend on plans plus every block's funding, draw by draw; nil without blocks.
        func allocation(_ o: Int) -> Stats? {
            guard !scenario.fundingBlocks.isEmpty else { return nil }
            return Stats(
                (0..<D).map { d in
                    (0..<layout.blocks).reduce(projection.value(draw: d, at: o + layout.spendOnPlans)) {
                        $0 + projection.value(draw: d, at: o + layout.funding($1))
                    }
                })
        }

        /// When each group's gap to England's share closes, from the per-draw `shares`.
        func gapClosures(baseShare: [PlacementGroup: Double], shares: [[[Double]]]) -> [GapClosure] {
            guard let england else { return [] }
            var closures: [GapClosure] = []
            for (g, group) in layout.groups.enumerated() {
                guard let reference = england.share[group] else { continue }
                let gap = (baseShare[group] ?? 0) - reference
                // The first year each draw reaches England's share from the side it started on.
                let firstYears: [Double] = (0..<D).map { d in
                    if gap == 0 { return Double(scenario.meta.baseYear) }
                    for t in years.indices {
                        let s = shares[g][t][d]
                        if (gap < 0 && s >= reference) || (gap > 0 && s <= reference) { return Double(years[t]) }
                    }
                    return .infinity
                }
                closures.append(
                    GapClosure(
                        group: group, baseGap: gap, closesBy: RunReport.firstYearClosedInHalf(firstYears),
                        probabilityByYear: Double(firstYears.filter { $0 <= Double(closeBy) }.count) / Double(D)))
            }
            return closures
        }

        /// The history years (costed on SEN2's actual Januaries), then the projected ones.
        func money() -> [MoneyYear] {
            plan.history.enumerated().map { h, year in
                moneyYear(year.year, history: true) { layout.historyMoney($0, year: h) }
            }
                + plan.stepYears.enumerated().map { t, year in
                    moneyYear(year, history: false) { layout.money($0, year: t) }
                }
        }

        func moneyYear(_ year: Int, history: Bool, _ offset: (MetricLayout.Money) -> Int) -> MoneyYear {
            func stats(_ m: MetricLayout.Money) -> Stats { Stats(values(offset(m))) }
            let inYear = values(offset(.inYearBalance)), without = values(offset(.inYearBalanceWithoutConditional))
            var out = MoneyYear(
                year: year, isHistory: history, highNeedsBlock: stats(.highNeedsBlock),
                otherIncome: stats(.otherIncome),
                income: stats(.income), spendOnPlans: stats(.spendOnPlans), formulaFunding: stats(.formulaFunding),
                otherSpend: stats(.otherSpend),
                spend: stats(.spend), inYearBalance: stats(.inYearBalance),
                cumulativeBalance: stats(.cumulativeBalance),
                inYearBalanceReached: Double(inYear.filter { $0 >= 0 }.count) / Double(D))
            out.conditionalIncome = stats(.conditionalIncome)
            out.inYearBalanceWithoutConditional = Stats(without)
            out.cumulativeBalanceWithoutConditional = stats(.cumulativeBalanceWithoutConditional)
            out.inYearBalanceReachedWithoutConditional = Double(without.filter { $0 >= 0 }.count) / Double(D)
            out.priceIndex = stats(.priceIndex)
            out.publishedCumulativeBalance = scenario.budget.publishedBalances[year]
            return out
        }
    }
}

/// Results written by index from several threads, each index by one thread only (and read
/// once they have all finished): what `concurrentPerform` needs to hand results back.
private final class Slots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    subscript(i: Int) -> T? {
        get {
            precondition(i >= 0 && i < count)
            return base[i]
        }
        set {
            precondition(i >= 0 && i < count)
            base[i] = newValue
        }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
