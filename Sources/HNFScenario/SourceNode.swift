import HNFCore
import Yams

/// A YAML document as hnf reads it: every node knows the file, line and column it came
/// from, so that any value in a scenario (and any number computed from it) can be traced
/// back to its line.
///
/// Built from Yams' composed tree. Mapping keys are always scalars and unique (duplicates
/// are a diagnostic, not a silent overwrite as in most YAML loaders).
public struct SourceNode: Sendable {
    public enum ScalarKind: Sendable, Equatable {
        case null, bool, integer, float, string
    }

    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: SourceNode
    }

    public enum Content: Sendable {
        case scalar(String, ScalarKind)
        case mapping([Entry])
        case sequence([SourceNode])
    }

    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// An empty mapping, read in place of an optional section a document leaves out.
    public static let emptyMapping = SourceNode(.mapping([]), at: SourceLocation(file: "", line: 0, column: 0))

    // MARK: Reading

    public var entries: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    public var items: [SourceNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public subscript(key: String) -> SourceNode? {
        entries?.first { $0.key == key }?.value
    }

    /// The text of a scalar, whatever its kind.
    public var text: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// A number, for integer and float scalars (and nothing else: "12" in quotes is text).
    public var number: Double? {
        guard case .scalar(let text, let kind) = content, kind == .integer || kind == .float else { return nil }
        return Self.parseNumber(text)
    }

    public var integer: Int? {
        guard case .scalar(let text, .integer) = content else { return nil }
        return Int(text.utf8.contains(UInt8(ascii: "_")) ? text.replacingOccurrences(of: "_", with: "") : text)
    }

    public var bool: Bool? {
        guard case .scalar(let text, .bool) = content else { return nil }
        return ["true", "yes", "on", "y"].contains(text.lowercased())
    }

    public var isNull: Bool {
        if case .scalar(_, .null) = content { return true }
        return false
    }

    /// A short description of what this node is, for "found …" in diagnostics.
    public var summary: String {
        switch content {
        case .scalar(let text, let kind):
            switch kind {
            case .null: return "nothing (null)"
            case .string: return "text \"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
            case .bool: return "true/false value \(text)"
            case .integer, .float: return "number \(text)"
            }
        case .mapping(let entries): return "a mapping of \(entries.count) key\(entries.count == 1 ? "" : "s")"
        case .sequence(let items): return "a list of \(items.count) item\(items.count == 1 ? "" : "s")"
        }
    }

    static func parseNumber(_ text: String) -> Double? {
        // Nearly every number is plain: without `_` or the letters of .inf and .nan it reads
        // as Double reads it, without Foundation's replacing and lowercasing (a tenth of the
        // time of loading a scenario of 100,000 localities went there).
        if !text.utf8.contains(where: {
            $0 == UInt8(ascii: "_") || $0 | 0x20 == UInt8(ascii: "i") || $0 | 0x20 == UInt8(ascii: "n")
        }) {
            return Double(text)
        }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        switch cleaned.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: return Double(cleaned)
        }
    }
}

// MARK: - Parsing

extension SourceNode {
    /// Parses one YAML document. An empty document is an empty mapping.
    /// Syntax errors, non-scalar keys and duplicate keys come back as diagnostics.
    public static func parse(yaml: String, file: String) -> (SourceNode?, [Diagnostic]) {
        let root: Node?
        do {
            // Plain scalars are classified by `kind(of:)`, which settles the common cases
            // without Yams' regular expressions (they took most of the time of loading a
            // large scenario) and defers to Yams' default rules for the rest.
            root = try Yams.compose(yaml: yaml, .basic)
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, file: file)])
        } catch {
            return (
                nil,
                [
                    Diagnostic(
                        at: nil, file: file, keyPath: "", found: "unreadable YAML (\(error))",
                        expected: "a YAML document")
                ]
            )
        }
        guard let root else {
            return (SourceNode(.mapping([]), at: SourceLocation(file: file, line: 1, column: 1)), [])
        }
        var diagnostics: [Diagnostic] = []
        var budget = nodeBudget(forBytes: yaml.utf8.count)
        var path: [String] = []
        let node = convert(root, file: file, path: &path, diagnostics: &diagnostics, budget: &budget)
        if budget < 0 {
            return (
                nil,
                [
                    Diagnostic(
                        at: nil, file: file, keyPath: "",
                        found:
                            "more than \(nodeBudget(forBytes: yaml.utf8.count)) values once its aliases (*name) are expanded",
                        expected:
                            "a document whose aliases expand to at most 4 values per byte of the file (an alias of aliases grows without bound)"
                    )
                ]
            )
        }
        return (node, diagnostics)
    }

    /// The most values a document of `bytes` may hold once aliases are expanded. Without
    /// aliases a YAML document holds at most one value per two bytes; the rest is room for
    /// ordinary reuse of anchors, while an alias bomb (each level repeating the last ten
    /// times) is stopped after a few hundred thousand values instead of growing to gigabytes.
    static func nodeBudget(forBytes bytes: Int) -> Int { 4 * bytes + 100_000 }

    /// The largest scenario or overlay file read: 64 MB (an imported scenario with every
    /// setting × age × need cell is a few MB).
    public static let largestFileBytes = 64 << 20

    private static func location(_ node: Node, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// A key path as a message writes it (`a.b[2].c`) from its parts (`.a`, `.b`, `[2]`, `.c`),
    /// which `convert` keeps as a stack and joins only for a diagnostic (joining at every
    /// node was a tenth of the time of reading a large scenario).
    private static func keyPath(_ parts: [String]) -> String {
        let joined = parts.joined()
        return joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
    }

    private static func convert(
        _ node: Node, file: String, path: inout [String], diagnostics: inout [Diagnostic], budget: inout Int
    ) -> SourceNode {
        let here = location(node, file)
        budget -= 1
        guard budget >= 0 else { return SourceNode(.scalar("", .null), at: here) }
        switch node {
        case .scalar(let scalar):
            return SourceNode(.scalar(scalar.string, kind(of: node)), at: here)
        case .alias:
            // Yams dereferences aliases while composing; an alias left here had no anchor.
            diagnostics.append(
                Diagnostic(at: here, keyPath: keyPath(path), found: "an unresolved alias", expected: "a value"))
            return SourceNode(.scalar("", .null), at: here)
        case .sequence(let sequence):
            var items: [SourceNode] = []
            items.reserveCapacity(sequence.count)
            for (index, item) in sequence.enumerated() {
                path.append("[\(index)]")
                items.append(convert(item, file: file, path: &path, diagnostics: &diagnostics, budget: &budget))
                path.removeLast()
            }
            return SourceNode(.sequence(items), at: here)
        case .mapping(let mapping):
            var entries: [Entry] = []
            entries.reserveCapacity(mapping.count)
            var seen: [String: SourceLocation] = [:]
            for (keyNode, valueNode) in mapping {
                let keyLocation = location(keyNode, file)
                guard case .scalar(let keyScalar) = keyNode else {
                    diagnostics.append(
                        Diagnostic(
                            at: keyLocation, keyPath: keyPath(path),
                            found: "a \(keyNode.mapping != nil ? "mapping" : "list") used as a key",
                            expected: "a plain key such as a name or a year"))
                    continue
                }
                let key = keyScalar.string
                path.append("." + key)
                defer { path.removeLast() }
                // A small mapping (nearly all) is searched; a large one keeps an index.
                let first =
                    entries.count < 16 ? entries.first { $0.key == key }?.keyLocation : seen[key]
                if let first {
                    diagnostics.append(
                        Diagnostic(
                            at: keyLocation, keyPath: keyPath(path),
                            found: "the key \"\(key)\" a second time (first at line \(first.line))",
                            expected: "each key once in a mapping"))
                    continue
                }
                if entries.count >= 15 {
                    if seen.isEmpty { for entry in entries { seen[entry.key] = entry.keyLocation } }
                    seen[key] = keyLocation
                }
                entries.append(
                    Entry(
                        key: key, keyLocation: keyLocation,
                        value: convert(valueNode, file: file, path: &path, diagnostics: &diagnostics, budget: &budget)))
            }
            return SourceNode(.mapping(entries), at: here)
        }
    }

    private static func kind(of node: Node) -> ScalarKind {
        var tag = node.tag.rawValue
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any, tag == Tag.Name.str.rawValue
        {
            tag = (plainTag(scalar.string) ?? Resolver.default.resolveTag(of: Node(scalar.string))).rawValue
        }
        switch tag {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return .bool
        case Tag.Name.int.rawValue: return .integer
        case Tag.Name.float.rawValue: return .float
        default: return .string
        }
    }

    static let boolWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON",
        "off", "Off", "OFF",
    ]

    /// The tag Yams' default rules give a plain scalar, for the forms that are quick to
    /// tell (words, decimal integers, decimal fractions); nil for anything else.
    static func plainTag(_ text: String) -> Tag.Name? {
        if text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        let utf8 = text.utf8
        let first = utf8.first!
        if (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))
            || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z"))
        {
            return boolWords.contains(text) ? .bool : .str
        }
        // [-+]?(0|[1-9][0-9]*) is an integer; [-+]?[0-9]+.[0-9]* (with an exponent) a float.
        var digits = utf8[...]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        let isDigit = { (c: UInt8) in c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        let whole = digits.prefix(while: isDigit)
        guard !whole.isEmpty else { return nil }
        let rest = digits.dropFirst(whole.count)
        if rest.isEmpty { return whole.count == 1 || whole.first != UInt8(ascii: "0") ? .int : nil }
        guard rest.first == UInt8(ascii: "."), whole.count == 1 || whole.first != UInt8(ascii: "0") else { return nil }
        let fraction = rest.dropFirst().prefix(while: isDigit)
        let exponent = rest.dropFirst(1 + fraction.count)
        if exponent.isEmpty { return .float }
        guard exponent.first == UInt8(ascii: "e") || exponent.first == UInt8(ascii: "E") else { return nil }
        var power = exponent.dropFirst()
        if power.first == UInt8(ascii: "-") || power.first == UInt8(ascii: "+") { power = power.dropFirst() }
        return !power.isEmpty && power.allSatisfy(isDigit) ? .float : nil
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return Diagnostic(
                at: SourceLocation(file: file, line: mark.line, column: mark.column), keyPath: "",
                found: "invalid YAML: \(detail)", expected: "well-formed YAML (check indentation, colons and quotes)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return Diagnostic(
                at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column), keyPath: "",
                found: "the key \(keys) twice in one mapping", expected: "each key once in a mapping")
        case .reader(let problem, _, _, _):
            return Diagnostic(
                at: nil, file: file, keyPath: "", found: "unreadable text: \(problem)", expected: "a UTF-8 YAML file")
        default:
            return Diagnostic(
                at: nil, file: file, keyPath: "", found: "invalid YAML: \(error)", expected: "a YAML document")
        }
    }
}
