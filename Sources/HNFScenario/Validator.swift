import Foundation
import HNFCore

/// Checks a document against a `Shape`, collecting every problem rather than stopping at
/// the first, so that one run of `hnf validate` lists all there is to fix.
public struct Validator {
    /// The names each namespace holds (localities, settings, …), in declaration order.
    public var names: [Namespace: [String]]
    public private(set) var diagnostics: [Diagnostic] = []

    /// Shares may be written to three decimals by hand (1/3 as 0.333): sums within this
    /// of their total pass.
    public static let shareTolerance = 0.0015

    /// No number in a scenario is larger than this in size, whatever its field says, so
    /// sums of them stay finite and exact enough (a safety net under each field's bounds).
    public static let largestMagnitude = 1e12

    public init(names: [Namespace: [String]]) {
        self.names = names
    }

    public mutating func report(_ node: SourceNode, _ path: String, found: String, expected: String) {
        diagnostics.append(Diagnostic(at: node.location, keyPath: path, found: found, expected: expected))
    }

    public mutating func check(_ node: SourceNode, against shape: Shape, at path: String) {
        switch shape {
        case .text(let choices):
            guard node.text != nil, !node.isNull, node.entries == nil else {
                return report(
                    node, path, found: node.summary,
                    expected: choices.map { "one of: \($0.joined(separator: ", "))" } ?? "text")
            }
            if let choices, let text = node.text, !choices.contains(text) {
                report(
                    node, path, found: "\"\(text)\"",
                    expected: "one of: \(choices.joined(separator: ", "))\(Self.suggestion(text, choices))")
            }
        case .integer(let min, let max):
            guard let value = node.integer else {
                return report(node, path, found: node.summary, expected: "a whole number")
            }
            checkBounds(node, path, Double(value), min.map(Double.init), max.map(Double.init), unit: "")
        case .number(let min, let max, let unit):
            guard let value = node.number, value.isFinite else {
                return report(node, path, found: node.summary, expected: "a number (\(unit))")
            }
            checkBounds(node, path, value, min, max, unit: unit)
        case .boolean:
            if node.bool == nil { report(node, path, found: node.summary, expected: "true or false") }
        case .record(let record):
            checkRecord(node, record, path)
        case .map(let keys, let values, let total):
            checkMap(node, keys, values, total, path)
        case .list(let item, let minCount):
            guard let items = node.items else {
                return report(node, path, found: node.summary, expected: "a list")
            }
            if items.count < minCount {
                report(
                    node, path, found: "\(items.count) item\(items.count == 1 ? "" : "s")",
                    expected: "at least \(minCount)")
            }
            for (index, child) in items.enumerated() {
                check(child, against: item, at: "\(path)[\(index)]")
            }
        case .dated(let inner):
            if let entries = node.entries, Self.isYearKeyed(node, inner) {
                if entries.isEmpty {
                    report(node, path, found: "an empty mapping", expected: "a value, or values by year")
                }
                for entry in entries {
                    checkYear(entry, path)
                    check(entry.value, against: inner, at: "\(path).\(entry.key)")
                }
            } else {
                check(node, against: inner, at: path)
            }
        case .schedule(let inner):
            guard let entries = node.entries else {
                return report(node, path, found: node.summary, expected: "amounts by year, e.g. {2024: 1000000}")
            }
            for entry in entries {
                checkYear(entry, path)
                check(entry.value, against: inner, at: "\(path).\(entry.key)")
            }
        case .uncertain(let min, let max, let unit):
            checkUncertain(node, min, max, unit, path)
        case .anything:
            break
        case .reference(let namespace):
            guard let text = node.text, !node.isNull else {
                return report(node, path, found: node.summary, expected: namespace.declaredWhere)
            }
            let known = names[namespace] ?? []
            if !known.contains(text) {
                report(
                    node, path, found: "\"\(text)\", which is not \(namespace.declaredWhere)",
                    expected: "one of: \(Self.list(known))\(Self.suggestion(text, known))")
            }
        }
    }

    // MARK: Pieces

    private mutating func checkBounds(
        _ node: SourceNode, _ path: String, _ value: Double, _ min: Double?, _ max: Double?, unit: String
    ) {
        let what = unit.isEmpty ? "" : " (\(unit))"
        if abs(value) > Self.largestMagnitude, min.map({ value < $0 }) != true, max.map({ value > $0 }) != true {
            return report(
                node, path, found: node.text ?? String(value),
                expected: "a number no larger than 1,000,000,000,000 in size\(what)")
        }
        if let min, value < min {
            let found =
                value < 0 && min >= 0 ? "a negative number, \(node.text ?? "")" : "\(node.text ?? String(value))"
            report(
                node, path, found: found,
                expected: max.map { "a number from \(Self.format(min)) to \(Self.format($0))\(what)" }
                    ?? "at least \(Self.format(min))\(what)")
        } else if let max, value > max {
            report(
                node, path, found: node.text ?? String(value),
                expected: min.map { "a number from \(Self.format($0)) to \(Self.format(max))\(what)" }
                    ?? "at most \(Self.format(max))\(what)")
        }
    }

    private mutating func checkRecord(_ node: SourceNode, _ record: Record, _ path: String) {
        guard let entries = node.entries else {
            return report(
                node, path, found: node.summary,
                expected: "a mapping with keys: \(record.fields.map(\.name).joined(separator: ", "))")
        }
        let allowed = record.fields.map(\.name)
        let variant = record.variants.flatMap { v in node[v.tag]?.text.map { (v.tag, $0) } }
        let variantAllows = record.variants.flatMap { v in variant.flatMap { v.allowed($0.1, in: record) } }
        for entry in entries {
            let childPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            if let variant, let variantAllows, !variantAllows.contains(entry.key), allowed.contains(entry.key) {
                diagnostics.append(
                    Diagnostic(
                        at: entry.keyLocation, keyPath: childPath,
                        found: "`\(entry.key)` with \(variant.0): \(variant.1)",
                        expected: "a field a \(variant.1) takes, one of: \(variantAllows.joined(separator: ", "))"))
                continue
            }
            guard let field = record.fields.first(where: { $0.name == entry.key }) else {
                diagnostics.append(
                    Diagnostic(
                        at: entry.keyLocation, keyPath: childPath, found: "unknown key \"\(entry.key)\"",
                        expected: "one of: \(allowed.joined(separator: ", "))\(Self.suggestion(entry.key, allowed))"))
                continue
            }
            check(entry.value, against: field.shape, at: childPath)
        }
        let present = Set(entries.map(\.key))
        for field in record.fields where field.required && !present.contains(field.name) {
            report(
                node, path.isEmpty ? field.name : "\(path).\(field.name)", found: "no `\(field.name)`",
                expected: "`\(field.name)` (required)")
        }
        for group in record.exactlyOneOf {
            let given = group.filter(present.contains)
            if given.count != 1 {
                report(
                    node, path,
                    found: given.isEmpty
                        ? "none of \(group.joined(separator: ", "))" : "\(given.joined(separator: " and ")) together",
                    expected: "exactly one of: \(group.joined(separator: ", "))")
            }
        }
    }

    private mutating func checkMap(
        _ node: SourceNode, _ keys: KeyRule, _ values: Shape, _ total: Double?, _ path: String
    ) {
        guard let entries = node.entries else {
            return report(node, path, found: node.summary, expected: "a mapping")
        }
        var sum = 0.0
        var summable = true
        for entry in entries {
            let childPath = "\(path).\(entry.key)"
            switch keys {
            case .identifier:
                if !Self.isIdentifier(entry.key) {
                    diagnostics.append(
                        Diagnostic(
                            at: entry.keyLocation, keyPath: childPath, found: "the name \"\(entry.key)\"",
                            expected: "a name of letters, digits, _ and -, starting with a letter"))
                }
            case .age:
                if Int(entry.key).map({ !(0...25).contains($0) }) ?? true {
                    diagnostics.append(
                        Diagnostic(
                            at: entry.keyLocation, keyPath: childPath, found: "the age \"\(entry.key)\"",
                            expected: "an age from 0 to 25"))
                }
            case .namespace(let namespace, let extra):
                let known = (names[namespace] ?? []) + extra
                if !known.contains(entry.key) {
                    diagnostics.append(
                        Diagnostic(
                            at: entry.keyLocation, keyPath: childPath,
                            found: "\"\(entry.key)\", which is not \(namespace.declaredWhere)",
                            expected: "one of: \(Self.list(known))\(Self.suggestion(entry.key, known))"))
                }
            }
            check(entry.value, against: values, at: childPath)
            if let number = entry.value.number { sum += number } else { summable = false }
        }
        if let total, summable, !entries.isEmpty, abs(sum - total) > Self.shareTolerance {
            report(
                node, path, found: "shares that add up to \(Self.format(sum))",
                expected: "shares that add up to \(Self.format(total))")
        }
    }

    private mutating func checkYear(_ entry: SourceNode.Entry, _ path: String) {
        if Int(entry.key).map({ !(1990...2100).contains($0) }) ?? true {
            diagnostics.append(
                Diagnostic(
                    at: entry.keyLocation, keyPath: "\(path).\(entry.key)", found: "the key \"\(entry.key)\"",
                    expected: "a year such as 2026"))
        }
    }

    private mutating func checkUncertain(
        _ node: SourceNode, _ min: Double?, _ max: Double?, _ unit: String, _ path: String
    ) {
        if node.number != nil {
            return check(node, against: .number(min: min, max: max, unit: unit), at: path)
        }
        guard node.entries != nil, let kindNode = node["dist"] else {
            return report(
                node, path, found: node.summary,
                expected: "a number (\(unit)) or a distribution such as {dist: normal, mean: 0.05, sd: 0.01}")
        }
        let kinds = Distribution.Kind.allCases.map(\.rawValue)
        guard let kindText = kindNode.text, let kind = Distribution.Kind(rawValue: kindText) else {
            return report(
                kindNode, "\(path).dist", found: kindNode.summary,
                expected: "one of: \(kinds.joined(separator: ", "))\(Self.suggestion(kindNode.text ?? "", kinds))")
        }
        let parameters = kind.parameters
        let record = Record(
            [.required("dist", .text())] + parameters.map { .required($0, .number(unit: "a distribution parameter")) })
        let before = diagnostics.count
        checkRecord(node, record, path)
        guard diagnostics.count == before else { return }
        // The spread of a bounded quantity is at most its range: a wider one only piles
        // the draws on the bounds (each sampled value is clamped to them).
        let width = (min != nil && max != nil) ? max! - min! : Self.largestMagnitude
        switch kind {
        case .normal: checkNormal(node, min, max, unit, path, width: width)
        case .lognormal: checkLognormal(node, min, max, unit, path)
        case .beta: checkBeta(node, min, max, path)
        case .uniform: checkUniform(node, min, max, unit, path)
        }
    }

    /// A distribution's parameter, which `checkUncertain` has found to be a number.
    private static func parameter(_ node: SourceNode, _ name: String) -> Double {
        node[name]?.number ?? 0
    }

    private mutating func checkNormal(
        _ node: SourceNode, _ min: Double?, _ max: Double?, _ unit: String, _ path: String, width: Double
    ) {
        let sd = Self.parameter(node, "sd")
        if sd <= 0 {
            report(node["sd"]!, "\(path).sd", found: node["sd"]!.text ?? "", expected: "a standard deviation above 0")
        }
        if sd > width {
            report(
                node["sd"]!, "\(path).sd", found: node["sd"]!.text ?? "",
                expected: "a standard deviation of at most \(Self.format(width)), the width of the range (\(unit))")
        }
        check(node["mean"]!, against: .number(min: min, max: max, unit: unit), at: "\(path).mean")
    }

    private mutating func checkLognormal(
        _ node: SourceNode, _ min: Double?, _ max: Double?, _ unit: String, _ path: String
    ) {
        let sigma = Self.parameter(node, "sigma")
        if sigma <= 0 || sigma > 5 {
            report(
                node["sigma"]!, "\(path).sigma", found: node["sigma"]!.text ?? "",
                expected: "a sigma above 0 and at most 5")
        }
        if abs(Self.parameter(node, "mu")) > 25 {
            report(
                node["mu"]!, "\(path).mu", found: node["mu"]!.text ?? "",
                expected: "a mu from -25 to 25 (the log of the median)")
        }
        if let min, min > 0 {
            report(
                node, path, found: "a lognormal (values from 0 up)",
                expected: "a distribution within \(Self.format(min)) and above")
        }
        if max != nil {
            report(
                node, path, found: "a lognormal (no upper bound)",
                expected: "a bounded distribution such as beta or uniform (\(unit))")
        }
    }

    private mutating func checkBeta(_ node: SourceNode, _ min: Double?, _ max: Double?, _ path: String) {
        for name in ["alpha", "beta"] where Self.parameter(node, name) <= 0 || Self.parameter(node, name) > 1e9 {
            report(
                node[name]!, "\(path).\(name)", found: node[name]!.text ?? "",
                expected: "a shape parameter above 0 and at most 1,000,000,000")
        }
        if let min, min > 0 {
            report(
                node, path, found: "a beta distribution (values 0 to 1)",
                expected: "values of at least \(Self.format(min))")
        }
        if let max, max < 1 {
            report(
                node, path, found: "a beta distribution (values 0 to 1)",
                expected: "values of at most \(Self.format(max))")
        }
    }

    private mutating func checkUniform(
        _ node: SourceNode, _ min: Double?, _ max: Double?, _ unit: String, _ path: String
    ) {
        let low = Self.parameter(node, "low"), high = Self.parameter(node, "high")
        if low >= high {
            report(
                node, path, found: "low \(Self.format(low)) not below high \(Self.format(high))",
                expected: "low < high")
        }
        check(node["low"]!, against: .number(min: min, max: max, unit: unit), at: "\(path).low")
        check(node["high"]!, against: .number(min: min, max: max, unit: unit), at: "\(path).high")
    }

    // MARK: Helpers

    /// A mapping given for a dated value is read as values by year when its keys are
    /// years (or, for scalar shapes, whenever it is not a distribution).
    static func isYearKeyed(_ node: SourceNode, _ inner: Shape) -> Bool {
        guard let entries = node.entries, node["dist"] == nil else { return false }
        switch inner {
        case .record, .map: return !entries.isEmpty && entries.allSatisfy { Int($0.key) != nil }
        default: return true
        }
    }

    package static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }

    static func list(_ names: [String]) -> String {
        if names.isEmpty { return "(none declared)" }
        return names.count > 14 ? names.prefix(14).joined(separator: ", ") + ", …" : names.joined(separator: ", ")
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// " (did you mean \"population\"?)" when a known name is a small edit away.
    public static func suggestion(_ text: String, _ candidates: [String]) -> String {
        let scored = candidates.map { ($0, editDistance(text.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, text.count / 3), best.1 > 0 || best.0 != text
        else { return "" }
        return " (did you mean \"\(best.0)\"?)"
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
