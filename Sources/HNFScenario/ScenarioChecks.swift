import HNFCore

/// Checks that span several fields, beyond what a field's shape says.
package enum ScenarioChecks {
    static func check(_ document: SourceNode, blocks: FundingRegistry) -> [Diagnostic] {
        var out = settingFieldRules(document)
        out += moveRules(document)
        out += checkSettingRules(document)
        out += crossFieldRules(document, blocks: blocks)
        out += newPlanRules(document)
        out += fundingBlockRules(document, blocks: blocks)
        out += localityPlanRules(document)
        out += responseRules(document)
        out += planShareRules(document)
        return out
    }

    /// A problem with `node`, reported at its line.
    static func problem(_ node: SourceNode, _ path: String, _ found: String, _ expected: String) -> Diagnostic {
        Diagnostic(at: node.location, keyPath: path, found: found, expected: expected)
    }

    /// Each SEN2 placement column belongs to one setting at most; a setting's ages, places
    /// and overflow make sense on their own.
    static func settingFieldRules(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var owner: [String: String] = [:]
        for entry in document["settings"]?.entries ?? [] {
            let path = "settings.\(entry.key)"
            for (i, column) in (entry.value["sen2"]?.items ?? []).enumerated() {
                guard let name = column.text else { continue }
                if let other = owner[name] {
                    out.append(
                        problem(
                            column, "\(path).sen2[\(i)]", "\"\(name)\", already given to setting \"\(other)\"",
                            "each SEN2 column in one setting only"))
                }
                owner[name] = entry.key
            }
            if let ages = entry.value["ages"], let lo = ages["min"]?.integer, let hi = ages["max"]?.integer, lo > hi {
                out.append(problem(ages, "\(path).ages", "min \(lo) above max \(hi)", "min ≤ max"))
            }
            if let capacity = entry.value["capacity"], capacity["all"] != nil, (capacity.entries?.count ?? 0) > 1 {
                out.append(
                    problem(
                        capacity, "\(path).capacity", "places for `all` and for localities",
                        "one or the other: the LA's places (`all`) or each locality's"))
            }
            if let overflow = entry.value["overflow"], overflow.text == entry.key {
                out.append(
                    problem(
                        overflow, "\(path).overflow", "the setting itself",
                        "another setting to place children when this one is full"))
            }
        }
        return out
    }

    /// A move goes between two settings, within a phase or at a transfer.
    static func moveRules(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (i, move) in (document["flows"]?["moves"]?.items ?? []).enumerated() {
            let path = "flows.moves[\(i)]"
            if let from = move["from"]?.text, from == move["to"]?.text {
                out.append(problem(move, path, "a move from \(from) to itself", "two different settings"))
            }
            if move["phase"] != nil && move["at"] != nil {
                out.append(
                    problem(
                        move, path, "both `phase` and `at`",
                        "a move within a phase (`phase`) or at a transfer (`at`), not both"))
            }
        }
        return out
    }

    /// New plans by phase need a setting mix; new plans by age need populations by age.
    static func newPlanRules(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let newPlans = document["flows"]?["new_plans"]
        if let newPlans, newPlans["by_age"] == nil, newPlans["setting_mix"] == nil {
            out.append(
                problem(
                    newPlans, "flows.new_plans.setting_mix", "no `setting_mix`",
                    "`setting_mix`, where new plans by phase start"))
        }
        if newPlans?["by_age"] != nil {
            for entry in document["localities"]?.entries ?? [] where entry.value["population"]?["by_age"] == nil {
                out.append(
                    problem(
                        entry.value["population"] ?? entry.value, "localities.\(entry.key).population.by_age",
                        "no population by age",
                        "children by single age, since flows.new_plans.by_age gives new plans per child of each age"))
            }
        }
        return out
    }

    /// The fields each response type needs.
    static func responseRules(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let responseNeeds = ["retention_at_transfer": ["transfer", "setting"], "joiner_shift": ["settings", "to"]]
        for entry in document["funding"]?["responses"]?.entries ?? [] {
            guard let type = entry.value["type"]?.text else { continue }
            for field in responseNeeds[type] ?? [] where entry.value[field] == nil {
                out.append(
                    problem(
                        entry.value, "funding.responses.\(entry.key).\(field)", "no `\(field)`",
                        "`\(field)`, which a \(type) response needs"))
            }
        }
        return out
    }

    /// A stock split by `plan_share` needs every locality's share, adding up to 1.
    static func planShareRules(_ document: SourceNode) -> [Diagnostic] {
        guard let derive = document["ehc_plans"]?["derive"], derive["split"]?.text == "plan_share" else { return [] }
        var out: [Diagnostic] = []
        var sum = 0.0
        for entry in document["localities"]?.entries ?? [] {
            if let share = entry.value["plan_share"]?.number {
                sum += share
            } else {
                out.append(
                    problem(
                        entry.value, "localities.\(entry.key).plan_share", "no `plan_share`",
                        "a share of the LA's plans, since ehc_plans.derive.split is plan_share"))
            }
        }
        if abs(sum - 1) > Validator.shareTolerance {
            out.append(
                problem(
                    derive, "localities.*.plan_share", "plan shares that add up to \(Validator.format(sum))",
                    "plan shares that add up to 1"))
        }
        return out
    }

    /// Each block's fields its type needs, and the checks its file (`FundingRule.check`) states.
    static func fundingBlockRules(_ document: SourceNode, blocks registry: FundingRegistry) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let blocks = document["funding"]?["blocks"]?.entries ?? []
        for entry in blocks {
            guard let typeName = entry.value["type"]?.text else { continue }
            let path = "funding.blocks.\(entry.key)"
            let type = registry.type(named: typeName)
            for field in type?.requiredFields ?? (typeName == "banded_top_up" ? ["from", "settings", "values"] : [])
            where entry.value[field] == nil {
                out.append(
                    Diagnostic(
                        at: entry.value.location, keyPath: "\(path).\(field)", found: "no `\(field)`",
                        expected: "`\(field)`, which a \(typeName) block needs"))
            }
            out += type?.check(entry.value, path: path, document: document) ?? []
        }
        for type in registry.types {
            guard let reason = type.onlyOne else { continue }
            let same = blocks.filter { $0.value["type"]?.text == type.typeName }
            if same.count > 1 {
                out.append(
                    Diagnostic(
                        at: same[1].value.location, keyPath: "funding.blocks.\(same[1].key)",
                        found: "a second \(type.typeName) block",
                        expected: "one \(type.typeName) block (\(reason))"))
            }
        }
        return out
    }
}
