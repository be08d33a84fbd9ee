import HNFCore

/// Rules between fields that the engine relies on and a field's shape cannot say: each
/// accepted-and-silently-wrong case found by fuzzing the validator is one rule here,
/// reported at the line of the value to change.
extension ScenarioChecks {
    static func crossFieldRules(_ document: SourceNode, blocks: FundingRegistry) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func report(_ node: SourceNode, _ path: String, _ found: String, _ expected: String) {
            out.append(Diagnostic(at: node.location, keyPath: path, found: found, expected: expected))
        }
        guard let baseNode = document["meta"]?["base_year"], let base = baseNode.integer else { return out }
        let horizon = document["meta"]?["horizon"]?.integer ?? 1

        // The stock derived from SEN2 is the caseload of the base year's January.
        if let yearNode = document["ehc_plans"]?["derive"]?["year"], let year = yearNode.integer, year != base {
            report(
                baseNode, "meta.base_year", "\(base), but the stock is SEN2's January \(year) (ehc_plans.derive.year)",
                "the year of the starting stock, \(year)")
        }
        out += populationTotal(document)
        out += budgetRules(document, base: base)
        out += datedYearRules(document, base: base, last: base + max(horizon, 30), schema: blocks.scenario)
        out += moveSumRules(document)
        out += overflowCycles(document)
        return out
    }

    /// England has about 17 million children and young people aged 0–25: a scenario's
    /// localities together hold at most 20 million, so new plans (a share of them) cannot
    /// make a draw simulate more children than memory holds.
    package static let largestTotalPopulation = 20_000_000.0

    static func populationTotal(_ document: SourceNode) -> [Diagnostic] {
        guard let localities = document["localities"] else { return [] }
        var total = 0.0
        for locality in localities.entries ?? [] {
            let population = locality.value["population"]
            for entry in population?["by_phase"]?.entries ?? [] { total += entry.value.number ?? 0 }
            for entry in population?["by_age"]?.entries ?? [] {
                // A dated count: its largest value.
                total += entry.value.number ?? (entry.value.entries ?? []).compactMap(\.value.number).max() ?? 0
            }
        }
        guard total > largestTotalPopulation else { return [] }
        let at = document.entries?.first { $0.key == "localities" }?.keyLocation ?? localities.location
        return [
            Diagnostic(
                at: at, keyPath: "localities",
                found: "\(Text.thousands(Int(min(total, 9e15)))) children in all localities together",
                expected: "at most 20,000,000 (England has about 17 million aged 0–25)")
        ]
    }

    /// The block's stated year, its increments and the growth limits.
    static func budgetRules(_ document: SourceNode, base: Int) -> [Diagnostic] {
        var out: [Diagnostic] = []
        guard let block = document["budget"]?["high_needs_block"] else { return out }
        let path = "budget.high_needs_block"
        if let yearNode = block["year"], let year = yearNode.integer {
            if year > base {
                out.append(
                    Diagnostic(
                        at: yearNode.location, keyPath: "\(path).year", found: "\(year), after the base year \(base)",
                        expected:
                            "the year of a known allocation, at or before the base year (later years come from increments and growth)"
                    ))
            }
            for entry in block["increments"]?.entries ?? [] {
                guard let key = Int(entry.key), key <= year else { continue }
                out.append(
                    Diagnostic(
                        at: entry.keyLocation, keyPath: "\(path).increments.\(entry.key)",
                        found: "an increment in \(key), not after the block's year \(year)",
                        expected:
                            "increments after \(year) (the amount stated for \(year) already includes earlier ones)"))
            }
        }
        // Either may change by year: each year a step starts is checked.
        let floor = block["floor"].flatMap(ScenarioDecoding.money), cap = block["cap"].flatMap(ScenarioDecoding.money)
        if let capNode = block["cap"], let cap, let negative = cap.steps.first(where: { $0.value < 0 }) {
            out.append(
                Diagnostic(
                    at: capNode.location, keyPath: "\(path).cap",
                    found: "a negative cap, \(Validator.format(negative.value))",
                    expected: "the largest yearly gain, 0 or more"))
        }
        if let floor, let cap, let floorNode = block["floor"] {
            let years = Set(floor.steps.map(\.year) + cap.steps.map(\.year)).sorted()
            if let year = years.first(where: { floor.value(in: $0) > cap.value(in: $0) }) {
                out.append(
                    Diagnostic(
                        at: floorNode.location, keyPath: "\(path).floor",
                        found:
                            "floor \(Validator.format(floor.value(in: year))) above cap \(Validator.format(cap.value(in: year)))\(year == Int.min ? "" : " in \(year)")",
                        expected: "floor ≤ cap"))
            }
        }
        return out
    }

    /// A dated value holds its first value in the years before its first date, so a first
    /// date after the year it is first needed would silently apply early; a date past any
    /// run's reach is a typo.
    static func datedYearRules(_ document: SourceNode, base: Int, last: Int, schema: Shape) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func walk(_ node: SourceNode, _ shape: Shape, _ path: String, start: Int) {
            switch shape {
            case .record(let record):
                // A block or response with `from` needs its values from that year.
                let from = node["from"]?.integer.map { max($0, start) } ?? start
                for field in record.fields {
                    guard let child = node[field.name] else { continue }
                    walk(child, field.shape, path.isEmpty ? field.name : "\(path).\(field.name)", start: from)
                }
            case .map(_, let values, _):
                for entry in node.entries ?? [] { walk(entry.value, values, "\(path).\(entry.key)", start: start) }
            case .list(let item, _):
                for (i, child) in (node.items ?? []).enumerated() { walk(child, item, "\(path)[\(i)]", start: start) }
            case .dated(let inner):
                guard let entries = node.entries, Validator.isYearKeyed(node, inner) else { return }
                let years = entries.compactMap { entry in Int(entry.key).map { (entry, $0) } }
                if let first = years.min(by: { $0.1 < $1.1 }), first.1 > start {
                    out.append(
                        Diagnostic(
                            at: first.0.keyLocation, keyPath: "\(path).\(first.0.key)",
                            found: "values that start in \(first.1), after \(start) when the value is first needed",
                            expected: "a first year of \(start) or earlier (the first value also holds before its year)"
                        ))
                }
                for (entry, year) in years where year > last {
                    out.append(
                        Diagnostic(
                            at: entry.keyLocation, keyPath: "\(path).\(entry.key)", found: "the year \(year)",
                            expected: "a year a run can reach, \(last) at the latest"))
                }
            default:
                return
            }
        }
        walk(document, schema, "", start: base)
        return out
    }

    /// Move rates out of one setting at one point (a phase, a transfer, or every year)
    /// are chances of exclusive events: they must add up to at most 1 in every year.
    static func moveSumRules(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var groups: [String: [(Int, SourceNode)]] = [:], order: [String] = []
        for (i, move) in (document["flows"]?["moves"]?.items ?? []).enumerated() {
            guard let from = move["from"]?.text else { continue }
            let when = move["at"]?.text.map { "at \($0)" } ?? move["phase"]?.text.map { "in \($0)" } ?? "in every phase"
            let key = "\(from) \(when)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((i, move))
        }
        for key in order {
            let moves = groups[key]!
            guard moves.count > 1 else { continue }
            let rates = moves.map { ($0.0, $0.1["rate"]) }
            var years = Set<Int>([Int.min])
            for (_, rate) in rates {
                for entry in rate?.entries ?? [] where rate?["dist"] == nil {
                    if let y = Int(entry.key) { years.insert(y) }
                }
            }
            for year in years.sorted() {
                let sum = rates.reduce(0.0) { $0 + (meanRate($1.1, in: year) ?? 0) }
                if sum > 1 + Validator.shareTolerance {
                    let indices = rates.map { "flows.moves[\($0.0)]" }.joined(separator: ", ")
                    out.append(
                        Diagnostic(
                            at: moves[0].1.location, keyPath: "flows.moves[\(moves[0].0)].rate",
                            found:
                                "move rates from \(key) that add up to \(Validator.format(sum))\(year == Int.min ? "" : " in \(year)") (\(indices))",
                            expected: "at most 1: they are chances of leaving the setting for one place or another"))
                    break
                }
            }
        }
        return out
    }

    /// The mean of a rate (number, distribution, or values by year) in force in `year`.
    static func meanRate(_ node: SourceNode?, in year: Int) -> Double? {
        guard let node else { return nil }
        if let number = node.number { return number }
        if node["dist"] != nil { return Distribution(node)?.mean }
        let dated = (node.entries ?? []).compactMap { entry in Int(entry.key).map { ($0, entry.value) } }.sorted {
            $0.0 < $1.0
        }
        guard let chosen = dated.last(where: { $0.0 <= year }) ?? dated.first else { return nil }
        return meanRate(chosen.1, in: year)
    }

    /// A full setting sends newcomers to its overflow, which must not lead back to it.
    static func overflowCycles(_ document: SourceNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let settings = document["settings"]?.entries ?? []
        var next: [String: String] = [:]
        for entry in settings { if let target = entry.value["overflow"]?.text { next[entry.key] = target } }
        var reported = Set<String>()
        for entry in settings {
            var chain = [entry.key], current = entry.key
            while let target = next[current] {
                if let start = chain.firstIndex(of: target) {
                    let cycle = chain[start...]
                    if start == 0, reported.isDisjoint(with: cycle) {
                        reported.formUnion(cycle)
                        let node = entry.value["overflow"]!
                        out.append(
                            Diagnostic(
                                at: node.location, keyPath: "settings.\(entry.key).overflow",
                                found:
                                    "overflow that goes round in a circle: \((cycle + [target]).joined(separator: " → "))",
                                expected: "a chain of overflow settings that ends in one without `overflow`"))
                    }
                    break
                }
                chain.append(target)
                current = target
            }
        }
        return out
    }
}
