import HNFCore

/// A what-if: a small YAML file of changes by key path, applied on top of a scenario.
///
/// ```yaml
/// overlay: hnf.overlay.v1
/// name: More resourced provision
/// description: 200 more RP places from 2026
/// set:                                   # keys that exist; a typo is an error
///   settings.resourced_provision.place_funding: 6500
///   settings.resourced_provision.capacity.ashford: {from: 2026, value: 140}   # a dated change
/// add:                                   # keys that must not exist yet
///   funding.blocks.transition: {type: transition, transfers: [primary_to_secondary], amount_per_term: 1000, terms: 3}
/// remove:
///   - flows.moves[2]
/// ```
/// `{from: YEAR, value: V}` under `set` keeps the value in force before YEAR and makes V
/// the value from YEAR on. Several overlays apply in order, each to the result of the last.
public struct Overlay: Sendable {
    public enum Operation: Sendable {
        case set, add, remove
    }

    public struct Change: Sendable {
        public var operation: Operation
        public var path: String
        public var pathLocation: SourceLocation
        public var value: SourceNode?
    }

    public static let version = "hnf.overlay.v1"
    public var file: String
    public var name: String
    public var changes: [Change]

    /// Reads an overlay document; problems of form come back as diagnostics.
    public static func read(_ document: SourceNode, file: String) -> (Overlay?, [Diagnostic]) {
        // Only the top level is checked by shape: the values under set/add are checked
        // against the scenario schema once applied.
        var validator = Validator(names: [:])
        let top = Record(Self.topFields)
        validator.check(document, against: .record(top), at: "")
        var diagnostics = validator.diagnostics
        var changes: [Change] = []
        for operation in [("set", Operation.set), ("add", .add)] {
            guard let node = document[operation.0] else { continue }
            guard let entries = node.entries else {
                diagnostics.append(
                    Diagnostic(
                        at: node.location, keyPath: operation.0, found: node.summary,
                        expected: "a mapping from key path to value"))
                continue
            }
            for entry in entries {
                changes.append(
                    Change(operation: operation.1, path: entry.key, pathLocation: entry.keyLocation, value: entry.value)
                )
            }
        }
        if let node = document["remove"] {
            for item in node.items ?? [] {
                guard let path = item.text else { continue }
                if changes.contains(where: { $0.path == path }) {
                    let earlier = changes.first { $0.path == path }!
                    let what =
                        earlier.operation == .remove
                        ? "the same key removed twice"
                        : "a key both \(earlier.operation == .set ? "set" : "added") (line \(earlier.pathLocation.line)) and removed"
                    diagnostics.append(
                        Diagnostic(
                            at: item.location, keyPath: path, found: what,
                            expected:
                                "each key changed once in an overlay (removing flows.moves[2] twice would remove two different moves)"
                        ))
                    continue
                }
                changes.append(Change(operation: .remove, path: path, pathLocation: item.location, value: nil))
            }
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        return (Overlay(file: file, name: document["name"]?.text ?? file, changes: changes), [])
    }

    static let topFields: [Field] = [
        .required("overlay", .text(choices: [version])),
        .required("name", .text()),
        .optional("description", .text()),
        .optional("set", .anything),
        .optional("add", .anything),
        .optional("remove", .list(.text(), minCount: 1)),
    ]

    /// Applies the changes to `document`, in order. A change naming a missing key (set,
    /// remove) or an existing one (add) is a diagnostic at the change's line.
    public func apply(to document: SourceNode) -> (SourceNode, [Diagnostic]) {
        var result = document
        var diagnostics: [Diagnostic] = []
        for change in changes {
            let steps = KeyPath.parse(change.path)
            guard let steps, !steps.isEmpty else {
                diagnostics.append(
                    Diagnostic(
                        at: change.pathLocation, keyPath: change.path, found: "the key path \"\(change.path)\"",
                        expected:
                            "a dotted key path such as settings.state_special.place_funding or flows.moves[0].rate"))
                continue
            }
            let existing = KeyPath.get(result, steps)
            switch change.operation {
            case .set:
                guard let existing else {
                    diagnostics.append(
                        Diagnostic(
                            at: change.pathLocation, keyPath: change.path,
                            found: "no such key in the scenario\(KeyPath.nearest(result, steps))",
                            expected: "a key that exists (use `add:` to add one)"))
                    continue
                }
                let value = datedMerge(existing: existing, change.value!) ?? change.value!
                KeyPath.set(&result, steps, value)
            case .add:
                if existing != nil {
                    diagnostics.append(
                        Diagnostic(
                            at: change.pathLocation, keyPath: change.path, found: "a key that already exists",
                            expected: "a new key (use `set:` to change one)"))
                    continue
                }
                if !KeyPath.set(&result, steps, change.value!, creating: true) {
                    diagnostics.append(
                        Diagnostic(
                            at: change.pathLocation, keyPath: change.path,
                            found: "a path whose parent does not exist\(KeyPath.nearest(result, steps))",
                            expected: "a new key under an existing mapping or list"))
                }
            case .remove:
                if existing == nil || !KeyPath.remove(&result, steps) {
                    diagnostics.append(
                        Diagnostic(
                            at: change.pathLocation, keyPath: change.path,
                            found: "no such key in the scenario\(KeyPath.nearest(result, steps))",
                            expected: "a key that exists"))
                }
            }
        }
        return (result, diagnostics)
    }

    /// `{from: 2026, value: 140}`: the existing value (plain or dated) continues until
    /// 2026, then 140 holds. Returns nil when the change is not of that form.
    private func datedMerge(existing: SourceNode, _ change: SourceNode) -> SourceNode? {
        guard let entries = change.entries, entries.count == 2, let fromNode = change["from"],
            let from = fromNode.integer, let value = change["value"]
        else { return nil }
        var steps: [SourceNode.Entry]
        if let existingEntries = existing.entries, existingEntries.allSatisfy({ Int($0.key) != nil }),
            existing["dist"] == nil
        {
            steps = existingEntries.filter { Int($0.key)! < from }
        } else {
            // A plain value becomes the value of every year before `from`.
            steps = [SourceNode.Entry(key: "1990", keyLocation: existing.location, value: existing)]
        }
        steps.append(SourceNode.Entry(key: String(from), keyLocation: fromNode.location, value: value))
        return SourceNode(.mapping(steps), at: change.location)
    }
}
