import Foundation
import HNFCore

/// Walking a document and the schema together to find every number and the shape that
/// accepts it, as the validator does; and naming what was found in words.
extension ScenarioLevers {
    static func collect(
        _ node: SourceNode, _ shape: Shape, _ steps: [KeyPath.Step], _ found: inout [Leaf],
        keyAt: SourceLocation? = nil
    ) {
        func leaf(_ value: Double, _ unit: String, _ min: Double?, _ max: Double?, whole: Bool = false) {
            // A value an overlay set sits in the overlay's file, under the scenario's key.
            let elsewhere = keyAt.map { $0.file != node.location.file } ?? true
            found.append(
                Leaf(
                    steps: steps, value: value, unit: unit, min: min, max: max, wholeNumber: whole,
                    location: elsewhere ? node.location : keyAt!, overlaid: elsewhere))
        }
        func entries(_ shapeOf: (String) -> Shape?) {
            for entry in node.entries ?? [] {
                guard let inner = shapeOf(entry.key) else { continue }
                collect(entry.value, inner, steps + [.key(entry.key)], &found, keyAt: entry.keyLocation)
            }
        }
        switch shape {
        case .integer(let min, let max):
            if let value = node.integer {
                leaf(Double(value), "a whole number", min.map(Double.init), max.map(Double.init), whole: true)
            }
        case .number(let min, let max, let unit):
            if let value = node.number, value.isFinite { leaf(value, unit, min, max) }
        case .uncertain(let min, let max, let unit):
            if let value = node.number, value.isFinite { return leaf(value, unit, min, max) }
            entries { distributionParameter($0, node["dist"]?.text, min: min, max: max, unit: unit) }
        case .record(let record):
            entries { key in record.fields.first { $0.name == key }?.shape }
        case .map(_, let values, _):
            entries { _ in values }
        case .list(let item, _):
            for (i, child) in (node.items ?? []).enumerated() {
                collect(child, item, steps + [.index(i)], &found, keyAt: child.location)
            }
        case .dated(let inner):
            if Validator.isYearKeyed(node, inner) {
                entries { _ in inner }
            } else {
                collect(node, inner, steps, &found, keyAt: keyAt)
            }
        case .schedule(let inner):
            entries { _ in inner }
        case .text, .boolean, .reference, .anything:
            break
        }
    }

    /// The shape of one parameter of an uncertain value's distribution: its centre and
    /// range in the value's own unit and bounds, its spread in the unit from zero.
    static func distributionParameter(
        _ key: String, _ kind: String?, min: Double?, max: Double?, unit: String
    )
        -> Shape?
    {
        switch (kind, key) {
        case ("normal", "mean"), ("uniform", "low"), ("uniform", "high"): return .number(min: min, max: max, unit: unit)
        case ("normal", "sd"): return .number(min: 0, max: max.flatMap { mx in min.map { mx - $0 } }, unit: unit)
        case ("lognormal", "mu"), ("lognormal", "sigma"): return .number(unit: "a parameter of the log of the value")
        case ("beta", "alpha"), ("beta", "beta"): return .number(min: 0, unit: "a pseudo-count")
        default: return nil
        }
    }

    /// "Mainstream school: top-up, Band 1, from 2026": the names the scenario declares
    /// for its settings, bands and blocks, and the key path's words for the rest.
    static func label(_ steps: [KeyPath.Step], in document: SourceNode) -> String {
        let keys = steps.map { step -> String in
            if case .key(let key) = step { return key }
            if case .index(let i) = step { return "item \(i + 1)" }
            return ""
        }
        func name(_ section: String, _ id: String) -> String {
            document[section]?[id]?["name"]?.text ?? words(id)
        }
        var parts: [String] = []
        var rest = keys[...]
        switch (keys.first, keys.count > 1 ? keys[1] : nil) {
        case ("settings", let id?):
            parts.append(name("settings", id))
            rest = keys.dropFirst(2)
            if rest.first == "top_up", rest.count > 1 {
                parts.append("top-up, " + name("bands", rest[rest.index(after: rest.startIndex)]))
                rest = rest.dropFirst(2)
            } else if rest.first == "capacity" {
                parts.append("commissioned places")
                rest = rest.dropFirst()
                if rest.first == "all" { rest = rest.dropFirst() }
            }
        case ("funding", "blocks"), ("funding", "responses"):
            guard keys.count > 2 else { break }
            let id = keys[2]
            let description = document["funding"]?[keys[1]]?[id]?["description"]?.text
            parts.append(description ?? words(id))
            rest = keys.dropFirst(3)
        case ("flows", "new_plans"):
            parts.append("New plans")
            rest = keys.dropFirst(2)
        case ("flows", "ceasing"):
            parts.append("Plans ceasing")
            rest = keys.dropFirst(2)
        case ("budget", "other_income"):
            guard keys.count > 2 else { break }
            parts.append(document["budget"]?["other_income"]?[keys[2]]?["name"]?.text ?? words(keys[2]))
            rest = keys.dropFirst(3)
        case ("budget", "high_needs_block"):
            parts.append("High needs block")
            rest = keys.dropFirst(2)
        default:
            break
        }
        parts += rest.map { Int($0) != nil ? $0 : words($0) }
        let text = parts.joined(separator: ", ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// `place_funding` as "place funding", `rate_per_1000` as "rate per 1,000".
    static func words(_ key: String) -> String {
        let special = [
            "rate_per_1000": "rate per 1,000 children", "per_year": "a year", "sd": "spread (sd)",
            "element2_threshold": "element 2 threshold (the school's own first £ of each plan)",
        ]
        return special[key] ?? key.replacingOccurrences(of: "_", with: " ")
    }
}
