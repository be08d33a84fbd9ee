import HNFCore

extension ScenarioChecks {
    /// The rules settings declare for themselves — the ages they take, the needs they
    /// take, where children may move from them — against every flow and cell that names them.
    static func checkSettingRules(_ document: SourceNode) -> [Diagnostic] {
        var rules = SettingRules(document)
        rules.checkStockNeeds(document)
        rules.checkMoves(document)
        rules.checkSettingAgeFlows(document)
        rules.checkNewPlansByAge(document)
        return rules.diagnostics
    }
}

/// What each setting declares it takes (ages, needs) and where its children may move,
/// and the problems found against them, in the order found.
private struct SettingRules {
    var ages: [String: ClosedRange<Int>] = [:]
    var needs: [String: Set<String>] = [:]
    var movesTo: [String: Set<String>] = [:]
    var diagnostics: [Diagnostic] = []

    init(_ document: SourceNode) {
        for entry in document["settings"]?.entries ?? [] {
            let lo = entry.value["ages"]?["min"]?.integer ?? 0,
                hi = entry.value["ages"]?["max"]?.integer ?? Phase.maximumAge
            ages[entry.key] = lo...max(lo, hi)
            if let list = entry.value["needs"]?.items { needs[entry.key] = Set(list.compactMap(\.text)) }
            if let list = entry.value["moves_to"]?.items { movesTo[entry.key] = Set(list.compactMap(\.text)) }
        }
    }

    mutating func report(_ node: SourceNode, _ path: String, _ found: String, _ expected: String) {
        diagnostics.append(ScenarioChecks.problem(node, path, found, expected))
    }

    mutating func checkMove(_ node: SourceNode, _ path: String, from: String, to: String) {
        if let allowed = movesTo[from], !allowed.contains(to) {
            report(
                node, path, "a move from \(from) to \(to)",
                "a destination in settings.\(from).moves_to (\(allowed.sorted().joined(separator: ", ")))")
        }
    }

    mutating func checkAge(_ node: SourceNode, _ path: String, setting: String, age: Int) {
        if let range = ages[setting], !range.contains(age) {
            report(
                node, path, "setting \(setting) at age \(age)",
                "an age setting \(setting) takes (\(range.lowerBound)–\(range.upperBound), settings.\(setting).ages)"
            )
        }
    }

    /// The stock's needs against the needs each setting takes. (The stock's ages are not
    /// checked against settings' ages: they are observed, and real returns hold a few
    /// children outside the usual ages, who age out next year.)
    mutating func checkStockNeeds(_ document: SourceNode) {
        for (i, cell) in (document["ehc_plans"]?["cells"]?.items ?? []).enumerated() {
            guard let setting = cell["setting"]?.text, let need = cell["need"]?.text else { continue }
            if let allowed = needs[setting], !allowed.contains(need) {
                report(
                    cell, "ehc_plans.cells[\(i)].need", "need \(need) in setting \(setting)",
                    "a need setting \(setting) takes (\(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    mutating func checkMoves(_ document: SourceNode) {
        for (i, move) in (document["flows"]?["moves"]?.items ?? []).enumerated() {
            if let from = move["from"]?.text, let to = move["to"] {
                checkMove(to, "flows.moves[\(i)].to", from: from, to: to.text ?? "")
            }
        }
    }

    /// `flows.by_setting_and_age`: each cell's age, its destinations and its needs.
    mutating func checkSettingAgeFlows(_ document: SourceNode) {
        for setting in document["flows"]?["by_setting_and_age"]?.entries ?? [] {
            for cell in setting.value.entries ?? [] {
                let path = "flows.by_setting_and_age.\(setting.key).\(cell.key)"
                guard let age = Int(cell.key) else { continue }
                checkCell(cell.value, path, setting: setting.key, age: age)
            }
        }
    }

    mutating func checkCell(_ cell: SourceNode, _ path: String, setting: String, age: Int) {
        // A cell is the year a child of the setting reaches `age`: the setting
        // takes the child before it (age − 1) or after (age).
        if let range = ages[setting], !range.contains(age), !range.contains(age - 1) {
            report(
                cell, path, "setting \(setting) at age \(age)",
                "an age a child of setting \(setting) reaches (\(range.lowerBound)–\(range.upperBound + 1), from settings.\(setting).ages)"
            )
        }
        checkDestinations(cell, path, setting: setting, age: age)
        for need in cell["by_need"]?.entries ?? [] {
            if let allowed = needs[setting], !allowed.contains(need.key) {
                diagnostics.append(
                    Diagnostic(
                        at: need.keyLocation, keyPath: "\(path).by_need.\(need.key)",
                        found: "need \(need.key) in setting \(setting)",
                        expected: "a need setting \(setting) takes (\(allowed.sorted().joined(separator: ", ")))"))
            }
            checkDestinations(need.value, "\(path).by_need.\(need.key)", setting: setting, age: age)
        }
    }

    mutating func checkDestinations(_ flows: SourceNode, _ path: String, setting: String, age: Int) {
        for destination in flows["destinations"]?.entries ?? [] {
            let where_ = "\(path).destinations.\(destination.key)"
            if destination.key == setting {
                report(destination.value, where_, "the setting itself", "another setting (staying is 1 − move)")
            } else if (destination.value.number ?? 0) > 0 {
                checkMove(destination.value, where_, from: setting, to: destination.key)
                checkAge(destination.value, where_, setting: destination.key, age: age)
            }
        }
    }

    /// New plans by age start in settings that take children of that age.
    mutating func checkNewPlansByAge(_ document: SourceNode) {
        for entry in document["flows"]?["new_plans"]?["by_age"]?.entries ?? [] {
            guard let age = Int(entry.key) else { continue }
            let positive = (entry.value["settings"]?.entries ?? []).filter { ($0.value.number ?? 0) > 0 }
            if positive.isEmpty, let settings = entry.value["settings"] {
                report(
                    settings, "flows.new_plans.by_age.\(age).settings", "no setting with a positive count",
                    "at least one setting new plans of this age start in")
            }
            for setting in positive {
                checkAge(
                    setting.value, "flows.new_plans.by_age.\(age).settings.\(setting.key)", setting: setting.key,
                    age: age)
            }
        }
    }
}
