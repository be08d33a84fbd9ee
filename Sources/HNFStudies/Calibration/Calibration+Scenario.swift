import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Calibration {
    /// Calibration's figures: to `places` decimals, trailing zeros dropped.
    static func f(_ v: Double, _ places: Int = 4) -> String { CohortFlows.number(v, places) }
    static func n(_ v: Double, _ places: Int = 4) -> YAMLNode { .number(v, .places(places)) }

    /// The calibrated scenario as `hnf.scenario.v1` YAML: one locality (the LA), the
    /// calibrated settings, stock and flows, every figure with where it came from.
    /// `money`: the area's published money (`CalibratedMoney`); without it the block is 0
    /// and the scenario says so in `budget.fallbacks`, so every report warns.
    /// `unitCosts`: settings' cost entries calibrated to Section 251 outturn (`UnitCosts.scenarioCosts`), in place of the defaults.
    /// `pilot`: the growth fixed at its mean, for the anchoring run (`anchoredScenarioYAML`).
    public func scenarioYAML(
        horizon: Int, draws: Int, seed: Int, unitCosts: [String: [YAMLEntry]] = [:], pilot: Bool = false,
        money: CalibratedMoney? = nil, moneyProblem: String? = nil
    ) -> String {
        let budget =
            money?.budgetEntry(last: to + horizon - 1)
            ?? YAMLEntry(
                "budget",
                .block([
                    YAMLEntry(
                        "high_needs_block", .flow([("year", .integer(to)), ("amount", .integer(0))])),
                    YAMLEntry(
                        "fallbacks",
                        .blockList([
                            YAMLItem(
                                .quoted(
                                    "no money calibrated (\(moneyProblem ?? "the national money tables were not read")): income is 0 and the balance is spend alone"
                                ))
                        ])),
                ]))
        return YAMLDocument(
            headerEntries(horizon: horizon, draws: draws, seed: seed, unitCosts: unitCosts, money: money != nil)
                + [YAMLEntry("settings", .block(settingsEntries(unitCosts: unitCosts)))] + stockEntries()
                + [
                    YAMLEntry("flows", .block(flowsEntries(horizon: horizon, pilot: pilot))),
                    YAMLEntry("funding", .flow([])), budget,
                ]
        ).text
    }

    /// `flows`: new plans anchored to the growth model, their mix and its trend, ceasing,
    /// net moves and the mix's shocks.
    func flowsEntries(horizon: Int, pilot: Bool) -> [YAMLEntry] {
        let f = Self.f, n = Self.n
        let years = "\(from)-\(to)"
        let signals = stockGrowth.signals(history)
        let signalText = zip(StockGrowth.signalNames, signals).map {
            "\($0) \(f((Foundation.exp($1) - 1) * 100, 1))% from England's"
        }.joined(separator: ", ")
        let shareTotal = newPlanPhaseShares.values.reduce(0, +)
        let anchor = anchoredNewPlans(horizon: horizon)
        let perYear = Phase.allCases.compactMap { p in
            newPlanPhaseShares[p].map { (p.rawValue, n(anchor.perYear * newPlanScale * $0 / shareTotal, 2)) }
        }
        let growthNode =
            pilot
            ? n(anchor.growth, 5)
            : .flow([("dist", .word("normal")), ("mean", n(anchor.growth, 5)), ("sd", n(anchor.growthSD, 5))])
        let newPlans =
            [
                YAMLEntry(
                    "per_year", .flow(perYear),
                    comments: [
                        "Anchored so that the median plans grow at the growth model's pace, \(f(anchor.growth * 100, 2))% a year over",
                        "\(horizon) years: England's \(years) pace, \(f((Foundation.exp(stockGrowth.england) - 1) * 100, 2))%, moved by \(area.name)'s \(signalText)",
                        "in \(to - 1) [SEN2] (weight \(stockGrowth.weights.map { f($0, 3) }.joined(separator: " and ")) on the log, fading \(f(stockGrowth.fade, 2)) a year; see",
                        "StockGrowth.swift). New plans in the first projected year: \(f(anchor.perYear * newPlanScale * (1 + anchor.growth), 1)), the net",
                        "leavers of this stock's ages (\(f(anchor.leaving * 100, 2))%) plus that growth, scaled by \(f(newPlanScale, 4)) so that",
                        "a pilot run's median plans in \(to + horizon) meet the pace (the stock's ageing changes its leaving);",
                        "then growing at the growth below; by phase in the proportions of ages at start [SEN2].",
                        "The growth's sd gives plans after \(horizon) years the model's predictive sd, \(f(anchor.sd * 100, 1))% (shocks",
                        "of LAs around England's pace, their persistence, England's own spread, the weight's spread);",
                        "the trend of new plans alone (\(f(growth.mean * 100, 1))% a year) is not used.",
                    ]),
                YAMLEntry("growth", growthNode),
                YAMLEntry(
                    "setting_mix",
                    .block([YAMLEntry("all", .flow(Self.fixShares(startingNewPlanMix).map { ($0.0, n($0.1, 4)) }))])),
            ] + newPlanTrendEntries()
        var entries = [YAMLEntry("new_plans", .block(newPlans)), ceasingEntry()]
        if let moves = movesEntry() { entries.append(moves) }
        if let shocks = mixShocksEntry() { entries.append(shocks) }
        return entries
    }

    /// The generated-by comment, `schema`, `meta` and the one band.
    func headerEntries(
        horizon: Int, draws: Int, seed: Int, unitCosts: [String: [YAMLEntry]], money: Bool
    ) -> [YAMLEntry] {
        let years = "\(from)-\(to)"
        let header = [
            "GENERATED by `hnf calibrate --la \(area.code) --from \(from) --to \(to)\(districts.isEmpty ? "" : " --districts")` from the SEN2 tables in",
            "Scenarios/national (DfE, Education, health and care plans, reporting year 2025; OGL v3.0).",
            "Flows are estimated from January caseloads by placement \(years) and new plans by placement in",
            "calendar \(from)-\(to - 1), shrunk toward England's (see Calibration.swift for the estimators).",
            (unitCosts.isEmpty
                ? "Unit costs are national default ASSUMPTIONS."
                : "Unit costs: Section 251 outturn over SEN2 children, as stated by each.") + " "
                + (money
                    ? "Money (income, other spend, balances) from the published DSG tables: see budget."
                    : "Money is NOT calibrated: the block is 0."),
        ]
        var meta = [
            YAMLEntry("name", .quoted("\(area.name) calibrated \(years)")), YAMLEntry("area", .quoted(area.code)),
            YAMLEntry("base_year", .integer(to)), YAMLEntry("horizon", .integer(horizon)),
            YAMLEntry("draws", .integer(draws)), YAMLEntry("seed", .integer(seed)),
        ]
        if !fills.isEmpty {
            meta.append(
                YAMLEntry(
                    "estimated", .blockList(fills.map { YAMLItem(.quoted($0.description)) }),
                    comments: [
                        "SEN2 lacks these figures for \(area.name) in \(from)-\(to); calibration filled them (Calibration+Gaps.swift)",
                        "and the growth's sd carries one more LA-year's shock where the forecast starts from one.",
                    ]))
        }
        return [
            YAMLEntry("schema", .word(ScenarioSchema.version), comments: header), YAMLEntry("meta", .block(meta)),
            YAMLEntry(
                "bands",
                .block([YAMLEntry("B1", .flow([("name", .word("One band (ASSUMPTION; bands are not in SEN2)"))]))])),
        ]
    }

    /// Each calibrated setting with its costs: calibrated ones, else the national defaults.
    func settingsEntries(unitCosts: [String: [YAMLEntry]]) -> [YAMLEntry] {
        func topUp(_ amount: Int) -> YAMLEntry { YAMLEntry("top_up", .flow([("B1", .integer(amount))])) }
        let place = { (amount: Int) in YAMLEntry("place_funding", .integer(amount)) }
        let costs: [String: [YAMLEntry]] = [
            "mainstream": [topUp(9300)], "state_special": [place(10000), topUp(13800)],
            "independent_special": [YAMLEntry("fee", .integer(58700))], "ap": [place(10000), topUp(8000)],
            "post16": [place(6000), topUp(9300)], "early_years": [topUp(3000)], "elsewhere": [topUp(5000)],
            "not_recorded": [topUp(0)],
        ]
        let ages: [String: (Int, Int)] = ["early_years": (0, 5), "post16": (16, 25)]
        return Self.settings.map { s in
            var fields = [
                YAMLEntry("name", .text(s.name)), YAMLEntry("group", .word(s.group.rawValue)),
                YAMLEntry("sen2", .flowList(Self.sen2Columns(of: s.id, group: s.group).map { .word($0) })),
            ]
            if let (low, high) = ages[s.id] {
                fields.append(YAMLEntry("ages", .flow([("min", .integer(low)), ("max", .integer(high))])))
            }
            if let calibrated = unitCosts[s.id] {
                fields += calibrated
            } else {
                var defaults = costs[s.id] ?? [topUp(0)]
                defaults[defaults.count - 1].trailing = YAMLComment(
                    "ASSUMPTION: national averages [domain brief]", gap: 4)
                fields += defaults
            }
            return YAMLEntry(s.id, .block(fields))
        }
    }

    /// The SEN2 columns whose children a calibrated setting holds: what the history years
    /// (budget.opening_balance before the base year) are costed on.
    static func sen2Columns(of setting: String, group: PlacementGroup) -> [String] {
        switch setting {
        case "state_special": return PlacementDetail.stateSpecial.columns
        case "independent_special":
            return PlacementDetail.independentSpecial.columns + PlacementDetail.nonMaintainedSpecial.columns
        case "not_recorded": return ["placement_unknown", "await_prov_2022", "perm_ex_2022"]
        default: return SEN2Placement.columns.filter { $0.group == group }.map(\.name)
        }
    }

    /// The localities (the LA, or its `districts`), the need mix and the January `to` stock cells.
    func stockEntries() -> [YAMLEntry] {
        let cells = localityCells().map { locality, c in
            YAMLItem(
                .flow([
                    ("locality", .word(locality)), ("age", .integer(c.age)), ("need", .word(c.need)),
                    ("setting", .word(c.setting)), ("count", .integer(c.count)),
                ]))
        }
        let january = "January \(to) by placement [SEN2]; ages and needs in the nearest published proportions"
        let stock: [YAMLEntry] =
            districts.isEmpty
            ? [YAMLEntry("cells", .blockList(cells), comments: [january])]
            : [
                YAMLEntry(
                    "cells_split", .word("population"),
                    comments: [
                        january,
                        "ESTIMATE: each cell shared between the districts by their children of its age (ONS mid-2021)",
                    ]),
                YAMLEntry("cells", .blockList(cells)),
            ]
        return [
            districts.isEmpty ? laLocalityEntry() : districtsEntry(),
            YAMLEntry(
                "need_profile",
                .block([
                    YAMLEntry(
                        "mix", .flow(needMix.sorted { $0.key < $1.key }.map { ($0.key, Self.n($0.value, 6)) }),
                        trailing: "SEN2 needs, January 2025", gap: 3),
                    YAMLEntry("band_mix", .flow([("all", .flow([("all", .flow([("B1", .integer(1))]))]))])),
                ])),
            YAMLEntry("ehc_plans", .block(stock)),
        ]
    }

    private func laLocalityEntry() -> YAMLEntry {
        let phases = ["early_years", "primary", "secondary", "post16", "post19"].map { ($0, YAMLNode.integer(1)) }
        return YAMLEntry(
            "localities",
            .block([
                YAMLEntry(
                    "la",
                    .block([
                        YAMLEntry("name", .quoted(area.name)),
                        YAMLEntry(
                            "population", .flow([("by_phase", .flow(phases))]),
                            trailing: "unused: new plans are per year", gap: 3),
                    ]))
            ]))
    }

    /// The LA's districts with their ONS children by single age and deprivation score,
    /// held at the base year (`hnf calibrate --districts`).
    private func districtsEntry() -> YAMLEntry {
        let entries = zip(districtIDs, districts).map { id, d in
            let ages = d.population.enumerated().map { ("\($0.offset)", YAMLNode.integer(Int($0.element.rounded()))) }
            return YAMLEntry(
                id,
                .block([
                    YAMLEntry("name", .quoted(d.name), trailing: d.code, gap: 3),
                    YAMLEntry("population", .block([YAMLEntry("by_age", .flow(ages))])),
                    YAMLEntry(
                        "deprivation", .number(d.deprivation, .exact),
                        trailing: d.deprivationOfLA ? "its 2023 unitary's score" : nil, gap: 3),
                ]))
        }
        return YAMLEntry(
            "localities", .block(entries),
            comments: [
                "Districts: \(Districts.populationSource), held at January \(to) (ASSUMPTION: no later estimate by",
                "district and age is shipped); deprivation: \(Districts.deprivationSource).",
                "New plans a year are shared between them by their children of each phase.",
            ])
    }

    private var districtIDs: [String] { districts.map { LocalityTable.identifier($0.name) } }

    /// Each stock cell with its locality: the LA's own, or shared between the districts by
    /// their children of the cell's age (SEN2's "under 3", counted at 2, by the children
    /// aged 0-2) by largest remainders, so that every cell's districts add up to it.
    private func localityCells() -> [(String, (age: Int, need: String, setting: String, count: Int))] {
        guard !districts.isEmpty else { return cells.map { ("la", $0) } }
        let ids = districtIDs
        return cells.flatMap { c in
            let ages = c.age <= 2 ? 0...2 : c.age...c.age
            let weights = districts.map { d in ages.reduce(0.0) { $0 + d.population[$1] } }
            let shared = StockDerivation.largestRemainder(c.count, weights)
            return zip(ids, shared).filter { $0.1 > 0 }.map { ($0.0, (c.age, c.need, c.setting, $0.1)) }
        }
    }

    /// `flows.ceasing`: the pooled rate in every phase, by age in England's pattern.
    func ceasingEntry() -> YAMLEntry {
        var entries = [
            YAMLEntry(
                "rate", .block(Phase.allCases.map { YAMLEntry($0.rawValue, Self.n(ceasing.mean, 5)) }),
                comments: [
                    "net leavers a year, pooled: \(Self.f(ceasing.mean)) of plans (sd \(Self.f(ceasing.sd)), carried by the growth's sd",
                    "above, so fixed here): plans that end less those that arrive from other LAs (the stock",
                    "identity's residual, not SEN2's ceased plans); by age in England's pattern",
                ])
        ]
        if !ceasingByAge.isEmpty {
            entries.append(
                YAMLEntry(
                    "by_age",
                    .block(
                        ceasingByAge.sorted(by: { $0.key < $1.key }).map { YAMLEntry("\($0.key)", Self.n($0.value, 5)) }
                    )
                ))
        }
        entries.append(YAMLEntry("max_age", .integer(25)))
        return YAMLEntry("ceasing", .block(entries))
    }

    /// `flows.moves`: the net moves between settings (nil when there are none).
    func movesEntry() -> YAMLEntry? {
        guard !moves.isEmpty else { return nil }
        let items = moves.map { m in
            YAMLItem(
                .flow(
                    [("from", .word(m.from)), ("to", .word(m.to))]
                        + (m.phase.map { [("phase", .word($0.rawValue))] } ?? [])
                        + [("rate", Self.n(m.rate, 5))]))
        }
        return YAMLEntry(
            "moves", .blockList(items), trailing: "net moves between settings, \(from)-\(to) [SEN2]", gap: 3)
    }

    /// New plans a year that make the expected plans grow at the growth model's pace g: with a share
    /// r of plans ending (this stock's ages at the calibrated rates), S(1 + g) = S(1 − r) + J,
    /// so J = S(g + r) in the first year, growing at g (the engine grows `per_year` from the
    /// first projected year: it is written as J / (1 + g)). The growth's sd is set so that
    /// plans after `horizon` years have the predictive sd of `StockGrowth`: a change δ in the
    /// growth moves plans after h years by about J·h(h+1)/2·δ.
    func anchoredNewPlans(
        horizon h: Int
    ) -> (perYear: Double, growth: Double, growthSD: Double, leaving: Double, sd: Double) {
        let forecast = stockGrowth.forecast(history, horizon: h)
        let g = Foundation.exp(forecast.growth) - 1
        let stock = Double(cells.reduce(0) { $0 + $1.count })
        var ending = 0.0
        for c in cells {
            let age = c.age + 1
            ending += Double(c.count) * (age > Phase.maximumAge ? 1 : min(1, ceasingByAge[age] ?? ceasing.mean))
        }
        let r = stock > 0 ? ending / stock : ceasing.mean
        // A stock falling faster than its leavers take it (the City of London's 2019-2022
        // pace) cannot be met with negative new plans: none is the nearest it gets.
        let first = max(0, stock * (g + r))
        let H = Double(h)
        // (The new plans the engine adds are the scaled ones: the sd is set for those.)
        let sensitivity = stock > 0 ? first * newPlanScale / (stock * Foundation.pow(1 + g, H)) * H * (H + 1) / 2 : 1
        let sd = (forecast.sd * forecast.sd + fillVariance).squareRoot()
        // An LA of a few dozen plans (the Isles of Scilly) can need a wider sd than the
        // schema's widest growth, 1.5: it gets that, its interval a little too narrow.
        let growthSD = min(sd / max(sensitivity, 1e-6), 1.5)
        return (first / (1 + g), g, growthSD, r, sd)
    }

    /// Shares rounded to 4 places, the largest absorbing the rounding so they add up to 1.
    static func fixShares(_ shares: [String: Double]) -> [(String, Double)] {
        var rounded = shares.filter { $0.value > 0 }.map { ($0.key, ($0.value * 10_000).rounded() / 10_000) }.sorted {
            $0.0 < $1.0
        }
        guard let largest = rounded.indices.max(by: { rounded[$0].1 < rounded[$1].1 }) else {
            return [("mainstream", 1)]
        }
        rounded[largest].1 = ((rounded[largest].1 + 1 - rounded.reduce(0) { $0 + $1.1 }) * 10_000).rounded() / 10_000
        return rounded.filter { $0.1 > 0 }
    }
}
