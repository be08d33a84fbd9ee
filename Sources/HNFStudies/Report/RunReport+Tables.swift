import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The tables of `hnf run`'s document, a function a table: the first row is the header,
/// figures are cells that carry their kind and value.
extension RunReport {
    static func interval(_ s: Stats, _ f: (Double) -> String) -> String { "\(f(s.p50)) (\(f(s.p5))–\(f(s.p95)))" }
    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }

    // Cells for the figures the tables hold, each as the table output prints it.
    static func countCell(_ v: Double) -> ReportCell { ReportCell(Text.count(v), .count, value: v) }
    static func moneyCell(_ v: Double, signed: Bool = false) -> ReportCell {
        ReportCell(Text.millions(v, signed: signed), .pounds, value: v)
    }
    static func poundsCell(_ v: Double) -> ReportCell {
        ReportCell(Text.thousands(Int(v.rounded())), .pounds, value: v)
    }
    static func shareCell(_ v: Double?) -> ReportCell { ReportCell(Text.decimal1(v), .percent, value: v) }
    static func pointsCell(_ v: Double?) -> ReportCell {
        ReportCell(Text.decimal1(v, signed: true), .points, value: v)
    }
    static func chanceCell(_ p: Double) -> ReportCell { ReportCell(percent(p), .probability, value: p) }
    static func countInterval(_ s: Stats) -> ReportCell { ReportCell(s, .count) { Text.count($0) } }
    static func moneyInterval(_ s: Stats, signed: Bool = false) -> ReportCell {
        ReportCell(s, .pounds) { Text.millions($0, signed: signed) }
    }

    /// Plans and flows; pupils on SEN support too when the scenario counts them.
    func caseloadRows(_ area: AreaResult) -> [[ReportCell]] {
        let support = area.baseSENSupport > 0
        var rows: [[ReportCell]] = [
            ["Year", "Plans", "New plans", "Ceased", "Sent to overflow"] + (support ? ["SEN support"] : [])
        ]
        rows.append(
            [
                ReportCell("\(meta.baseYear)"),
                ReportCell("\(Text.thousands(area.basePlans)) actual", .count, value: Double(area.basePlans)), "", "",
                "",
            ]
                + (support ? [Self.countCell(area.baseSENSupport)] : []))
        for y in area.years {
            rows.append(
                [
                    ReportCell("\(y.year)"), Self.countInterval(y.plans), Self.countCell(y.joiners.p50),
                    Self.countCell(y.leavers.p50), Self.countCell(y.overflow.p50),
                ]
                    + (support ? [Self.countInterval(y.senSupport)] : []))
        }
        return rows
    }

    func mixRows(_ area: AreaResult) -> [[ReportCell]] {
        let groups = headlineGroups
        var header: [ReportCell] = ["Year"]
        for g in groups { header += [ReportCell("\(g.label) %"), "gap", "≥ England"] }
        var rows = [header]
        var base = [ReportCell("\(meta.baseYear)")]
        for g in groups {
            let share = area.baseShare[g] ?? 0
            base += [
                ReportCell("\(Text.decimal1(share)) actual", .percent, value: share),
                Self.pointsCell(england?.share[g].map { share - $0 }), "",
            ]
        }
        rows.append(base)
        for y in area.years {
            var row = [ReportCell("\(y.year)")]
            for g in groups {
                guard let gy = y.groups.first(where: { $0.group == g }) else { row += ["", "", ""]; continue }
                row += [
                    ReportCell(gy.share, .percent) { Text.decimal1($0) }, Self.pointsCell(gy.gap?.p50),
                    gy.atOrAboveEngland.map(Self.chanceCell) ?? "",
                ]
            }
            rows.append(row)
        }
        if let england, let last = meta.years.last {
            var row = [ReportCell("England trend \(last)")]
            for g in groups { row += [Self.shareCell(england.trend[g]?[last]), "", ""] }
            rows.append(row)
        }
        return rows
    }

    func closureLines(_ area: AreaResult) -> [String] {
        guard let england else { return [] }
        var out = [
            "When each gap closes (the share reaches England's January \(england.year) figure from where it starts):"
        ]
        for closure in area.closures where headlineGroups.contains(closure.group) {
            let when = closure.closesBy.map { "median year \($0)" } ?? "not by \(meta.years.last!) in most draws"
            out.append(
                "  \(closure.group.label): gap \(Text.decimal1(closure.baseGap, signed: true)) points in \(meta.baseYear); \(when); probability closed by \(meta.closeBy): \(Self.percent(closure.probabilityByYear))"
            )
        }
        return out
    }

    func groupRows(_ area: AreaResult) -> [[ReportCell]] {
        let groups = PlacementGroup.published
        var rows: [[ReportCell]] = [["Year"] + groups.map { ReportCell($0.label) }]
        rows.append([ReportCell("\(meta.baseYear) actual")] + groups.map { Self.shareCell(area.baseShare[$0] ?? 0) })
        for y in area.years {
            rows.append(
                [ReportCell("\(y.year)")]
                    + groups.map { g in Self.shareCell(y.groups.first { $0.group == g }?.share.p50) })
        }
        if let england {
            rows.append([ReportCell("England \(england.year)")] + groups.map { Self.shareCell(england.share[$0]) })
        }
        return rows
    }

    func moneyRows() -> [[ReportCell]] {
        let formula = money.contains { $0.formulaFunding.p95 != 0 }
        var rows: [[ReportCell]] = [
            ["Year", "Income", "Spend on plans"] + (formula ? ["Formula funding"] : []) + [
                "Other spend", "Total spend", "In-year balance", "Cumulative balance", "In balance",
            ]
        ]
        for m in money {
            rows.append(
                [
                    ReportCell(m.label + (m.isHistory ? " h" : "")), Self.moneyCell(m.income.p50),
                    Self.moneyCell(m.spendOnPlans.p50),
                ]
                    + (formula ? [Self.moneyCell(m.formulaFunding.p50)] : []) + [
                        Self.moneyCell(m.otherSpend.p50), Self.moneyInterval(m.spend),
                        Self.moneyInterval(m.inYearBalance, signed: true),
                        Self.moneyInterval(m.cumulativeBalance, signed: true),
                        m.isHistory ? "" : Self.chanceCell(m.inYearBalanceReached),
                    ])
        }
        return rows
    }

    /// Each block whose pot cannot meet its protection and cap in some financial year, with
    /// those years and the share of draws in which it cannot.
    func infeasibleBlocks() -> [(id: String, years: [(Int, Double)])] {
        (la.years.first?.fundingFeasible ?? []).compactMap { id, _ in
            let broken = la.years.compactMap { y in
                y.fundingFeasible.first { $0.id == id }.flatMap { $0.share < 1 ? (y.year - 1, 1 - $0.share) : nil }
            }
            return broken.isEmpty ? nil : (id, broken)
        }
    }

    func moneyNotes() -> [String] {
        var notes: [String] = []
        if money.contains(where: \.isHistory) {
            notes.append(
                "h = history year: SEN2's actual January count costed at the scenario's unit costs, place funding on the children there."
            )
        }
        if let base = meta.priceBase, let last = money.last {
            notes.append(
                "Unit costs, fees and place values at \(FinancialYear(base)) prices, uplifted by budget.prices: "
                    + "index \(String(format: "%.3f", last.priceIndex.p50)) in \(last.label) (p50); income grows by its own rates."
            )
        }
        if meta.hasConditionalIncome {
            notes.append(
                "Other income includes conditional money (Safety Valve); the next table shows the balances without it.")
        }
        return notes
    }

    func withoutConditionalRows() -> [[ReportCell]] {
        var rows: [[ReportCell]] = [
            [
                "Year", "Conditional income", "In-year balance without", "Cumulative balance without",
                "In balance without", "In balance with",
            ]
        ]
        for m in money {
            rows.append([
                ReportCell(m.label + (m.isHistory ? " h" : "")), Self.moneyCell(m.conditionalIncome.p50),
                Self.moneyInterval(m.inYearBalanceWithoutConditional, signed: true),
                Self.moneyInterval(m.cumulativeBalanceWithoutConditional, signed: true),
                m.isHistory ? "" : Self.chanceCell(m.inYearBalanceReachedWithoutConditional),
                m.isHistory ? "" : Self.chanceCell(m.inYearBalanceReached),
            ])
        }
        return rows
    }

    func publishedRows(_ years: [MoneyYear]) -> [[ReportCell]] {
        var rows: [[ReportCell]] = [
            ["31 March", "Modelled (p50, 90% interval)", "Published", "Difference", "Difference %"]
        ]
        for m in years {
            guard let published = m.publishedCumulativeBalance, let difference = m.publishedDifference else { continue }
            rows.append([
                ReportCell("\(m.year + 1)"), Self.moneyInterval(m.cumulativeBalance, signed: true),
                Self.moneyCell(published, signed: true), Self.moneyCell(difference, signed: true),
                ReportCell(
                    published != 0 ? Text.decimal1(difference / abs(published) * 100, signed: true) + "%" : "n/a"),
            ])
        }
        return rows
    }

    func settingRows() -> [[ReportCell]] {
        var rows: [[ReportCell]] = [
            ["Setting", ReportCell("\(meta.baseYear)")] + la.years.map { ReportCell("\($0.year)") }
        ]
        for (i, setting) in (la.years.first?.settings ?? []).enumerated() {
            rows.append(
                [ReportCell(setting.id), Self.countCell(Double(la.baseBySetting[i]))]
                    + la.years.map { Self.countInterval($0.settings[i].stats) })
        }
        return rows
    }

    /// Spend only, for a scenario without a budget.
    func spendRows() -> [[ReportCell]] {
        var rows: [[ReportCell]] = [["Year", "Spend on plans", "Other spend", "Total spend"]]
        for m in money {
            rows.append([
                ReportCell(m.label), Self.moneyInterval(m.spendOnPlans), Self.moneyCell(m.otherSpend.p50),
                Self.moneyInterval(m.spend),
            ])
        }
        return rows
    }

    func baselineRows(_ c: BaselineComparison) -> [[ReportCell]] {
        var rows: [[ReportCell]] = [
            [
                "January", "Plans", "Mainstream pp", "Special pp", "Spend £m (year to March)", "mechanical",
                "behavioural",
                "Cumulative balance £m", "mechanical", "behavioural",
            ]
        ]
        for y in c.years {
            rows.append([
                ReportCell("\(y.year)"),
                ReportCell(y.plans, .count) { ($0 > 0.5 ? "+" : "") + Text.thousands(Int($0.rounded())) },
                ReportCell(y.mainstreamShare, .points) { Text.decimal1($0, signed: true) },
                ReportCell(y.specialShare, .points) { Text.decimal1($0, signed: true) },
                Self.moneyInterval(y.spend, signed: true),
                Self.moneyCell(y.mechanicalSpend.p50, signed: true),
                Self.moneyCell(y.behaviouralSpend.p50, signed: true),
                Self.moneyInterval(y.cumulativeBalance, signed: true),
                Self.moneyCell(y.mechanicalBalance.p50, signed: true),
                Self.moneyCell(y.behaviouralBalance.p50, signed: true),
            ])
        }
        return rows
    }

    func gainRows(_ c: BaselineComparison) -> [[ReportCell]] {
        var rows: [[ReportCell]] = [["Locality", "Baseline", "Change", "Change %"]]
        for l in c.localities {
            let percent =
                l.baseline.p50 != 0
                ? ReportCell(
                    Text.decimal1(l.change.p50 / l.baseline.p50 * 100, signed: true), .percent,
                    value: l.change.p50 / l.baseline.p50 * 100) : "-"
            rows.append([
                ReportCell(l.name), Self.moneyCell(l.baseline.p50), Self.moneyInterval(l.change, signed: true), percent,
            ])
        }
        return rows
    }

    func fundingRows() -> [[ReportCell]] {
        var rows: [[ReportCell]] = [["Block"] + la.years.map { ReportCell(FinancialYear(containing: $0.year).label) }]
        for (k, block) in (la.years.first?.funding ?? []).enumerated() {
            rows.append([ReportCell(block.id)] + la.years.map { Self.moneyInterval($0.funding[k].stats) })
        }
        return rows
    }

    func fundingBySettingRows() -> [[ReportCell]] {
        var rows: [[ReportCell]] = [
            ["Block", "Setting"] + la.years.map { ReportCell(FinancialYear(containing: $0.year).label) }
        ]
        for (k, block) in (la.years.first?.fundingBySetting ?? []).enumerated() {
            let ids = Set(la.years.flatMap { $0.fundingBySetting[k].settings.map(\.id) })
            for setting in block.settings.map(\.id) + ids.subtracting(block.settings.map(\.id)).sorted() {
                rows.append(
                    [ReportCell(block.id), ReportCell(setting)]
                        + la.years.map { y in
                            Self.moneyCell(y.fundingBySetting[k].settings.first { $0.id == setting }?.stats.p50 ?? 0)
                        })
            }
        }
        return rows
    }

    func allocationRows() -> [[ReportCell]] {
        let ids = la.years.first?.funding.map(\.id) ?? []
        var rows: [[ReportCell]] = [
            ["Locality"] + ids.map { ReportCell($0) } + ["plans (place-plus)", "all", "£ per plan"]
        ]
        for area in [la] + localities {
            guard let y = area.years.last else { continue }
            let all = y.allocation?.p50 ?? y.spendOnPlans.p50
            rows.append(
                [ReportCell(area.id == la.id ? "All" : area.name)] + y.funding.map { Self.poundsCell($0.stats.p50) }
                    + [
                        Self.poundsCell(y.spendOnPlans.p50), Self.poundsCell(all),
                        y.plans.p50 > 0 ? Self.poundsCell(all / y.plans.p50) : "-",
                    ])
        }
        return rows
    }

    func settingSpendRows() -> [[ReportCell]] {
        var rows: [[ReportCell]] = [["Setting"] + la.years.map { ReportCell(FinancialYear(containing: $0.year).label) }]
        for (i, setting) in (la.years.first?.spendBySetting ?? []).enumerated() {
            rows.append([ReportCell(setting.id)] + la.years.map { Self.moneyCell($0.spendBySetting[i].stats.p50) })
        }
        rows.append(["all plans"] + la.years.map { Self.moneyCell($0.spendOnPlans.p50) })
        return rows
    }

    func localityRows() -> [[ReportCell]] {
        let groups: [PlacementGroup] = meta.groupsKnown ? [.mainstream, .special] : []
        var rows: [[ReportCell]] = [
            ["Locality", ReportCell("Plans \(meta.baseYear)"), "Plans"]
                + groups.map { ReportCell("\($0.label.split(separator: " ").first!) %") } + ["Spend £m"]
        ]
        for area in localities {
            guard let y = area.years.last else { continue }
            let shares = groups.map { g in Self.shareCell(y.groups.first { $0.group == g }?.share.p50) }
            rows.append(
                [ReportCell(area.name), Self.countCell(Double(area.basePlans)), Self.countInterval(y.plans)] + shares
                    + [
                        Self.moneyCell(y.spendOnPlans.p50)
                    ])
        }
        return rows
    }
}
