import HNFCore

/// Per-locality flows: `localities.ID.flows` has the shape of the top-level `flows`, every
/// key optional; whatever it gives replaces the LA-wide value for that locality's children,
/// whatever it leaves out is the LA's.
///
/// ```yaml
/// localities:
///   thanet:
///     name: Thanet
///     population: {...}
///     flows:
///       new_plans:
///         rate_per_1000: {primary: 15.2}        # other phases: the LA's rates
///       ceasing:
///         by_age: {16: 0.02}                    # other ages: the LA's
///       by_setting_and_age:
///         mainstream:
///           11: {move: 0.25, destinations: {state_special: 180, independent_special: 20}}
/// ```
///
/// Merging follows the schema: records and maps keyed by phase, age or setting merge key
/// by key; a value that is one thing — a number, a distribution, a dated value, a mix that
/// adds up to 1, a set of Dirichlet concentrations, the list of `moves` — is replaced whole.
/// Giving one form of new plans (`rate_per_1000` or `by_age`) drops the LA's other form.
///
/// Counts stated for the whole LA stay LA-wide, shared between localities by their
/// children: `new_plans.per_year` and `transfers.in` (a locality states its own new plans
/// as rates). So does `ceasing.max_age`, the age every plan ends at.
extension ScenarioSchema {
    /// Flows keys (dotted, under `flows`) a locality may not override, and why.
    static let laWideOnlyFlows = ["new_plans.per_year", "transfers.in", "ceasing.max_age"]

    /// The shape of `localities.ID.flows`: `flows` with every key of its records optional
    /// (with the same bounds), less the LA-wide-only keys.
    static let localityFlows = optionalised(flows, prefix: "")

    static func optionalised(_ shape: Shape, prefix: String) -> Shape {
        guard case .record(let record) = shape else { return shape }
        let fields = record.fields.filter { !laWideOnlyFlows.contains(prefix + $0.name) }.map { field in
            Field(
                name: field.name, shape: optionalised(field.shape, prefix: prefix + field.name + "."), required: false)
        }
        return .record(Record(fields))
    }
}

extension Scenario {
    /// Localities whose `flows` override the LA's, in file order.
    public var localityFlowOverrides: [(id: String, flows: SourceNode)] {
        Self.localityFlowOverrides(in: document)
    }

    static func localityFlowOverrides(in document: SourceNode) -> [(id: String, flows: SourceNode)] {
        (document["localities"]?.entries ?? []).compactMap { entry in
            guard let flows = entry.value["flows"], !(flows.entries?.isEmpty ?? true) else { return nil }
            return (entry.key, flows)
        }
    }

    /// The scenario as locality `id`'s children see it: the LA's flows with the
    /// locality's overrides merged in (in the document too, so that what the engine
    /// reads is traced to the line that gave it), and no other locality overrides.
    public func withFlows(ofLocality id: String) -> Scenario {
        var derived = self
        var document = Self.withoutLocalityFlows(self.document)
        if let override = self.document["localities"]?[id]?["flows"], let flows = self.document["flows"] {
            let merged = Self.mergedFlows(flows, override)
            KeyPath.set(&document, [.key("flows")], merged)
            derived.flows = ScenarioDecoding.flows(merged)
        }
        derived.document = document
        return derived
    }

    /// The document with every `localities.ID.flows` taken out.
    static func withoutLocalityFlows(_ document: SourceNode) -> SourceNode {
        var out = document
        for (id, _) in localityFlowOverrides(in: document) {
            KeyPath.remove(&out, [.key("localities"), .key(id), .key("flows")])
        }
        return out
    }

    /// The LA's `flows` with a locality's overrides on top.
    static func mergedFlows(_ flows: SourceNode, _ override: SourceNode) -> SourceNode {
        merged(flows, override, shape: ScenarioSchema.flows)
    }

    static func merged(_ base: SourceNode?, _ override: SourceNode, shape: Shape) -> SourceNode {
        guard let base, var entries = base.entries, let overrides = override.entries else { return override }
        let valueShape: (String) -> Shape?
        switch shape {
        case .record(let record):
            valueShape = { key in record.fields.first { $0.name == key }?.shape }
            // One form of new plans replaces the others.
            for group in record.exactlyOneOf where overrides.contains(where: { group.contains($0.key) }) {
                entries.removeAll { entry in group.contains(entry.key) && !overrides.contains { $0.key == entry.key } }
            }
        case .map(_, let values, let total):
            if total != nil { return override }
            if case .number = values { return override }
            valueShape = { _ in values }
        default:
            return override
        }
        for entry in overrides {
            if let i = entries.firstIndex(where: { $0.key == entry.key }) {
                let inner = valueShape(entry.key)
                entries[i] = SourceNode.Entry(
                    key: entry.key, keyLocation: entry.keyLocation,
                    value: inner.map { merged(entries[i].value, entry.value, shape: $0) } ?? entry.value)
            } else {
                entries.append(entry)
            }
        }
        return SourceNode(.mapping(entries), at: base.location)
    }
}

extension ScenarioChecks {
    /// Each locality's flows merged with the LA's pass the checks the LA's flows pass
    /// (setting ages, moves allowed, a setting mix for new plans); problems are reported at
    /// the locality's key paths. Run once the document passes the LA-wide checks.
    static func localityFlowRules(_ document: SourceNode, blocks: FundingRegistry) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (id, override) in Scenario.localityFlowOverrides(in: document) {
            let prefix = "localities.\(id).flows"
            if let newPlans = override["new_plans"], newPlans["rate_per_1000"] != nil, newPlans["by_age"] != nil {
                out.append(
                    Diagnostic(
                        at: newPlans.location, keyPath: "\(prefix).new_plans",
                        found: "both `rate_per_1000` and `by_age`",
                        expected: "one form of new plans for the locality (rates by phase or by single age)"))
                continue
            }
            guard let flows = document["flows"] else { continue }
            var merged = Scenario.withoutLocalityFlows(document)
            KeyPath.set(&merged, [.key("flows")], Scenario.mergedFlows(flows, override))
            // (Only this locality's children read its flows: other localities' fields are not its concern.)
            for var diagnostic in check(merged, blocks: blocks)
            where diagnostic.keyPath.hasPrefix("flows") || diagnostic.keyPath.hasPrefix("localities.\(id).") {
                if diagnostic.keyPath.hasPrefix("flows") {
                    diagnostic.keyPath = prefix + diagnostic.keyPath.dropFirst("flows".count)
                }
                out.append(diagnostic)
            }
        }
        return out
    }
}

extension Scenario {
    /// The key paths a locality's `flows` sets, down to the values it replaces whole (as
    /// `merged` reads them): what `hnf explain` lists as the locality's own.
    package static func overrideKeyPaths(
        _ node: SourceNode, prefix: String, shape: Shape = ScenarioSchema.flows
    ) -> [String] {
        guard let entries = node.entries else { return [prefix] }
        let inner: (String) -> Shape?
        switch shape {
        case .record(let record): inner = { key in record.fields.first { $0.name == key }?.shape }
        case .map(_, let values, let total):
            if total != nil { return [prefix] }
            if case .number = values { return [prefix] }
            inner = { _ in values }
        default: return [prefix]
        }
        return entries.flatMap { entry in
            inner(entry.key).map { overrideKeyPaths(entry.value, prefix: "\(prefix).\(entry.key)", shape: $0) } ?? [
                "\(prefix).\(entry.key)"
            ]
        }
    }
}

extension Scenario {
    /// Each locality's share of the plans the localities count in setting `id`
    /// (`localities.ID.plans_by_setting`); nil when none counts any there.
    func localityShares(ofPlansIn id: String) -> [Double]? {
        // Each locality's node found once (`document["localities"]?[id]` walks them all).
        var nodes: [String: SourceNode] = [:]
        for entry in document["localities"]?.entries ?? [] where nodes[entry.key] == nil {
            nodes[entry.key] = entry.value
        }
        let counts = localities.map { nodes[$0.id]?["plans_by_setting"]?[id]?.number ?? 0 }
        let total = counts.reduce(0, +)
        return total > 0 ? counts.map { $0 / total } : nil
    }
}

extension ScenarioChecks {
    /// `split: plans_by_setting` needs every locality's plans by setting.
    static func localityPlanRules(_ document: SourceNode) -> [Diagnostic] {
        guard let split = document["ehc_plans"]?["derive"]?["split"], split.text == "plans_by_setting" else {
            return []
        }
        return (document["localities"]?.entries ?? []).filter { $0.value["plans_by_setting"] == nil }.map { entry in
            Diagnostic(
                at: entry.value.location, keyPath: "localities.\(entry.key).plans_by_setting",
                found: "no `plans_by_setting`",
                expected:
                    "the locality's plans by setting, since ehc_plans.derive.split is plans_by_setting (line \(split.location.line))"
            )
        }
    }
}

extension ScenarioChecks {
    /// A locality's flows naming a key that stays LA-wide says why, not only that the key is unknown.
    static func explainingLAWideOnly(_ diagnostic: Diagnostic) -> Diagnostic {
        let parts = diagnostic.keyPath.split(separator: ".", maxSplits: 3).map(String.init)
        guard parts.count == 4, parts[0] == "localities", parts[2] == "flows",
            ScenarioSchema.laWideOnlyFlows.contains(where: { parts[3] == $0 || parts[3].hasPrefix($0 + ".") })
        else { return diagnostic }
        var out = diagnostic
        out.expected =
            "no \(parts[3]) for one locality: counts for the whole LA (new_plans.per_year, transfers.in) and ceasing.max_age are LA-wide only; "
            + "give the locality's own new plans as rate_per_1000 or by_age"
        return out
    }
}
