import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf describe`: a scenario's starting position, for a reader: its children with EHC
/// plans by placement group against England, by locality, its settings and its money.
/// A report model: computed once here, formatted by `render`.
public struct ScenarioSummary: Sendable {
    public var scenario: Scenario
    /// The starting mix as a `PlacementMix`, comparable with SEN2.
    public var mix: PlacementMix
    /// England in the base year, when the national data has it: over the LAs that record
    /// placements, as `hnf run` compares (`RunReport.england`).
    public var england: PlacementMix?
    /// The LAs England's mix leaves out (their returns give totals only), and the published mix.
    public var englandExcludes: [String] = []
    public var englandPublished: PlacementMix?
    public var byLocality: [(locality: Scenario.Locality, mix: PlacementMix)]
    /// The high needs block in each financial year of the projection, before growth
    /// assumptions: the base amount plus the published increments.
    public var blockByYear: [(year: Int, amount: Double)]

    public init(scenario: Scenario, national: NationalData?) {
        self.scenario = scenario
        func mix(_ locality: String?) -> PlacementMix {
            let counts = scenario.stockByGroup(locality: locality)
            return PlacementMix(plans: counts.values.reduce(0, +), counts: counts)
        }
        var baseMix = mix(nil)
        for group in PlacementGroup.published where baseMix.counts[group] == nil { baseMix.counts[group] = 0 }
        self.mix = baseMix
        let base = scenario.meta.baseYear
        englandPublished = national.flatMap { data in
            data.caseload(of: data.england, in: base).flatMap(PlacementMix.init(row:))
        }
        let recording = national.flatMap { data in data.recordingMix(of: data.england, in: base) }
        england = recording?.mix ?? englandPublished
        englandExcludes = recording?.excluded.map(\.name) ?? []
        byLocality = scenario.localities.map { ($0, mix($0.id)) }
        let budget = scenario.budget
        var amount = budget.blockAmount
        var years: [(Int, Double)] = []
        for year in budget.blockYear...(scenario.meta.baseYear + scenario.meta.horizon) {
            if year > budget.blockYear { amount += budget.increments[year] ?? 0 }
            if year >= scenario.meta.baseYear { years.append((year, amount)) }
        }
        blockByYear = years
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table, .xlsx: return table()
        case .markdown: return "```\n" + table() + "```\n"
        case .json: return JSONOutput.encode(jsonObject())
        case .csv: return csv()
        }
    }

    static let groups: [PlacementGroup] = [.mainstream, .special, .ap, .post16, .elsewhere, .earlyYears, .unknown]

    func table() -> String {
        let meta = scenario.meta
        var lines = headerLines()
        lines.append("")
        lines += placementLines()
        lines.append("")
        lines += localityLines()
        lines.append("")
        lines += settingLines()
        lines.append("")
        lines += moneyLines()
        lines.append("")
        lines += flowLines()
        if meta.area != nil || scenario.document["ehc_plans"]?["derive"] != nil {
            lines.append("")
            lines.append(contentsOf: wrap(Attribution.sen2, width: 80))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The title, description, files and projection settings.
    private func headerLines() -> [String] {
        let meta = scenario.meta
        var lines = ["\(meta.name): starting position, January \(meta.baseYear)"]
        if !meta.description.isEmpty {
            lines += wrap(meta.description.split(whereSeparator: \.isNewline).joined(separator: " "), width: 80)
        }
        lines.append("Files: \(scenario.files.joined(separator: " + "))")
        lines.append(
            "Projection: \(meta.horizon) years from \(meta.baseYear), \(meta.draws) draws, seed \(meta.seed); prices \(meta.priceBase)"
        )
        return lines
    }

    /// Plans by placement group against England.
    private func placementLines() -> [String] {
        var lines: [String] = []
        lines.append("Children with EHC plans: \(Text.thousands(mix.plans))")
        lines.append(
            Text.pad("Placement", 30, right: false) + Text.pad("Plans", 8) + Text.pad("%", 7)
                + Text.pad("England %", 11) + Text.pad("Gap pp", 8))
        for group in Self.groups {
            let share = mix.share(group).map(Percent.round1)
            let englandShare = england?.share(group).map(Percent.round1)
            let gap = share.flatMap { s in englandShare.map { Percent.round1(s - $0) } }
            lines.append(
                Text.pad(group.label, 30, right: false) + Text.pad(Text.thousands(mix.counts[group] ?? 0), 8)
                    + Text.pad(Text.decimal1(share), 7) + Text.pad(Text.decimal1(englandShare), 11)
                    + Text.pad(Text.decimal1(gap, signed: true), 8))
        }
        if !englandExcludes.isEmpty, let published = englandPublished {
            let shares = [PlacementGroup.mainstream, .special].map {
                "\($0.label) \(Text.decimal1(published.share($0)))%"
            }.joined(separator: ", ")
            lines.append(
                "England is over the LAs that record placements (leaving out \(englandExcludes.joined(separator: ", ")), whose returns give totals only); published England: \(shares)."
            )
        }
        return lines
    }

    /// Population, plans and placement shares by locality.
    private func localityLines() -> [String] {
        var lines: [String] = []
        lines.append("By locality")
        lines.append(
            Text.pad("Locality", 24, right: false) + Text.pad("Population", 11) + Text.pad("Plans", 7)
                + Text.pad("per 1,000", 10)
                + Text.pad("Mainstr %", 10) + Text.pad("Special %", 10) + Text.pad("Post-16 %", 10))
        for (locality, mix) in byLocality {
            let per1000 = locality.totalPopulation > 0 ? Double(mix.plans) / locality.totalPopulation * 1000 : nil
            lines.append(
                Text.pad(locality.name, 24, right: false)
                    + Text.pad(Text.thousands(Int(locality.totalPopulation.rounded())), 11)
                    + Text.pad(Text.thousands(mix.plans), 7) + Text.pad(Text.decimal1(per1000), 10)
                    + Text.pad(Text.decimal1(mix.share(.mainstream)), 10)
                    + Text.pad(Text.decimal1(mix.share(.special)), 10)
                    + Text.pad(Text.decimal1(mix.share(.post16)), 10))
        }
        if let note = scenario.localitySplitNote { lines.append(note) }
        return lines
    }

    /// Each setting's plans and prices in the base year.
    private func settingLines() -> [String] {
        let meta = scenario.meta
        var lines: [String] = []
        lines.append("Settings (prices in \(meta.baseYear))")
        lines.append(
            Text.pad("Setting", 30, right: false) + Text.pad("Group", 12, right: false) + Text.pad("Plans", 7)
                + Text.pad("Place £", 9) + Text.pad("Top-up £", 14) + Text.pad("Fee £", 8))
        var bySetting: [String: Int] = [:]
        for cell in scenario.stock { bySetting[cell.setting, default: 0] += cell.count }
        for setting in scenario.settings {
            let topUps = setting.topUp.values.map { $0.value(in: meta.baseYear) }
            let topUp =
                topUps.isEmpty
                ? "-"
                : (topUps.min() == topUps.max()
                    ? Text.thousands(Int(topUps[0]))
                    : "\(Text.thousands(Int(topUps.min()!)))-\(Text.thousands(Int(topUps.max()!)))")
            lines.append(
                Text.pad(setting.name, 29, right: false) + " " + Text.pad(setting.group.rawValue, 12, right: false)
                    + Text.pad(Text.thousands(bySetting[setting.id] ?? 0), 7)
                    + Text.pad(Text.thousands(Int(setting.placeFunding.value(in: meta.baseYear))), 9)
                    + Text.pad(topUp, 14)
                    + Text.pad(setting.fee.map { Text.thousands(Int($0.value(in: meta.baseYear))) } ?? "-", 8))
        }
        return lines
    }

    /// The budget: block, other income, balances, prices, funding blocks and responses.
    private func moneyLines() -> [String] {
        var lines: [String] = []
        lines.append("Money")
        let budget = scenario.budget
        if !budget.declared {
            lines.append("  No budget: spend is projected, income and balances are not.")
        } else {
            lines.append(
                "  High needs block \(FinancialYear(budget.blockYear)): \(Text.millionsOfPounds(budget.blockAmount))"
                    + (budget.increments.isEmpty
                        ? ""
                        : "; increments "
                            + budget.increments.sorted { $0.key < $1.key }.map {
                                "\(FinancialYear($0.key)) +\(Text.millionsOfPounds($0.value))"
                            }.joined(separator: ", ")))
            if let first = blockByYear.first {
                lines.append(
                    "  Block in \(FinancialYear(first.year)) before growth assumptions: \(Text.millionsOfPounds(first.amount))"
                )
            }
        }
        for income in budget.otherIncome {
            let total = income.amounts.values.reduce(0, +)
            let span = income.amounts.keys.sorted()
            lines.append(
                "  \(income.name): \(Text.millionsOfPounds(total)) over \(span.first.map { FinancialYear($0).label } ?? "") to \(span.last.map { FinancialYear($0).label } ?? "")"
                    + (income.conditional ? " (conditional: balances are also shown without it)" : ""))
        }
        if let opening = budget.openingBalance {
            lines.append(
                "  Cumulative DSG balance at the start of \(FinancialYear(opening.year)): \(Text.millionsOfPounds(opening.amount))"
            )
        }
        for (year, amount) in budget.publishedBalances.sorted(by: { $0.key < $1.key }) {
            lines.append("  Published cumulative balance, 31 March \(year + 1): \(Text.millionsOfPounds(amount))")
        }
        if let prices = budget.prices {
            lines.append(
                "  Unit costs at \(FinancialYear(prices.base)) prices, uplifted by budget.prices.growth"
                    + (budget.basis.map { "; basis: \($0)" } ?? ""))
        }
        let blockNames =
            scenario.fundingBlocks.map { "\($0.id) (\($0.typeName)\($0.from.map { " from \($0)" } ?? ""))" }
            + scenario.bandSystems.map { "\($0.id) (banded_top_up from \($0.from), \($0.existing.rawValue))" }
        if !blockNames.isEmpty { lines += wrap("  Funding blocks: " + blockNames.joined(separator: ", "), width: 80) }
        for response in scenario.responses {
            lines += wrap("  Response \(response.id) from \(response.from): \(response.because)", width: 80)
        }
        return lines
    }

    /// New plans, ceasing and moves at the base year's mean rates.
    private func flowLines() -> [String] {
        let meta = scenario.meta
        var lines: [String] = []
        lines.append("Flows")
        let year = meta.baseYear
        func rates(_ values: [Phase: DatedValue<Distribution>], scale: Double, suffix: String) -> String {
            Phase.allCases.compactMap { p in
                values[p].map { "\(p.rawValue) \(Text.decimal1($0.value(in: year).mean * scale))\(suffix)" }
            }.joined(separator: ", ")
        }
        let flows = scenario.flows
        if !flows.newPlanRatePer1000.isEmpty {
            lines += wrap(
                "  New plans a year per 1,000 children: " + rates(flows.newPlanRatePer1000, scale: 1, suffix: ""),
                width: 80)
        }
        if !flows.newPlansPerYear.isEmpty {
            lines += wrap("  New plans a year: " + rates(flows.newPlansPerYear, scale: 1, suffix: ""), width: 80)
        }
        if let growth = flows.newPlanGrowth {
            lines.append("  New plans grow by \(Text.decimal1(growth.mean * 100))% a year")
        }
        if !flows.newPlansByAge.isEmpty {
            let expected = flows.newPlansByAge.reduce(0.0) { total, entry in
                total + entry.value.rate.mean
                    * scenario.localities.reduce(0.0) { $0 + ($1.populationByAge[entry.key]?.value(in: year) ?? 0) }
            }
            lines.append(
                "  New plans by single age (\(flows.newPlansByAge.count) ages): about \(Text.thousands(Int(expected.rounded()))) in \(year) at mean rates"
            )
        }
        lines += wrap(
            "  Plans ceasing a year: " + rates(flows.ceasingRate, scale: 100, suffix: "%")
                + (flows.ceasingByAge.isEmpty
                    ? ""
                    : "; by age at \(flows.ceasingByAge.keys.sorted().map(String.init).joined(separator: ", ")) instead"),
            width: 80)
        lines.append("  Setting moves declared: \(scenario.flows.moves.count)")
        for (id, flows) in scenario.localityFlowOverrides {
            let keys = Scenario.overrideKeyPaths(flows, prefix: "").map { String($0.dropFirst()) }
            lines += wrap("  \(id)'s own flows (in place of the LA's): " + keys.joined(separator: ", "), width: 80)
        }
        let cells = flows.bySettingAndAge.values.reduce(0) { $0 + $1.count }
        if cells > 0 {
            let needCells = flows.bySettingAndAge.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.byNeed.count } }
            lines.append(
                "  Leaving and moving estimated for \(cells) setting x age cells, with \(needCells) estimates for single needs within them"
            )
        }
        return lines
    }

    public func jsonObject() -> [String: Any] {
        func groups(_ mix: PlacementMix) -> [String: Any] {
            var counts: [String: Any] = [:], shares: [String: Any] = [:]
            for group in Self.groups {
                counts[group.rawValue] = mix.counts[group] ?? 0
                shares[group.rawValue] = mix.share(group).map(Percent.round1) ?? 0
            }
            return ["plans": mix.plans, "counts": counts, "shares": shares]
        }
        var object: [String: Any] = [
            "schema": "hnf.describe.v1",
            "scenario": [
                "name": scenario.meta.name, "base_year": scenario.meta.baseYear, "horizon": scenario.meta.horizon,
                "draws": scenario.meta.draws, "seed": scenario.meta.seed, "files": scenario.files,
            ],
            "stock": groups(mix),
            "localities": byLocality.map {
                ["id": $0.locality.id, "name": $0.locality.name, "population": $0.locality.totalPopulation].merging(
                    groups($0.mix)
                ) { a, _ in a }
            },
            "high_needs_block": blockByYear.map { ["year": $0.year, "amount": $0.amount] },
        ]
        if let england { object["england"] = groups(england) }
        if let englandPublished, !englandExcludes.isEmpty {
            object["england_published"] = groups(englandPublished)
            object["england_excludes"] = englandExcludes
        }
        if let note = scenario.localitySplitNote { object["localities_note"] = note }
        return object
    }

    func csv() -> String {
        var lines = ["locality,group,plans,share_pc"]
        for (locality, mix) in byLocality {
            for group in Self.groups {
                lines.append(
                    Text.csvLine([
                        locality.id, group.rawValue, String(mix.counts[group] ?? 0),
                        mix.share(group).map { Text.decimal1($0) } ?? "",
                    ]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
