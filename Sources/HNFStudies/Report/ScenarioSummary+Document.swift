import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf describe` as a document: the files and projection, plans by placement group
/// against England, by locality, the settings' prices, then the money and the flows as
/// lists. Built once here; table, Markdown, JSON's `report` and the workbook render it.
extension ScenarioSummary {
    public var document: ReportDocument {
        let meta = scenario.meta
        let description = meta.description.split(whereSeparator: \.isNewline).joined(separator: " ")
        var blocks: [ReportBlock] = [
            .note(
                ReportNote(
                    .info,
                    [
                        "Files: \(scenario.files.joined(separator: " + "))",
                        "Projection: \(meta.horizon) years from \(meta.baseYear), \(meta.draws) draws, seed \(meta.seed); prices \(meta.priceBase)",
                    ])),
            .table(placementTable),
        ]
        if !englandExcludes.isEmpty, let published = englandPublished {
            let shares = [PlacementGroup.mainstream, .special].map {
                "\($0.label) \(Text.decimal1(published.share($0)))%"
            }.joined(separator: ", ")
            blocks.append(
                .note(
                    ReportNote(
                        .info,
                        [
                            "England is over the LAs that record placements (leaving out \(englandExcludes.joined(separator: ", ")), whose returns give totals only); published England: \(shares)."
                        ])))
        }
        blocks.append(.table(localityTable))
        if let note = scenario.localitySplitNote { blocks.append(.note(ReportNote(.warning, [note]))) }
        blocks.append(.table(settingTable))
        blocks.append(.note(ReportNote(.info, ["Money"] + moneyLines().map { "  " + $0 })))
        blocks.append(.note(ReportNote(.info, ["Flows"] + flowLines().map { "  " + $0 })))
        return ReportDocument(
            title: "\(meta.name): starting position, January \(meta.baseYear)",
            lead: description.isEmpty
                ? "Its children with EHC plans against England, by locality, its settings, money and flows."
                : description,
            blocks: blocks,
            attribution: meta.area != nil || scenario.document["ehc_plans"]?["derive"] != nil
                ? Attribution.sen2 : nil)
    }

    /// Plans by placement group against England.
    var placementTable: ReportTable {
        var rows: [[ReportCell]] = [["Placement", "Plans", "%", "England %", "Gap pp"]]
        for group in Self.groups {
            let share = mix.share(group).map(Percent.round1)
            let englandShare = england?.share(group).map(Percent.round1)
            let gap = share.flatMap { s in englandShare.map { Percent.round1(s - $0) } }
            let plans = mix.counts[group] ?? 0
            rows.append([
                ReportCell(group.label), ReportCell(Text.thousands(plans), .count, value: Double(plans)),
                ReportCell(Text.decimal1(share), .percent, value: share),
                ReportCell(Text.decimal1(englandShare), .percent, value: englandShare),
                ReportCell(Text.decimal1(gap, signed: true), .points, value: gap),
            ])
        }
        return ReportTable(
            id: "placements", title: "Children with EHC plans: \(Text.thousands(mix.plans))", rows)
    }

    /// Population, plans and placement shares by locality.
    var localityTable: ReportTable {
        var rows: [[ReportCell]] = [
            ["Locality", "Population", "Plans", "per 1,000", "Mainstr %", "Special %", "Post-16 %"]
        ]
        for (locality, mix) in byLocality {
            let population = locality.totalPopulation
            let per1000 = population > 0 ? Double(mix.plans) / population * 1000 : nil
            rows.append(
                [
                    ReportCell(locality.name),
                    ReportCell(Text.thousands(Int(population.rounded())), .count, value: population),
                    ReportCell(Text.thousands(mix.plans), .count, value: Double(mix.plans)),
                    ReportCell(Text.decimal1(per1000), .rate, value: per1000),
                ]
                    + [PlacementGroup.mainstream, .special, .post16].map {
                        ReportCell(Text.decimal1(mix.share($0)), .percent, value: mix.share($0))
                    })
        }
        return ReportTable(id: "localities", title: "By locality", rows)
    }

    /// Each setting's plans and prices in the base year.
    var settingTable: ReportTable {
        let year = scenario.meta.baseYear
        func pounds(_ v: Double) -> ReportCell { ReportCell(Text.thousands(Int(v)), .pounds, value: v) }
        var bySetting: [String: Int] = [:]
        for cell in scenario.stock { bySetting[cell.setting, default: 0] += cell.count }
        var rows: [[ReportCell]] = [["Setting", "Group", "Plans", "Place £", "Top-up £", "Fee £"]]
        for setting in scenario.settings {
            let topUps = setting.topUp.values.map { $0.value(in: year) }
            let topUp: ReportCell =
                topUps.isEmpty
                ? "-"
                : (topUps.min() == topUps.max()
                    ? pounds(topUps[0])
                    : ReportCell("\(Text.thousands(Int(topUps.min()!)))-\(Text.thousands(Int(topUps.max()!)))"))
            let plans = bySetting[setting.id] ?? 0
            rows.append([
                ReportCell(setting.name), ReportCell(setting.group.rawValue),
                ReportCell(Text.thousands(plans), .count, value: Double(plans)),
                pounds(setting.placeFunding.value(in: year)), topUp,
                setting.fee.map { pounds($0.value(in: year)) } ?? "-",
            ])
        }
        // The values in force in the base year, as the file states them: at the price base
        // where `budget.prices` gives one (the projection uplifts them), else cash.
        let basis = scenario.budget.prices.map { "at \(FinancialYear($0.base).label) prices" } ?? "cash"
        return ReportTable(
            id: "settings", title: "Settings (unit costs in force in \(year), \(basis))", rows, labelColumns: 2)
    }

    /// The budget: block, other income, balances, prices, funding blocks and responses.
    func moneyLines() -> [String] {
        var lines: [String] = []
        let budget = scenario.budget
        if !budget.declared {
            lines.append("No budget: spend is projected, income and balances are not.")
        } else {
            lines.append(
                "High needs block \(FinancialYear(budget.blockYear)): \(Text.millionsOfPounds(budget.blockAmount))"
                    + (budget.increments.isEmpty
                        ? ""
                        : "; increments "
                            + budget.increments.sorted { $0.key < $1.key }.map {
                                "\(FinancialYear($0.key)) +\(Text.millionsOfPounds($0.value))"
                            }.joined(separator: ", ")))
            if let first = blockByYear.first {
                lines.append(
                    "Block in \(FinancialYear(first.year)) before growth assumptions: \(Text.millionsOfPounds(first.amount))"
                )
            }
        }
        for income in budget.otherIncome {
            let total = income.amounts.values.reduce(0, +)
            let span = income.amounts.keys.sorted()
            lines.append(
                "\(income.name): \(Text.millionsOfPounds(total)) over \(span.first.map { FinancialYear($0).label } ?? "") to \(span.last.map { FinancialYear($0).label } ?? "")"
                    + (income.conditional ? " (conditional: balances are also shown without it)" : ""))
        }
        if let opening = budget.openingBalance {
            lines.append(
                "Cumulative DSG balance at the start of \(FinancialYear(opening.year)): \(Text.millionsOfPounds(opening.amount))"
            )
        }
        for (year, amount) in budget.publishedBalances.sorted(by: { $0.key < $1.key }) {
            lines.append("Published cumulative balance, 31 March \(year + 1): \(Text.millionsOfPounds(amount))")
        }
        if let prices = budget.prices {
            lines.append(
                "Unit costs at \(FinancialYear(prices.base)) prices, uplifted by budget.prices.growth"
                    + (budget.basis.map { "; basis: \($0)" } ?? ""))
        }
        let blockNames =
            scenario.fundingBlocks.map { "\($0.id) (\($0.typeName)\($0.from.map { " from \($0)" } ?? ""))" }
            + scenario.bandSystems.map { "\($0.id) (banded_top_up from \($0.from), \($0.existing.rawValue))" }
        if !blockNames.isEmpty { lines.append("Funding blocks: " + blockNames.joined(separator: ", ")) }
        for response in scenario.responses {
            lines.append("Response \(response.id) from \(response.from): \(response.because)")
        }
        return lines
    }

    /// New plans, ceasing and moves at the base year's mean rates.
    func flowLines() -> [String] {
        let year = scenario.meta.baseYear
        var lines: [String] = []
        func rates(_ values: [Phase: DatedValue<Distribution>], scale: Double, suffix: String) -> String {
            Phase.allCases.compactMap { p in
                values[p].map { "\(p.rawValue) \(Text.decimal1($0.value(in: year).mean * scale))\(suffix)" }
            }.joined(separator: ", ")
        }
        let flows = scenario.flows
        if !flows.newPlanRatePer1000.isEmpty {
            lines.append(
                "New plans a year per 1,000 children: " + rates(flows.newPlanRatePer1000, scale: 1, suffix: ""))
        }
        if !flows.newPlansPerYear.isEmpty {
            lines.append("New plans a year: " + rates(flows.newPlansPerYear, scale: 1, suffix: ""))
        }
        if let growth = flows.newPlanGrowth {
            lines.append("New plans grow by \(Text.decimal1(growth.mean * 100))% a year")
        }
        if !flows.newPlansByAge.isEmpty {
            let expected = flows.newPlansByAge.reduce(0.0) { total, entry in
                total + entry.value.rate.mean
                    * scenario.localities.reduce(0.0) { $0 + ($1.populationByAge[entry.key]?.value(in: year) ?? 0) }
            }
            lines.append(
                "New plans by single age (\(flows.newPlansByAge.count) ages): about \(Text.thousands(Int(expected.rounded()))) in \(year) at mean rates"
            )
        }
        lines.append(
            "Plans ceasing a year: " + rates(flows.ceasingRate, scale: 100, suffix: "%")
                + (flows.ceasingByAge.isEmpty
                    ? ""
                    : "; by age at \(flows.ceasingByAge.keys.sorted().map(String.init).joined(separator: ", ")) instead")
        )
        lines.append("Setting moves declared: \(flows.moves.count)")
        for (id, own) in scenario.localityFlowOverrides {
            let keys = Scenario.overrideKeyPaths(own, prefix: "").map { String($0.dropFirst()) }
            lines.append("\(id)'s own flows (in place of the LA's): " + keys.joined(separator: ", "))
        }
        let cells = flows.bySettingAndAge.values.reduce(0) { $0 + $1.count }
        if cells > 0 {
            let needCells = flows.bySettingAndAge.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.byNeed.count } }
            lines.append(
                "Leaving and moving estimated for \(cells) setting x age cells, with \(needCells) estimates for single needs within them"
            )
        }
        return lines
    }
}
