import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension RunReport {
    /// Renders the report. `provenance` (tool, files, hashes, timing) goes only into JSON,
    /// the one format scripts compare; the other formats carry results only.
    public func render(_ format: OutputFormat, provenance: [String: Any] = [:]) -> String {
        switch format {
        case .table, .xlsx: return table()
        case .markdown: return markdown()
        case .csv: return csv()
        case .json:
            return JSONOutput.encode([
                "schema": RunReport.schema, "provenance": provenance, "results": resultsJSON(),
                "stats": ["pupil_years": pupilYears],
            ])
        }
    }

    public static let schema = "hnf.run.v1"

    // MARK: Table

    /// The groups the national debate is about; every group is in the next table and in JSON.
    var headlineGroups: [PlacementGroup] { [.mainstream, .special] }

    /// The report for people, in order: titled tables and notes. Table and Markdown
    /// render the same blocks.
    enum Block {
        case table(String, [[String]])
        case note([String])
    }

    func blocks(markdown: Bool) -> [Block] {
        var out: [Block] = [.table("Children and young people with EHC plans (January)", caseloadRows(la))]
        if let england {
            let yardstick = headlineGroups.map { "\($0.label) \(Text.decimal1(england.share[$0]))%" }.joined(
                separator: ", ")
            out.append(
                .table("Placement mix against England (England, January \(england.year): \(yardstick))", mixRows(la)))
            out.append(.note(closureLines(la)))
            if !england.excludes.isEmpty {
                let published = headlineGroups.map { "\($0.label) \(Text.decimal1(england.published[$0]))%" }.joined(
                    separator: ", ")
                out.append(
                    .note([
                        "England is over the LAs that record placements (leaving out \(england.excludes.joined(separator: ", ")), whose returns give totals only); published England: \(published)."
                    ]))
            }
        }
        if meta.groupsKnown { out.append(.table("All placement groups, % of plans (p50)", groupRows(la))) }
        out.append(.table("Plans by setting (p50, 90% interval)", settingRows()))
        let estimated = estimatedNotes()
        if !estimated.isEmpty { out.append(.note(estimated)) }
        if meta.budgetDeclared {
            out.append(
                .table(
                    "Money, £m by financial year (income: high needs block and other income; spend: plans and other lines)",
                    moneyRows()))
            out.append(.note(openingNote() + moneyNotes()))
            let warnings = moneyFallbackNotes()
            if !warnings.isEmpty { out.append(.note(warnings)) }
            if meta.hasConditionalIncome {
                out.append(.table("Without conditional income (Safety Valve), £m", withoutConditionalRows()))
            }
            let published = money.filter { $0.publishedCumulativeBalance != nil }
            if !published.isEmpty {
                out.append(
                    .table("Cumulative balance at 31 March: modelled beside published, £m", publishedRows(published)))
            }
            if !comparisons.isEmpty {
                out.append(.table("Published figures beside the modelled ones, £m", comparatorRows()))
            }
        } else {
            out.append(
                .table("Spend, £m by financial year (the scenario has no budget: no income or balance)", spendRows()))
        }
        out.append(.table("Spend on plans by setting, £m (p50)", settingSpendRows()))
        if let funding = la.years.first?.funding, !funding.isEmpty {
            out.append(.table("Formula funding by block, £m (p50, 90% interval)", fundingRows()))
            let broken = feasibilityNotes()
            if !broken.isEmpty { out.append(.note(broken)) }
            let bySetting = fundingBySettingRows()
            if bySetting.count > 1 {
                out.append(.table("Formula funding by the setting its children are in, £m (p50)", bySetting))
            }
            out.append(
                .table(
                    "Allocations by locality, \(money.last!.label), £ (p50): each block, spend on the locality's plans, and all it receives",
                    allocationRows()))
        }
        if let comparison = againstBaseline { out += comparisonBlocks(comparison) }
        if !localities.isEmpty {
            out.append(.table("By locality, January \(meta.years.last!) (p50, 90% interval for plans)", localityRows()))
            if let note = meta.localitySplitNote { out.append(.note([note])) }
        }
        return out
    }

    /// The what-if against its baseline: by year, then who gains and who loses, and why.
    func comparisonBlocks(_ comparison: BaselineComparison) -> [Block] {
        var out: [Block] = [
            .table(
                "Change against the baseline (same draws and seed; p50 of each draw's difference, 90% interval)",
                baselineRows(comparison))
        ]
        guard !comparison.localities.isEmpty else { return out }
        out.append(
            .table(
                "Who gains and who loses, \(money.last!.label): all a locality receives (spend on its plans and formula funding), £m",
                gainRows(comparison)))
        let changes = relativeChanges(comparison)
        for formula in comparison.formulas {
            out.append(.table(formulaTitle(formula), formulaRows(formula)))
            if let why = formula.why(changes: changes) { out.append(.note([why])) }
        }
        return out
    }

    /// SEN2's attribution, where the report rests on SEN2 (an LA's stock or England's mix).
    var attribution: String? { england != nil || meta.area != nil ? Attribution.sen2 : nil }

    func table() -> String {
        var lines: [String] = []
        lines.append("\(meta.title.isEmpty ? meta.scenario : meta.title): projection to January \(meta.years.last!)")
        lines.append(
            "\(Text.thousands(meta.draws)) draws, seed \(meta.seed). Figures are medians (p50) with 90% intervals (p5 to p95)."
        )
        lines.append("")
        for block in blocks(markdown: false) {
            switch block {
            case .table(let title, let rows): lines += section(title, rows, markdown: false)
            case .note(let note): lines += note
            }
            lines.append("")
        }
        if let attribution { lines.append(attribution) }
        return lines.joined(separator: "\n") + "\n"
    }

    func section(_ title: String, _ rows: [[String]], markdown: Bool) -> [String] {
        guard let header = rows.first else { return [] }
        if markdown {
            var out = [
                "### " + title, "", "| " + header.map(Text.markdownCell).joined(separator: " | ") + " |",
                "|" + header.indices.map { $0 == 0 ? ":---|" : "---:|" }.joined(),
            ]
            out += rows.dropFirst().map { "| " + $0.map(Text.markdownCell).joined(separator: " | ") + " |" }
            return out
        }
        let widths = header.indices.map { c in rows.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        var out = [title]
        for row in rows {
            let cells = row.enumerated().map { c, cell in Text.pad(cell, widths[c], right: c > 0) }
            out.append("  " + cells.joined(separator: "  "))
        }
        return out
    }

    static func interval(_ s: Stats, _ f: (Double) -> String) -> String { "\(f(s.p50)) (\(f(s.p5))–\(f(s.p95)))" }
    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }

    /// Plans and flows; pupils on SEN support too when the scenario counts them.
    func caseloadRows(_ area: AreaResult) -> [[String]] {
        let support = area.baseSENSupport > 0
        var rows = [["Year", "Plans", "New plans", "Ceased", "Sent to overflow"] + (support ? ["SEN support"] : [])]
        rows.append(
            ["\(meta.baseYear)", "\(Text.thousands(area.basePlans)) actual", "", "", ""]
                + (support ? [Text.count(area.baseSENSupport)] : []))
        for y in area.years {
            rows.append(
                [
                    "\(y.year)", Self.interval(y.plans, { Text.count($0) }), Text.count(y.joiners.p50),
                    Text.count(y.leavers.p50), Text.count(y.overflow.p50),
                ]
                    + (support ? [Self.interval(y.senSupport, { Text.count($0) })] : []))
        }
        return rows
    }

    func mixRows(_ area: AreaResult) -> [[String]] {
        let groups = headlineGroups
        var header = ["Year"]
        for g in groups { header += ["\(g.label) %", "gap", "≥ England"] }
        var rows = [header]
        var base = ["\(meta.baseYear)"]
        for g in groups {
            let share = area.baseShare[g] ?? 0
            base += [
                "\(Text.decimal1(share)) actual", Text.decimal1(england?.share[g].map { share - $0 }, signed: true), "",
            ]
        }
        rows.append(base)
        for y in area.years {
            var row = ["\(y.year)"]
            for g in groups {
                guard let gy = y.groups.first(where: { $0.group == g }) else { row += ["", "", ""]; continue }
                row += [
                    Self.interval(gy.share) { Text.decimal1($0) }, Text.decimal1(gy.gap?.p50, signed: true),
                    gy.atOrAboveEngland.map(Self.percent) ?? "",
                ]
            }
            rows.append(row)
        }
        if let england, let last = meta.years.last {
            var row = ["England trend \(last)"]
            for g in groups { row += [Text.decimal1(england.trend[g]?[last]), "", ""] }
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

    func groupRows(_ area: AreaResult) -> [[String]] {
        let groups = PlacementGroup.published
        var rows = [["Year"] + groups.map(\.label)]
        rows.append(["\(meta.baseYear) actual"] + groups.map { Text.decimal1(area.baseShare[$0] ?? 0) })
        for y in area.years {
            rows.append(["\(y.year)"] + groups.map { g in Text.decimal1(y.groups.first { $0.group == g }?.share.p50) })
        }
        if let england { rows.append(["England \(england.year)"] + groups.map { Text.decimal1(england.share[$0]) }) }
        return rows
    }

    func moneyRows() -> [[String]] {
        let formula = money.contains { $0.formulaFunding.p95 != 0 }
        var rows = [
            ["Year", "Income", "Spend on plans"] + (formula ? ["Formula funding"] : []) + [
                "Other spend", "Total spend", "In-year balance", "Cumulative balance", "In balance",
            ]
        ]
        for m in money {
            rows.append(
                [m.label + (m.isHistory ? " h" : ""), Text.millions(m.income.p50), Text.millions(m.spendOnPlans.p50)]
                    + (formula ? [Text.millions(m.formulaFunding.p50)] : []) + [
                        Text.millions(m.otherSpend.p50), Self.interval(m.spend) { Text.millions($0) },
                        Self.interval(m.inYearBalance) { Text.millions($0, signed: true) },
                        Self.interval(m.cumulativeBalance) { Text.millions($0, signed: true) },
                        m.isHistory ? "" : Self.percent(m.inYearBalanceReached),
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

    /// Where a block's pot cannot meet its protection and cap: said, never left silent.
    func feasibilityNotes() -> [String] {
        var notes: [String] = []
        for (id, broken) in infeasibleBlocks() {
            let years = broken.map { "\(FinancialYear($0.0)) (\($0.1 < 0.01 ? "<1%" : Self.percent($0.1)) of draws)" }
                .joined(separator: ", ")
            let label = broken.contains { $0.1 > 0.5 } ? "INFEASIBLE" : "Warning"
            notes.append(
                "\(label): \(id)'s pot cannot meet its protection and cap in \(years): every locality is then scaled to fit the pot, below its protection."
            )
        }
        return notes
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

    func withoutConditionalRows() -> [[String]] {
        var rows = [
            [
                "Year", "Conditional income", "In-year balance without", "Cumulative balance without",
                "In balance without", "In balance with",
            ]
        ]
        for m in money {
            rows.append([
                m.label + (m.isHistory ? " h" : ""), Text.millions(m.conditionalIncome.p50),
                Self.interval(m.inYearBalanceWithoutConditional) { Text.millions($0, signed: true) },
                Self.interval(m.cumulativeBalanceWithoutConditional) { Text.millions($0, signed: true) },
                m.isHistory ? "" : Self.percent(m.inYearBalanceReachedWithoutConditional),
                m.isHistory ? "" : Self.percent(m.inYearBalanceReached),
            ])
        }
        return rows
    }

    func publishedRows(_ years: [MoneyYear]) -> [[String]] {
        var rows = [["31 March", "Modelled (p50, 90% interval)", "Published", "Difference", "Difference %"]]
        for m in years {
            guard let published = m.publishedCumulativeBalance, let difference = m.publishedDifference else { continue }
            rows.append([
                "\(m.year + 1)", Self.interval(m.cumulativeBalance) { Text.millions($0, signed: true) },
                Text.millions(published, signed: true),
                Text.millions(difference, signed: true),
                published != 0 ? Text.decimal1(difference / abs(published) * 100, signed: true) + "%" : "n/a",
            ])
        }
        return rows
    }

    func settingRows() -> [[String]] {
        var rows = [["Setting", "\(meta.baseYear)"] + la.years.map { "\($0.year)" }]
        for (i, setting) in (la.years.first?.settings ?? []).enumerated() {
            rows.append(
                [setting.id, Text.thousands(la.baseBySetting[i])]
                    + la.years.map { Self.interval($0.settings[i].stats, { Text.count($0) }) })
        }
        return rows
    }

    /// Spend only, for a scenario without a budget.
    func spendRows() -> [[String]] {
        var rows = [["Year", "Spend on plans", "Other spend", "Total spend"]]
        for m in money {
            rows.append([
                m.label, Self.interval(m.spendOnPlans) { Text.millions($0) }, Text.millions(m.otherSpend.p50),
                Self.interval(m.spend) { Text.millions($0) },
            ])
        }
        return rows
    }

    func baselineRows(_ c: BaselineComparison) -> [[String]] {
        var rows = [
            [
                "January", "Plans", "Mainstream pp", "Special pp", "Spend £m (year to March)", "mechanical",
                "behavioural",
                "Cumulative balance £m", "mechanical", "behavioural",
            ]
        ]
        for y in c.years {
            rows.append([
                "\(y.year)", Self.interval(y.plans) { ($0 > 0.5 ? "+" : "") + Text.thousands(Int($0.rounded())) },
                Self.interval(y.mainstreamShare) { Text.decimal1($0, signed: true) },
                Self.interval(y.specialShare) { Text.decimal1($0, signed: true) },
                Self.interval(y.spend) { Text.millions($0, signed: true) },
                Text.millions(y.mechanicalSpend.p50, signed: true), Text.millions(y.behaviouralSpend.p50, signed: true),
                Self.interval(y.cumulativeBalance) { Text.millions($0, signed: true) },
                Text.millions(y.mechanicalBalance.p50, signed: true),
                Text.millions(y.behaviouralBalance.p50, signed: true),
            ])
        }
        return rows
    }

    func gainRows(_ c: BaselineComparison) -> [[String]] {
        var rows = [["Locality", "Baseline", "Change", "Change %"]]
        for l in c.localities {
            let percent = l.baseline.p50 != 0 ? Text.decimal1(l.change.p50 / l.baseline.p50 * 100, signed: true) : "-"
            rows.append([
                l.name, Text.millions(l.baseline.p50), Self.interval(l.change) { Text.millions($0, signed: true) },
                percent,
            ])
        }
        return rows
    }

    func fundingRows() -> [[String]] {
        var rows = [["Block"] + la.years.map { FinancialYear(containing: $0.year).label }]
        for (k, block) in (la.years.first?.funding ?? []).enumerated() {
            rows.append([block.id] + la.years.map { Self.interval($0.funding[k].stats) { Text.millions($0) } })
        }
        return rows
    }

    func fundingBySettingRows() -> [[String]] {
        var rows = [["Block", "Setting"] + la.years.map { FinancialYear(containing: $0.year).label }]
        for (k, block) in (la.years.first?.fundingBySetting ?? []).enumerated() {
            let ids = Set(la.years.flatMap { $0.fundingBySetting[k].settings.map(\.id) })
            for setting in block.settings.map(\.id) + ids.subtracting(block.settings.map(\.id)).sorted() {
                rows.append(
                    [block.id, setting]
                        + la.years.map { y in
                            Text.millions(y.fundingBySetting[k].settings.first { $0.id == setting }?.stats.p50 ?? 0)
                        })
            }
        }
        return rows
    }

    func allocationRows() -> [[String]] {
        let ids = la.years.first?.funding.map(\.id) ?? []
        var rows = [["Locality"] + ids + ["plans (place-plus)", "all", "£ per plan"]]
        for area in [la] + localities {
            guard let y = area.years.last else { continue }
            let all = y.allocation?.p50 ?? y.spendOnPlans.p50
            rows.append(
                [area.id == la.id ? "All" : area.name] + y.funding.map { Text.thousands(Int($0.stats.p50.rounded())) }
                    + [
                        Text.thousands(Int(y.spendOnPlans.p50.rounded())), Text.thousands(Int(all.rounded())),
                        y.plans.p50 > 0 ? Text.thousands(Int((all / y.plans.p50).rounded())) : "-",
                    ])
        }
        return rows
    }

    func settingSpendRows() -> [[String]] {
        var rows = [["Setting"] + la.years.map { FinancialYear(containing: $0.year).label }]
        for (i, setting) in (la.years.first?.spendBySetting ?? []).enumerated() {
            rows.append([setting.id] + la.years.map { Text.millions($0.spendBySetting[i].stats.p50) })
        }
        rows.append(["all plans"] + la.years.map { Text.millions($0.spendOnPlans.p50) })
        return rows
    }

    func localityRows() -> [[String]] {
        let groups: [PlacementGroup] = meta.groupsKnown ? [.mainstream, .special] : []
        var rows = [
            ["Locality", "Plans \(meta.baseYear)", "Plans"]
                + groups.map { "\($0.label.split(separator: " ").first!) %" } + ["Spend £m"]
        ]
        for area in localities {
            guard let y = area.years.last else { continue }
            let shares = groups.map { g in Text.decimal1(y.groups.first { $0.group == g }?.share.p50) }
            rows.append(
                [area.name, Text.thousands(area.basePlans), Self.interval(y.plans, { Text.count($0) })] + shares + [
                    Text.millions(y.spendOnPlans.p50)
                ])
        }
        return rows
    }

    // MARK: Markdown

    func markdown() -> String {
        var lines = [
            "## \(meta.title.isEmpty ? meta.scenario : meta.title): projection to January \(meta.years.last!)", "",
            "\(Text.thousands(meta.draws)) draws, seed \(meta.seed). Figures are medians (p50) with 90% intervals (p5 to p95).",
            "",
        ]
        for block in blocks(markdown: true) {
            switch block {
            case .table(let title, let rows): lines += section(title, rows, markdown: true)
            case .note(let note): lines += note.map { $0.hasPrefix("  ") ? "- " + $0.dropFirst(2) : $0 }
            }
            lines.append("")
        }
        if let attribution { lines.append("_\(attribution)_") }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    func resultsJSON() -> [String: Any] {
        var out: [String: Any] = [
            "scenario": meta.scenario, "title": meta.title, "overlays": meta.overlays,
            "basis": meta.basis as Any? ?? NSNull(),
            "price_base": meta.priceBase as Any? ?? NSNull(),
            "base_year": meta.baseYear, "draws": meta.draws, "seed": meta.seed,
            "close_by": meta.closeBy,
            "years": la.years.map { yearJSON($0) },
            "base": baseJSON(la),
            "gap_closure": closureJSON(la),
            "money": money.map { m -> [String: Any] in
                var o: [String: Any] = [
                    "financial_year": m.year, "label": m.label, "history": m.isHistory,
                    "p_in_year_balance": m.inYearBalanceReached,
                    "p_in_year_balance_without_conditional": m.inYearBalanceReachedWithoutConditional,
                ]
                for (name, s) in m.measures { o[name] = s.json }
                if let published = m.publishedCumulativeBalance, let difference = m.publishedDifference {
                    o["published_cumulative_balance"] = published
                    o["published_difference"] = difference
                }
                return o
            },
            "localities": localities.map { area -> [String: Any] in
                [
                    "id": area.id, "name": area.name, "base": baseJSON(area), "years": area.years.map { yearJSON($0) },
                    "gap_closure": closureJSON(area),
                ]
            },
        ]
        if let area = meta.area { out["area"] = area }
        if let note = meta.localitySplitNote { out["localities_note"] = note }
        if !meta.moneyFallbacks.isEmpty { out["money_fallbacks"] = meta.moneyFallbacks }
        if !meta.estimated.isEmpty { out["estimated"] = meta.estimated }
        if !comparisons.isEmpty { out["comparators"] = comparatorsJSON() }
        if let opening = meta.opening, meta.budgetDeclared {
            out["opening_balance"] = ["year": opening.year, "amount": opening.amount]
        }
        if let c = againstBaseline {
            out["against_baseline"] = [
                "years": c.years.map {
                    [
                        "year": $0.year, "plans": $0.plans.json, "mainstream_share_pp": $0.mainstreamShare.json,
                        "special_share_pp": $0.specialShare.json, "spend": $0.spend.json,
                        "cumulative_balance": $0.cumulativeBalance.json,
                        "spend_mechanical": $0.mechanicalSpend.json, "spend_behavioural": $0.behaviouralSpend.json,
                        "cumulative_balance_mechanical": $0.mechanicalBalance.json,
                        "cumulative_balance_behavioural": $0.behaviouralBalance.json,
                    ] as [String: Any]
                },
                "localities": c.localities.map {
                    ["id": $0.id, "name": $0.name, "baseline": $0.baseline.json, "change": $0.change.json]
                        as [String: Any]
                },
                "locality_budgets": c.formulas.map { [changes = relativeChanges(c)] in formulaJSON($0, changes: changes)
                },
            ]
        }
        if let england {
            out["england"] = [
                "year": england.year, "trend_from": england.trendFrom,
                "share": Dictionary(uniqueKeysWithValues: england.share.map { ($0.key.rawValue, $0.value) }),
                "published_share": Dictionary(
                    uniqueKeysWithValues: england.published.map { ($0.key.rawValue, $0.value) }),
                "excludes": england.excludes,
                "trend": Dictionary(
                    uniqueKeysWithValues: england.trend.map { g, t in
                        (g.rawValue, Dictionary(uniqueKeysWithValues: t.map { ("\($0.key)", $0.value) }))
                    }),
            ]
        }
        return out
    }

    func baseJSON(_ area: AreaResult) -> [String: Any] {
        [
            "year": meta.baseYear, "plans": area.basePlans,
            "share": Dictionary(uniqueKeysWithValues: area.baseShare.map { ($0.key.rawValue, $0.value) }),
        ]
    }

    func closureJSON(_ area: AreaResult) -> [String: Any] {
        Dictionary(
            uniqueKeysWithValues: area.closures.map { c in
                (
                    c.group.rawValue,
                    [
                        "base_gap": c.baseGap, "closes_by_p50": c.closesBy as Any? ?? NSNull(),
                        "by_year": meta.closeBy, "probability_by_year": c.probabilityByYear,
                    ] as [String: Any]
                )
            })
    }

    func yearJSON(_ y: AreaYear) -> [String: Any] {
        var groups: [String: Any] = [:]
        for g in y.groups {
            var o: [String: Any] = ["count": g.count.json, "share": g.share.json]
            if let gap = g.gap { o["gap"] = gap.json }
            if let trend = g.englandTrend { o["england_trend"] = trend }
            if let p = g.atOrAboveEngland { o["p_at_or_above_england"] = p }
            if let e = england?.share[g.group] { o["england"] = e }
            groups[g.group.rawValue] = o
        }
        return [
            "year": y.year, "plans": y.plans.json,
            "settings": Dictionary(uniqueKeysWithValues: y.settings.map { ($0.id, $0.stats.json) }),
            "groups": groups, "joiners": y.joiners.json, "leavers": y.leavers.json,
            "overflow": y.overflow.json, "over_capacity": y.overCapacity.json, "sen_support": y.senSupport.json,
            "spend_by_setting": Dictionary(uniqueKeysWithValues: y.spendBySetting.map { ($0.id, $0.stats.json) }),
            "cost": y.spendOnPlans.json,
        ]
        .merging(
            y.fundingFeasible.isEmpty
                ? [:]
                : ["funding_feasible": Dictionary(uniqueKeysWithValues: y.fundingFeasible.map { ($0.id, $0.share) })]
        ) { a, _ in a }
        .merging(
            y.funding.isEmpty
                ? [:]
                : [
                    "funding": Dictionary(uniqueKeysWithValues: y.funding.map { ($0.id, $0.stats.json) }),
                    "funding_by_setting": Dictionary(
                        uniqueKeysWithValues: y.fundingBySetting.map { block in
                            (block.id, Dictionary(uniqueKeysWithValues: block.settings.map { ($0.id, $0.stats.json) }))
                        }),
                    "allocation": y.allocation?.json ?? [:],
                ]
        ) { a, _ in a }
    }
}

extension RunReport.MoneyYear {
    var measures: [(String, Stats)] {
        [
            ("high_needs_block", highNeedsBlock), ("other_income", otherIncome), ("income", income),
            ("spend_on_plans", spendOnPlans),
            ("formula_funding", formulaFunding), ("other_spend", otherSpend), ("spend", spend),
            ("in_year_balance", inYearBalance), ("cumulative_balance", cumulativeBalance),
            ("conditional_income", conditionalIncome),
            ("in_year_balance_without_conditional", inYearBalanceWithoutConditional),
            ("cumulative_balance_without_conditional", cumulativeBalanceWithoutConditional),
            ("price_index", priceIndex),
        ]
    }
}
