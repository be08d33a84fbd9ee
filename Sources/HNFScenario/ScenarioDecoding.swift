import HNFCore

/// Builds the typed `Scenario` from a document the validator has accepted. Because the
/// shapes are already checked, each read here falls back to a neutral value rather than
/// failing.
package enum ScenarioDecoding {
    static func decode(_ d: SourceNode, files: [String], blocks registry: FundingRegistry) -> Scenario {
        let needs = d["needs"]?.entries?.map { ($0.key, $0.value["name"]?.text ?? $0.key) } ?? ScenarioSchema.sen2Needs
        let bands = d["bands"]?.entries?.map { ($0.key, $0.value["name"]?.text ?? $0.key) } ?? []
        let baseYear = d["meta"]!["base_year"]?.integer ?? 0
        var scenario = Scenario(
            meta: meta(d["meta"]!),
            needs: needs, bands: bands, settings: settings(d), localities: localities(d, baseYear: baseYear),
            needMix: numbers(d["need_profile"]?["mix"]),
            stock: stock(d),
            flows: flows(d["flows"]!),
            budget: budget(d),
            fundingBlocks: (d["funding"]?["blocks"]?.entries ?? []).compactMap {
                registry.decode($0.key, $0.value)
            },
            responses: (d["funding"]?["responses"]?.entries ?? []).compactMap { response($0.key, $0.value) },
            bandSystems: bandSystems(d),
            element2Threshold: d["funding"]?["element2_threshold"].flatMap(money),
            bandMix: (d["need_profile"]?["band_mix"]?.entries ?? []).reduce(into: [:]) { out, phase in
                out[phase.key] = (phase.value.entries ?? []).reduce(into: [:]) { $0[$1.key] = numbers($1.value) }
            },
            document: d, files: files)
        scenario.schema = registry.scenario
        return scenario
    }

    static func meta(_ meta: SourceNode) -> Scenario.Meta {
        .init(
            name: meta["name"]?.text ?? "", description: meta["description"]?.text ?? "", area: meta["area"]?.text,
            baseYear: meta["base_year"]?.integer ?? 0, horizon: meta["horizon"]?.integer ?? 1,
            draws: meta["draws"]?.integer ?? 1000, seed: meta["seed"]?.integer ?? 0,
            priceBase: meta["price_base"]?.text ?? "cash", estimated: meta["estimated"]?.items?.compactMap(\.text) ?? []
        )
    }

    static func settings(_ d: SourceNode) -> [Scenario.Setting] {
        (d["settings"]?.entries ?? []).map { e in
            let s = e.value
            return Scenario.Setting(
                id: e.key, name: s["name"]?.text ?? e.key,
                group: s["group"]?.text.flatMap(PlacementGroup.init(rawValue:)) ?? .unknown,
                sen2Columns: s["sen2"]?.items?.compactMap(\.text) ?? [],
                placeFunding: s["place_funding"].flatMap(money) ?? DatedValue(0),
                topUp: Dictionary(
                    uniqueKeysWithValues: (s["top_up"]?.entries ?? []).compactMap { b in
                        money(b.value).map { (b.key, $0) }
                    }),
                fee: s["fee"].flatMap(money),
                capacity: Dictionary(
                    uniqueKeysWithValues: (s["capacity"]?.entries ?? []).compactMap { c in
                        money(c.value).map { (c.key, $0) }
                    }),
                overflow: s["overflow"]?.text,
                ages: (s["ages"]?["min"]?.integer ?? 0)...max(
                    s["ages"]?["min"]?.integer ?? 0, s["ages"]?["max"]?.integer ?? Phase.maximumAge),
                needs: s["needs"]?.items?.compactMap(\.text), movesTo: s["moves_to"]?.items?.compactMap(\.text))
        }
    }

    /// Localities; a population by age also counts towards its phase's population in `baseYear`.
    static func localities(_ d: SourceNode, baseYear: Int) -> [Scenario.Locality] {
        (d["localities"]?.entries ?? []).map { e in
            let l = e.value
            var population: [Phase: Double] = [:]
            if let byPhase = l["population"]?["by_phase"]?.entries {
                for p in byPhase { if let phase = Phase(rawValue: p.key) { population[phase] = p.value.number ?? 0 } }
            }
            var populationByAge: [Int: DatedValue<Double>] = [:]
            for a in l["population"]?["by_age"]?.entries ?? [] {
                guard let age = Int(a.key), let count = money(a.value) else { continue }
                populationByAge[age] = count
                population[Phase.of(age: age), default: 0] += count.value(in: baseYear)
            }
            var senSupport: [Phase: Double] = [:]
            for p in l["sen_support"]?.entries ?? [] {
                if let phase = Phase(rawValue: p.key) { senSupport[phase] = p.value.number ?? 0 }
            }
            return Scenario.Locality(
                id: e.key, name: l["name"]?.text ?? e.key, population: population, populationByAge: populationByAge,
                pupilsOnRoll: l["pupils_on_roll"]?.number, fsm: l["fsm"]?.number,
                lowPriorAttainment: l["low_prior_attainment"]?.number, senSupport: senSupport,
                planShare: l["plan_share"]?.number, deprivation: l["deprivation"]?.number)
        }
    }

    /// The stock's cells as given (a derived stock replaces them after decoding).
    static func stock(_ d: SourceNode) -> [Scenario.StockCell] {
        (d["ehc_plans"]?["cells"]?.items ?? []).map { c in
            Scenario.StockCell(
                locality: c["locality"]?.text ?? "", age: c["age"]?.integer ?? 0, need: c["need"]?.text ?? "",
                setting: c["setting"]?.text ?? "", count: c["count"]?.integer ?? 0)
        }
    }

    static func budget(_ d: SourceNode) -> Scenario.Budget {
        let budget = d["budget"] ?? SourceNode.emptyMapping
        let block = budget["high_needs_block"] ?? SourceNode.emptyMapping
        return .init(
            declared: d["budget"] != nil, blockYear: block["year"]?.integer ?? 0,
            blockAmount: block["amount"]?.number ?? 0,
            increments: schedule(block["increments"]), growth: block["growth"].flatMap(uncertain),
            floor: block["floor"].flatMap(money), cap: block["cap"].flatMap(money),
            otherIncome: (budget["other_income"]?.entries ?? []).map {
                .init(
                    id: $0.key, name: $0.value["name"]?.text ?? $0.key, amounts: schedule($0.value["amounts"]),
                    conditional: $0.value["conditional"]?.bool ?? false)
            },
            otherSpend: (budget["other_spend"]?.entries ?? []).map {
                .init(
                    id: $0.key, name: $0.value["name"]?.text ?? $0.key, amounts: schedule($0.value["amounts"]),
                    growth: $0.value["growth"].flatMap(uncertain))
            },
            openingBalance: budget["opening_balance"].map { ($0["year"]?.integer ?? 0, $0["amount"]?.number ?? 0) },
            publishedBalances: schedule(budget["published_balances"]),
            prices: budget["prices"].flatMap { p in
                p["growth"].flatMap(uncertain).map { Scenario.Prices(base: p["base"]?.integer ?? 0, growth: $0) }
            },
            basis: budget["basis"]?.text, fallbacks: budget["fallbacks"]?.items?.compactMap(\.text) ?? [],
            comparators: (budget["comparators"]?.items ?? []).map {
                .init(
                    measure: $0["measure"]?.text.flatMap(Scenario.Comparator.Measure.init(rawValue:)) ?? .spend,
                    year: $0["year"]?.integer ?? 0,
                    amount: $0["amount"]?.number ?? 0, source: $0["source"]?.text ?? "")
            })
    }

    /// The band systems of the `banded_top_up` blocks.
    static func bandSystems(_ d: SourceNode) -> [BandSystem] {
        (d["funding"]?["blocks"]?.entries ?? []).filter { $0.value["type"]?.text == "banded_top_up" }
            .map { e in
                BandSystem(
                    id: e.key, from: e.value["from"]?.integer ?? Int.min,
                    settings: e.value["settings"]?.items?.compactMap(\.text) ?? [],
                    values: numbers(e.value["values"]),
                    existing: e.value["existing"]?.text.flatMap(BandSystem.Existing.init(rawValue:)) ?? .immediate)
            }
    }

    /// The flows of a `flows` mapping (the LA's, or a locality's merged with the LA's).
    static func flows(_ flows: SourceNode) -> Scenario.Flows {
        let moves: [Scenario.Move] = (flows["moves"]?.items ?? []).map { m in
            Scenario.Move(
                from: m["from"]?.text ?? "", to: m["to"]?.text ?? "",
                phase: m["phase"]?.text.flatMap(Phase.init(rawValue:)),
                transfer: m["at"]?.text.flatMap(Transfer.init(rawValue:)),
                rate: m["rate"].flatMap(uncertain) ?? DatedValue(.fixed(0)))
        }
        return .init(
            newPlanRatePer1000: byPhase(flows["new_plans"]?["rate_per_1000"]),
            newPlansPerYear: byPhase(flows["new_plans"]?["per_year"]),
            newPlanGrowth: flows["new_plans"]?["growth"].flatMap(Distribution.init),
            newPlansByAge: (flows["new_plans"]?["by_age"]?.entries ?? []).reduce(into: [:]) { out, e in
                guard let age = Int(e.key) else { return }
                out[age] = .init(
                    rate: e.value["rate"].flatMap(Distribution.init) ?? .fixed(0),
                    settings: numbers(e.value["settings"]), needs: numbers(e.value["needs"]))
            },
            newPlanSettingMix: (flows["new_plans"]?["setting_mix"]?.entries ?? []).reduce(into: [:]) {
                $0[$1.key] = numbers($1.value)
            },
            newPlanAgeProfile: schedule(flows["new_plans"]?["age_profile"]),
            ceasingRate: byPhase(flows["ceasing"]?["rate"]),
            ceasingByAge: (flows["ceasing"]?["by_age"]?.entries ?? []).reduce(into: [:]) { out, e in
                if let age = Int(e.key), let value = uncertain(e.value) { out[age] = value }
            },
            ceasingSettingFactor: numbers(flows["ceasing"]?["setting_factor"]),
            maxAge: flows["ceasing"]?["max_age"]?.integer ?? Phase.maximumAge,
            moves: moves,
            localityMoveRate: flows["locality_moves"]?["rate"].flatMap(uncertain),
            bySettingAndAge: (flows["by_setting_and_age"]?.entries ?? []).reduce(into: [:]) { out, setting in
                out[setting.key] = (setting.value.entries ?? []).reduce(into: [:]) { cells, e in
                    guard let age = Int(e.key) else { return }
                    cells[age] = settingAgeFlows(e.value)
                }
            },
            senSupportGrowth: byPhase(flows["sen_support"]?["growth"]),
            transfersIn: (flows["transfers"]?["in"]?["by_age"]?.entries ?? []).reduce(into: [:]) { out, e in
                guard let age = Int(e.key), let n = e.value["per_year"].flatMap(Distribution.init) else { return }
                out[age] = .init(perYear: n, settings: numbers(e.value["settings"]))
            },
            transfersOut: (flows["transfers"]?["out"]?["by_age"]?.entries ?? []).reduce(into: [:]) { out, e in
                if let age = Int(e.key), let p = Distribution(e.value) { out[age] = p }
            },
            newPlanSettingTrend: numbers(flows["new_plans"]?["setting_trend"]),
            newPlanSettingTrendFade: flows["new_plans"]?["setting_trend_fade"]?.number ?? 1,
            mixShocks: Scenario.MixShocks.decode(flows["mix_shocks"]))
    }

    static func response(_ id: String, _ r: SourceNode) -> Response? {
        let effect: Response.Effect
        switch r["type"]?.text {
        case "retention_at_transfer":
            guard let transfer = r["transfer"]?.text.flatMap(Transfer.init(rawValue:)), let setting = r["setting"]?.text
            else { return nil }
            effect = .retentionAtTransfer(transfer: transfer, setting: setting)
        case "new_plan_rate": effect = .newPlanRate
        case "joiner_shift":
            guard let to = r["to"]?.text, let settings = r["settings"]?.items?.compactMap(\.text) else { return nil }
            effect = .joinerShift(
                settings: settings, to: to,
                phases: r["phases"]?.items?.compactMap { $0.text.flatMap(Phase.init(rawValue:)) } ?? [])
        default: return nil
        }
        return Response(
            id: id, effect: effect, size: r["effect"].flatMap(Distribution.init) ?? .fixed(0),
            from: r["from"]?.integer ?? Int.min, because: r["because"]?.text ?? "")
    }

    static func settingAgeFlows(_ node: SourceNode) -> Scenario.SettingAgeFlows {
        .init(
            leave: node["leave"].flatMap(Distribution.init), move: node["move"].flatMap(Distribution.init),
            destinations: numbers(node["destinations"]),
            byNeed: (node["by_need"]?.entries ?? []).reduce(into: [:]) { $0[$1.key] = settingAgeFlows($1.value) })
    }

    package static func money(_ node: SourceNode) -> DatedValue<Double>? {
        DatedValue(node, inner: .number(unit: "")) { $0.number }
    }

    static func uncertain(_ node: SourceNode) -> DatedValue<Distribution>? {
        DatedValue(node, inner: .uncertain(unit: "")) { Distribution($0) }
    }

    static func numbers(_ node: SourceNode?) -> [String: Double] {
        (node?.entries ?? []).reduce(into: [:]) { $0[$1.key] = $1.value.number ?? 0 }
    }

    static func schedule(_ node: SourceNode?) -> [Int: Double] {
        (node?.entries ?? []).reduce(into: [:]) { out, e in if let y = Int(e.key) { out[y] = e.value.number ?? 0 } }
    }

    static func byPhase(_ node: SourceNode?) -> [Phase: DatedValue<Distribution>] {
        (node?.entries ?? []).reduce(into: [:]) { out, e in
            if let phase = Phase(rawValue: e.key), let value = uncertain(e.value) { out[phase] = value }
        }
    }
}
