import Foundation
import HNFCore
import HNFScenario

/// What a traced figure belongs to: one setting's cost of a child, one formula block, one
/// locality's own flows, or the behavioural responses that change every setting's children.
public enum TraceScope: Hashable, Sendable, CustomStringConvertible {
    case setting(String), block(String), locality(String), children

    public var description: String {
        switch self {
        case .setting(let id): "setting:\(id)"
        case .block(let id): "block:\(id)"
        case .locality(let id): "locality:\(id)"
        case .children: "children"
        }
    }
}

/// The parameters the plan read while it compiled each figure, recorded as it read them:
/// for a scope (`TraceScope`) and a financial year, every key path read, in the order read, with its
/// value in that year, its file and line, and the whole comment written beside it.
/// `hnf explain` prints this record; it does not rebuild it.
public struct ParameterTrace: Sendable {
    public struct Entry: Sendable, Equatable {
        public var keyPath: String
        public var year: Int
        public var value: String
        public var location: SourceLocation?
        /// The comment on the key's line and its continuation lines, the comment lines just
        /// above the key, and the same for its parent keys: where the value came from.
        public var source: String?
    }

    var entries: [String: [Entry]] = [:]
    /// Key paths the plan asked for that the scenario's schema does not have: a mistyped
    /// path in the compiler (a test holds this empty for every shipped scenario and overlay).
    public internal(set) var unknownPaths: Set<String> = []

    public func entries(scope: TraceScope, year: Int) -> [Entry] { entries["\(scope)@\(year)"] ?? [] }
    public var isEmpty: Bool { entries.isEmpty }
}

/// Builds a `ParameterTrace` while a plan compiles: `read` resolves the key path in the
/// merged document (so an overlay's value and line are the ones recorded) and files the
/// entry under each scope that uses it, once per scope and year.
final class TraceRecorder {
    let document: SourceNode
    /// The scenario's schema: each value's unit, and whether a path can exist at all.
    let schema: Shape
    private(set) var trace = ParameterTrace()
    private var comments: SourceComments

    init(_ document: SourceNode, schema: Shape, texts: [String: String] = [:]) {
        (self.document, self.schema) = (document, schema)
        comments = SourceComments(texts: texts)
    }

    /// Records `path` as read for `scopes` in `year`; a path the document does not hold is
    /// not recorded (a default applies, which the caller states as `note`).
    /// `valueIn` is the year whose value the figure uses, when not `year` (a protected
    /// child keeps the value of the year before a band system).
    func read(_ path: String, for scopes: [TraceScope], in year: Int, valueIn: Int? = nil, note: String? = nil) {
        // Read once per scope and year: the first read is the one recorded.
        guard scopes.contains(where: { trace.entries["\($0)@\(year)"]?.contains { $0.keyPath == path } != true }) else {
            return
        }
        let steps = KeyPath.parse(path)
        let shape = steps.flatMap { schema.at($0) }
        if shape == nil { trace.unknownPaths.insert(path) }
        guard let steps, let node = KeyPath.get(document, steps) else {
            if let note {
                add(
                    ParameterTrace.Entry(keyPath: path, year: year, value: note, location: nil, source: nil), scopes,
                    year)
            }
            return
        }
        let at = valueIn ?? year
        let value =
            Self.inline(Self.inForce(node, at) ?? node, shape: shape)
            + (Self.inForce(node, at) != nil ? " in \(at)" : "")
        // A value an overlay set sits in the overlay's file, under the scenario's key.
        let keyLocation = KeyPath.keyLocation(document, steps)
        let fromElsewhere = keyLocation.map { $0.file != node.location.file } ?? true
        let location = fromElsewhere ? node.location : keyLocation!
        var source = comments.comment(document, steps, valueAt: fromElsewhere ? node.location : nil)
        // A dated value's comment for the year in force sits on that year's line.
        if let entries = node.entries, let key = entries.last(where: { Int($0.key).map { $0 <= at } ?? false })?.key,
            let dated = comments.comment(document, steps + [.key(key)], only: true), !(source ?? "").contains(dated)
        {
            source = [source, dated].compactMap { $0 }.joined(separator: " ")
        }
        let entry = ParameterTrace.Entry(keyPath: path, year: year, value: value, location: location, source: source)
        add(entry, scopes, year)
    }

    /// Records a figure the plan derived from what it read (`name`, the value it used): a
    /// step of the computation, listed after the reads it came from.
    func derived(_ name: String, _ value: String, for scopes: [TraceScope], in year: Int, because source: String) {
        add(ParameterTrace.Entry(keyPath: name, year: year, value: value, location: nil, source: source), scopes, year)
    }

    private func add(_ entry: ParameterTrace.Entry, _ scopes: [TraceScope], _ year: Int) {
        for scope in scopes {
            let key = "\(scope)@\(year)"
            if trace.entries[key]?.contains(where: { $0.keyPath == entry.keyPath }) == true { continue }
            trace.entries[key, default: []].append(entry)
        }
    }

    /// The entry of a year-keyed mapping in force in `year` (nil for anything else).
    static func inForce(_ node: SourceNode, _ year: Int) -> SourceNode? {
        guard let entries = node.entries, !entries.isEmpty, entries.allSatisfy({ Int($0.key) != nil }) else {
            return nil
        }
        return entries.last { Int($0.key)! <= year }?.value ?? entries.first?.value
    }

    /// A value as written, on one line: `{B1: 0.2, B2: 0.35}`; in £ where the schema says
    /// the value is money (whatever its key or band is named), years as written.
    static func inline(_ node: SourceNode, shape: Shape?) -> String {
        switch node.content {
        case .scalar(let text, _):
            guard let v = node.number else { return text }
            if shape?.isMoney == true && v != v.rounded() && abs(v) < 1e15 {
                let pence = Int((abs(v) * 100).rounded())
                return (v < 0 ? "-" : "") + "£" + Text.thousands(pence / 100) + String(format: ".%02d", pence % 100)
            }
            if v == v.rounded() && abs(v) < 1e15 {
                return (shape?.isMoney == true ? "£" : "")
                    + (shape?.isYear == true ? String(Int(v)) : Text.thousands(Int(v)))
            }
            return String(format: "%g", v)
        case .mapping(let entries):
            return "{"
                + entries.map { "\($0.key): \(inline($0.value, shape: shape?.at([.key($0.key)])))" }
                .joined(separator: ", ") + "}"
        case .sequence(let items):
            return "[" + items.enumerated().map { inline($1, shape: shape?.at([.index($0)])) }.joined(separator: ", ")
                + "]"
        }
    }
}
