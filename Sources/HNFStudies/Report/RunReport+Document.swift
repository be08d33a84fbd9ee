import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf run`'s report as a document: every table and note in reading order, built once
/// here and rendered by each format (`ReportDocument+*.swift`).
extension RunReport {
    /// The groups the national debate is about; every group is in the next table and in JSON.
    var headlineGroups: [PlacementGroup] { [.mainstream, .special] }

    public var document: ReportDocument {
        ReportDocument(
            title: "\(meta.title.isEmpty ? meta.scenario : meta.title): projection to January \(meta.years.last!)",
            lead:
                "\(Text.thousands(meta.draws)) draws, seed \(meta.seed). Figures are medians (p50) with 90% intervals (p5 to p95).",
            blocks: childBlocks() + moneyBlocks() + fundingBlocks()
                + (againstBaseline.map(comparisonBlocks) ?? []) + localityBlocks(),
            attribution: attribution)
    }

    /// SEN2's attribution, where the report rests on SEN2 (an LA's stock or England's mix).
    var attribution: String? { england != nil || meta.area != nil ? Attribution.sen2 : nil }

    /// Plans, the placement mix against England, plans by setting.
    func childBlocks() -> [ReportBlock] {
        var out: [ReportBlock] = [
            .table(
                ReportTable(id: "plans", title: "Children and young people with EHC plans (January)", caseloadRows(la)))
        ]
        if let england {
            let yardstick = headlineGroups.map { "\($0.label) \(Text.decimal1(england.share[$0]))%" }.joined(
                separator: ", ")
            out.append(
                .table(
                    ReportTable(
                        id: "mix",
                        title: "Placement mix against England (England, January \(england.year): \(yardstick))",
                        mixRows(la))))
            out.append(.note(ReportNote(.info, closureLines(la))))
            if !england.excludes.isEmpty {
                let published = headlineGroups.map { "\($0.label) \(Text.decimal1(england.published[$0]))%" }.joined(
                    separator: ", ")
                out.append(
                    .note(
                        ReportNote(
                            .info,
                            [
                                "England is over the LAs that record placements (leaving out \(england.excludes.joined(separator: ", ")), whose returns give totals only); published England: \(published)."
                            ])))
            }
        }
        if meta.groupsKnown {
            out.append(
                .table(ReportTable(id: "groups", title: "All placement groups, % of plans (p50)", groupRows(la))))
        }
        out.append(.table(ReportTable(id: "settings", title: "Plans by setting (p50, 90% interval)", settingRows())))
        let estimated = estimatedNotes()
        if !estimated.isEmpty { out.append(.note(ReportNote(.warning, estimated))) }
        return out
    }

    /// Income, spend and the balance (with and without conditional income), and the
    /// published figures beside them; spend alone when the scenario has no budget.
    func moneyBlocks() -> [ReportBlock] {
        guard meta.budgetDeclared else {
            return [
                .table(
                    ReportTable(
                        id: "spend",
                        title: "Spend, £m by financial year (the scenario has no budget: no income or balance)",
                        spendRows()))
            ]
        }
        var out: [ReportBlock] = [
            .table(
                ReportTable(
                    id: "money",
                    title:
                        "Money, £m by financial year (income: high needs block and other income; spend: plans and other lines)",
                    moneyRows())),
            .note(ReportNote(.info, openingNote() + moneyNotes())),
        ]
        let warnings = moneyFallbackNotes()
        if !warnings.isEmpty { out.append(.note(ReportNote(.warning, warnings))) }
        if meta.hasConditionalIncome {
            out.append(
                .table(
                    ReportTable(
                        id: "without-conditional", title: "Without conditional income (Safety Valve), £m",
                        withoutConditionalRows())))
        }
        let published = money.filter { $0.publishedCumulativeBalance != nil }
        if !published.isEmpty {
            out.append(
                .table(
                    ReportTable(
                        id: "published-balance", title: "Cumulative balance at 31 March: modelled beside published, £m",
                        publishedRows(published))))
        }
        if !comparisons.isEmpty {
            out.append(
                .table(
                    ReportTable(
                        id: "comparators", title: "Published figures beside the modelled ones, £m",
                        text: comparatorRows())))
        }
        return out
    }

    /// Spend by setting, then each funding block, whether its pot can pay its
    /// protection, and what each locality receives.
    func fundingBlocks() -> [ReportBlock] {
        var out: [ReportBlock] = [
            .table(
                ReportTable(id: "spend-by-setting", title: "Spend on plans by setting, £m (p50)", settingSpendRows()))
        ]
        if let change = spendChange {
            out.append(
                .table(
                    ReportTable(
                        id: "spend-change",
                        title:
                            "Why spend changes from \(change.from) to \(change.to), £m (means of draws: the parts add up)",
                        decompositionRows(change))))
            if change.formula != 0 {
                out.append(
                    .note(
                        ReportNote(
                            .info,
                            [
                                "Where formula funding pays for children instead of their top-ups (a locality budget), the top-ups it replaces show as a fall in cost per plan and the pot as formula funding."
                            ])))
            }
        }
        guard let funding = la.years.first?.funding, !funding.isEmpty else { return out }
        out.append(
            .table(ReportTable(id: "funding", title: "Formula funding by block, £m (p50, 90% interval)", fundingRows()))
        )
        out += feasibilityNotes()
        let bySetting = fundingBySettingRows()
        if bySetting.count > 1 {
            out.append(
                .table(
                    ReportTable(
                        id: "funding-by-setting", title: "Formula funding by the setting its children are in, £m (p50)",
                        bySetting)))
        }
        out.append(
            .table(
                ReportTable(
                    id: "allocations",
                    title:
                        "Allocations by locality, \(money.last!.label), £ (p50): each block, spend on the locality's plans, and all it receives",
                    allocationRows())))
        return out
    }

    /// The what-if against its baseline: by year, then who gains and who loses, and why.
    func comparisonBlocks(_ comparison: BaselineComparison) -> [ReportBlock] {
        var out: [ReportBlock] = [
            .table(
                ReportTable(
                    id: "change",
                    title:
                        "Change against the baseline (same draws and seed; p50 of each draw's difference, 90% interval)",
                    baselineRows(comparison)))
        ]
        if let parts = comparison.spendChange {
            out.append(
                .table(
                    ReportTable(
                        id: "spend-change-against-baseline",
                        title:
                            "Why the what-if's spend differs from the baseline's in \(money.last!.label), £m (means of draws: the parts add up)",
                        decompositionRows(parts))))
        }
        guard !comparison.localities.isEmpty else { return out }
        out.append(
            .table(
                ReportTable(
                    id: "gains",
                    title:
                        "Who gains and who loses, \(money.last!.label): all a locality receives (spend on its plans and formula funding), £m",
                    gainRows(comparison))))
        let changes = relativeChanges(comparison)
        for formula in comparison.formulas {
            out.append(
                .table(
                    ReportTable(id: "why-\(formula.block)", title: formulaTitle(formula), text: formulaRows(formula))))
            if let why = formula.why(changes: changes) { out.append(.note(ReportNote(.info, [why]))) }
        }
        return out
    }

    func localityBlocks() -> [ReportBlock] {
        guard !localities.isEmpty else { return [] }
        var out: [ReportBlock] = [
            .table(
                ReportTable(
                    id: "localities", title: "By locality, January \(meta.years.last!) (p50, 90% interval for plans)",
                    localityRows()))
        ]
        if let note = meta.localitySplitNote { out.append(.note(ReportNote(.warning, [note]))) }
        return out
    }

    /// Where a block's pot cannot meet its protection and cap: said, never left silent;
    /// infeasible when it cannot in most draws of some year. One note, a line a block.
    func feasibilityNotes() -> [ReportBlock] {
        let broken = infeasibleBlocks()
        guard !broken.isEmpty else { return [] }
        let lines = broken.map { id, years in
            let when = years.map { "\(FinancialYear($0.0)) (\($0.1 < 0.01 ? "<1%" : Self.percent($0.1)) of draws)" }
                .joined(separator: ", ")
            return
                "\(years.contains { $0.1 > 0.5 } ? "INFEASIBLE" : "Warning"): \(id)'s pot cannot meet its protection and cap in \(when): every locality is then scaled to fit the pot, below its protection."
        }
        let infeasible = broken.contains { $0.years.contains { $0.1 > 0.5 } }
        return [.note(ReportNote(infeasible ? .infeasible : .warning, lines))]
    }
}
