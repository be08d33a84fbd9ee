import Foundation

/// Reads a scenario and its overlays, checks them, and builds the typed `Scenario`.
/// Every problem in every file is collected and returned together; nothing is read
/// half-way into a scenario.
public enum ScenarioLoader {
    /// Loads `base` with `overlays` applied in order, then `settings` (`KEY.PATH=VALUE`,
    /// as `hnf run --set`). National data is needed only when the scenario derives its
    /// stock from SEN2. Throws every problem in every file at once, each located
    /// (`file:line:col`), as one `InvalidInput`.
    public static func load(
        _ base: String, overlays: [String] = [], settings: [String] = [], national: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        var diagnostics: [Diagnostic] = []
        var names: [String] = []
        guard var document = readDocument(base, &diagnostics) else { throw InvalidInput(diagnostics) }
        var removals: [Overlay.Change] = []
        for path in overlays {
            guard let overlayDocument = readDocument(path, &diagnostics) else { continue }
            let (overlay, problems) = Overlay.read(overlayDocument, file: path)
            diagnostics += problems
            guard let overlay else { continue }
            names.append(overlay.name)
            let (applied, applyProblems) = overlay.apply(to: document)
            diagnostics += applyProblems
            document = applied
            removals += overlay.changes.filter { $0.operation == .remove }
        }
        if !settings.isEmpty, diagnostics.isEmpty {
            let (overlay, problems) = Overlay.assignments(settings)
            diagnostics += problems
            if let overlay {
                let (applied, applyProblems) = overlay.apply(to: document)
                diagnostics += applyProblems
                document = applied
            }
        }
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }
        do throws(InvalidInput) {
            var loaded = try scenario(from: document, files: [base] + overlays, national: national)
            loaded.overlayNames = names
            return loaded
        } catch {
            throw InvalidInput(error.diagnostics.map { blameRemoval($0, removals) })
        }
    }

    /// A problem with a key an overlay removed (a required section, say) belongs at the
    /// overlay's `remove` line, not at the scenario's line that no longer holds it.
    static func blameRemoval(_ diagnostic: Diagnostic, _ removals: [Overlay.Change]) -> Diagnostic {
        guard
            let removal = removals.last(where: {
                diagnostic.keyPath == $0.path || diagnostic.keyPath.hasPrefix($0.path + ".")
            })
        else { return diagnostic }
        var moved = diagnostic
        moved.location = removal.pathLocation
        moved.file = removal.pathLocation.file
        moved.found += " (removed here)"
        return moved
    }

    /// Checks a merged document (a scenario with its overlays applied, or one a command
    /// has changed, as `hnf solve` does) and builds the typed scenario; throws every
    /// problem found, located, as one `InvalidInput`.
    public static func scenario(
        from document: SourceNode, files: [String], national load: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        // Read the national data once however many checks need it.
        var loaded: Result<NationalData, Error>?
        func national() throws -> NationalData {
            if loaded == nil { loaded = Result { try load() } }
            return try loaded!.get()
        }
        var validator = Validator(names: ScenarioSchema.names(in: document))
        validator.check(document, against: ScenarioSchema.scenario, at: "")
        var diagnostics = validator.diagnostics.map(ScenarioChecks.explainingLAWideOnly)
        diagnostics += ScenarioChecks.check(document)
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }
        diagnostics += ScenarioChecks.localityFlowRules(document)
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }
        diagnostics += ScenarioChecks.nationalNeeds(document, national: national)
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }

        var scenario = ScenarioDecoding.decode(document, files: files)
        if let derive = document["ehc_plans"]?["derive"] {
            do {
                scenario.stock = try StockDerivation.derive(derive, scenario: scenario, national: national())
            } catch let error as InvalidInput {
                throw error
            } catch {
                throw InvalidInput([
                    Diagnostic(
                        at: derive.location, keyPath: "ehc_plans.derive", found: "\(error)",
                        expected: "national SEN2 data to derive the stock from")
                ])
            }
        }
        return scenario
    }

    static func readDocument(_ path: String, _ diagnostics: inout [Diagnostic]) -> SourceNode? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.append(
                Diagnostic(at: nil, file: path, keyPath: "", found: "no such file", expected: "a readable YAML file"))
            return nil
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > SourceNode.largestFileBytes {
            diagnostics.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "a file of \(Text.thousands(size)) bytes",
                    expected: "a scenario or overlay of at most \(Text.thousands(SourceNode.largestFileBytes)) bytes"))
            return nil
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            diagnostics.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "",
                    found: isDirectory.boolValue ? "a directory" : "an unreadable file",
                    expected: "a readable YAML file"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "bytes that are not UTF-8 text",
                    expected: "a UTF-8 YAML file"))
            return nil
        }
        let (node, problems) = SourceNode.parse(yaml: text, file: path)
        diagnostics += problems
        guard let node, problems.isEmpty else { return nil }
        guard node.entries != nil else {
            diagnostics.append(
                Diagnostic(
                    at: node.location, keyPath: "", found: node.summary, expected: "a mapping of keys at the top level")
            )
            return nil
        }
        return node
    }
}

/// Checks that span several fields, beyond what a field's shape says.
enum ScenarioChecks {
    static func check(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func report(_ node: SourceNode, _ path: String, _ found: String, _ expected: String) {
            out.append(Diagnostic(at: node.location, keyPath: path, found: found, expected: expected))
        }
        // Each SEN2 placement column belongs to one setting at most.
        var owner: [String: String] = [:]
        for entry in document["settings"]?.entries ?? [] {
            let path = "settings.\(entry.key)"
            for (i, column) in (entry.value["sen2"]?.items ?? []).enumerated() {
                guard let name = column.text else { continue }
                if let other = owner[name] {
                    report(
                        column, "\(path).sen2[\(i)]", "\"\(name)\", already given to setting \"\(other)\"",
                        "each SEN2 column in one setting only")
                }
                owner[name] = entry.key
            }
            if let ages = entry.value["ages"], let lo = ages["min"]?.integer, let hi = ages["max"]?.integer, lo > hi {
                report(ages, "\(path).ages", "min \(lo) above max \(hi)", "min ≤ max")
            }
            if let capacity = entry.value["capacity"], capacity["all"] != nil, (capacity.entries?.count ?? 0) > 1 {
                report(
                    capacity, "\(path).capacity", "places for `all` and for localities",
                    "one or the other: the LA's places (`all`) or each locality's")
            }
            if let overflow = entry.value["overflow"], overflow.text == entry.key {
                report(
                    overflow, "\(path).overflow", "the setting itself",
                    "another setting to place children when this one is full")
            }
        }
        for (i, move) in (document["flows"]?["moves"]?.items ?? []).enumerated() {
            let path = "flows.moves[\(i)]"
            if let from = move["from"]?.text, from == move["to"]?.text {
                report(move, path, "a move from \(from) to itself", "two different settings")
            }
            if move["phase"] != nil && move["at"] != nil {
                report(
                    move, path, "both `phase` and `at`",
                    "a move within a phase (`phase`) or at a transfer (`at`), not both")
            }
        }
        out += checkSettingRules(document)
        out += crossFieldRules(document)
        let newPlans = document["flows"]?["new_plans"]
        if let newPlans, newPlans["by_age"] == nil, newPlans["setting_mix"] == nil {
            report(
                newPlans, "flows.new_plans.setting_mix", "no `setting_mix`",
                "`setting_mix`, where new plans by phase start")
        }
        if newPlans?["by_age"] != nil {
            for entry in document["localities"]?.entries ?? [] where entry.value["population"]?["by_age"] == nil {
                report(
                    entry.value["population"] ?? entry.value, "localities.\(entry.key).population.by_age",
                    "no population by age",
                    "children by single age, since flows.new_plans.by_age gives new plans per child of each age")
            }
        }
        out += fundingBlockRules(document)
        out += localityPlanRules(document)
        let responseNeeds = ["retention_at_transfer": ["transfer", "setting"], "joiner_shift": ["settings", "to"]]
        for entry in document["funding"]?["responses"]?.entries ?? [] {
            guard let type = entry.value["type"]?.text else { continue }
            for field in responseNeeds[type] ?? [] where entry.value[field] == nil {
                report(
                    entry.value, "funding.responses.\(entry.key).\(field)", "no `\(field)`",
                    "`\(field)`, which a \(type) response needs")
            }
        }
        if let derive = document["ehc_plans"]?["derive"], derive["split"]?.text == "plan_share" {
            var sum = 0.0
            for entry in document["localities"]?.entries ?? [] {
                if let share = entry.value["plan_share"]?.number {
                    sum += share
                } else {
                    report(
                        entry.value, "localities.\(entry.key).plan_share", "no `plan_share`",
                        "a share of the LA's plans, since ehc_plans.derive.split is plan_share")
                }
            }
            if abs(sum - 1) > Validator.shareTolerance {
                report(
                    derive, "localities.*.plan_share", "plan shares that add up to \(Validator.format(sum))",
                    "plan shares that add up to 1")
            }
        }
        return out
    }

    /// Each block's fields its type needs, and the checks its file (`FundingRule.check`) states.
    static func fundingBlockRules(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let blocks = document["funding"]?["blocks"]?.entries ?? []
        for entry in blocks {
            guard let typeName = entry.value["type"]?.text else { continue }
            let path = "funding.blocks.\(entry.key)"
            let type = FundingBlocks.type(named: typeName)
            for field in type?.requiredFields ?? (typeName == "banded_top_up" ? ["from", "settings", "values"] : [])
            where entry.value[field] == nil {
                out.append(
                    Diagnostic(
                        at: entry.value.location, keyPath: "\(path).\(field)", found: "no `\(field)`",
                        expected: "`\(field)`, which a \(typeName) block needs"))
            }
            out += type?.check(entry.value, path: path, document: document) ?? []
        }
        for type in FundingBlocks.registry {
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

    /// The rules settings declare for themselves — the ages they take, the needs they
    /// take, where children may move from them — against every flow and cell that names them.
    static func checkSettingRules(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var ages: [String: ClosedRange<Int>] = [:], needs: [String: Set<String>] = [:],
            movesTo: [String: Set<String>] = [:]
        for entry in document["settings"]?.entries ?? [] {
            let lo = entry.value["ages"]?["min"]?.integer ?? 0,
                hi = entry.value["ages"]?["max"]?.integer ?? Phase.maximumAge
            ages[entry.key] = lo...max(lo, hi)
            if let list = entry.value["needs"]?.items { needs[entry.key] = Set(list.compactMap(\.text)) }
            if let list = entry.value["moves_to"]?.items { movesTo[entry.key] = Set(list.compactMap(\.text)) }
        }
        func report(_ node: SourceNode, _ path: String, _ found: String, _ expected: String) {
            out.append(Diagnostic(at: node.location, keyPath: path, found: found, expected: expected))
        }
        func checkMove(_ node: SourceNode, _ path: String, from: String, to: String) {
            if let allowed = movesTo[from], !allowed.contains(to) {
                report(
                    node, path, "a move from \(from) to \(to)",
                    "a destination in settings.\(from).moves_to (\(allowed.sorted().joined(separator: ", ")))")
            }
        }
        func checkAge(_ node: SourceNode, _ path: String, setting: String, age: Int) {
            if let range = ages[setting], !range.contains(age) {
                report(
                    node, path, "setting \(setting) at age \(age)",
                    "an age setting \(setting) takes (\(range.lowerBound)–\(range.upperBound), settings.\(setting).ages)"
                )
            }
        }
        // (The stock's ages are not checked against settings' ages: they are observed, and
        // real returns hold a few children outside the usual ages, who age out next year.)
        for (i, cell) in (document["ehc_plans"]?["cells"]?.items ?? []).enumerated() {
            guard let setting = cell["setting"]?.text, let need = cell["need"]?.text else { continue }
            if let allowed = needs[setting], !allowed.contains(need) {
                report(
                    cell, "ehc_plans.cells[\(i)].need", "need \(need) in setting \(setting)",
                    "a need setting \(setting) takes (\(allowed.sorted().joined(separator: ", ")))")
            }
        }
        for (i, move) in (document["flows"]?["moves"]?.items ?? []).enumerated() {
            if let from = move["from"]?.text, let to = move["to"] {
                checkMove(to, "flows.moves[\(i)].to", from: from, to: to.text ?? "")
            }
        }
        for setting in document["flows"]?["by_setting_and_age"]?.entries ?? [] {
            for cell in setting.value.entries ?? [] {
                let path = "flows.by_setting_and_age.\(setting.key).\(cell.key)"
                // A cell is the year a child of the setting reaches `age`: the setting
                // takes the child before it (age − 1) or after (age).
                guard let age = Int(cell.key) else { continue }
                if let range = ages[setting.key], !range.contains(age), !range.contains(age - 1) {
                    report(
                        cell.value, path, "setting \(setting.key) at age \(age)",
                        "an age a child of setting \(setting.key) reaches (\(range.lowerBound)–\(range.upperBound + 1), from settings.\(setting.key).ages)"
                    )
                }
                func checkDestinations(_ flows: SourceNode, _ path: String) {
                    for destination in flows["destinations"]?.entries ?? [] {
                        let where_ = "\(path).destinations.\(destination.key)"
                        if destination.key == setting.key {
                            report(
                                destination.value, where_, "the setting itself", "another setting (staying is 1 − move)"
                            )
                        } else if (destination.value.number ?? 0) > 0 {
                            checkMove(destination.value, where_, from: setting.key, to: destination.key)
                            checkAge(destination.value, where_, setting: destination.key, age: age)
                        }
                    }
                }
                checkDestinations(cell.value, path)
                for need in cell.value["by_need"]?.entries ?? [] {
                    if let allowed = needs[setting.key], !allowed.contains(need.key) {
                        out.append(
                            Diagnostic(
                                at: need.keyLocation, keyPath: "\(path).by_need.\(need.key)",
                                found: "need \(need.key) in setting \(setting.key)",
                                expected:
                                    "a need setting \(setting.key) takes (\(allowed.sorted().joined(separator: ", ")))")
                        )
                    }
                    checkDestinations(need.value, "\(path).by_need.\(need.key)")
                }
            }
        }
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
        return out
    }
}
