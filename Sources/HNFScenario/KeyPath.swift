import HNFCore

/// Dotted key paths into a document: `settings.state_special.place_funding`,
/// `flows.moves[2].rate`. Used by overlays, and by reports to say where a value came from.
public enum KeyPath {
    public enum Step: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Splits a path into steps; nil when it is malformed (empty parts, bad brackets).
    public static func parse(_ path: String) -> [Step]? {
        var steps: [Step] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            rest = rest.dropFirst(name.count)
            guard !name.isEmpty || (!steps.isEmpty && !rest.isEmpty) else { return nil }
            if !name.isEmpty { steps.append(.key(String(name))) }
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0
                else { return nil }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        return steps
    }

    /// The dotted text of parsed steps: `render(parse(p)!) == p` for a well-formed path.
    public static func render(_ steps: [Step]) -> String {
        var out = ""
        for step in steps {
            switch step {
            case .key(let key): out += out.isEmpty ? key : "." + key
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }

    public static func get(_ node: SourceNode, _ steps: [Step]) -> SourceNode? {
        var current = node
        for step in steps {
            switch step {
            case .key(let key): guard let next = current[key] else { return nil }; current = next
            case .index(let i): guard let items = current.items, i < items.count else { return nil }; current = items[i]
            }
        }
        return current
    }

    /// Replaces (or, with `creating`, adds as the last step) the value at the path.
    /// Returns false when the path's parent does not exist.
    @discardableResult
    public static func set(
        _ node: inout SourceNode, _ steps: [Step], _ value: SourceNode, creating: Bool = false
    ) -> Bool {
        guard let first = steps.first else {
            node = value
            return true
        }
        let rest = Array(steps.dropFirst())
        switch (first, node.content) {
        case (.key(let key), .mapping(var entries)):
            if let i = entries.firstIndex(where: { $0.key == key }) {
                guard set(&entries[i].value, rest, value, creating: creating) else { return false }
            } else if creating && rest.isEmpty {
                entries.append(SourceNode.Entry(key: key, keyLocation: value.location, value: value))
            } else if creating, case .key = rest.first {
                // A missing mapping on the way is created (`add: funding.blocks.x` where
                // the scenario has no `blocks` yet), so what-ifs adding to it combine.
                var child = SourceNode(.mapping([]), at: value.location)
                guard set(&child, rest, value, creating: true) else { return false }
                entries.append(SourceNode.Entry(key: key, keyLocation: value.location, value: child))
            } else {
                return false
            }
            node.content = .mapping(entries)
            return true
        case (.index(let i), .sequence(var items)):
            if i < items.count {
                guard set(&items[i], rest, value, creating: creating) else { return false }
            } else if creating && rest.isEmpty && i == items.count {
                items.append(value)
            } else {
                return false
            }
            node.content = .sequence(items)
            return true
        default:
            return false
        }
    }

    /// Removes the value at the path. Returns false when there is none.
    public static func remove(_ node: inout SourceNode, _ steps: [Step]) -> Bool {
        guard let first = steps.first else { return false }
        let rest = Array(steps.dropFirst())
        switch (first, node.content) {
        case (.key(let key), .mapping(var entries)):
            guard let i = entries.firstIndex(where: { $0.key == key }) else { return false }
            if rest.isEmpty { entries.remove(at: i) } else if !remove(&entries[i].value, rest) { return false }
            node.content = .mapping(entries)
            return true
        case (.index(let i), .sequence(var items)):
            guard i < items.count else { return false }
            if rest.isEmpty { items.remove(at: i) } else if !remove(&items[i], rest) { return false }
            node.content = .sequence(items)
            return true
        default:
            return false
        }
    }

    /// ", the nearest is `settings.state_special` (did you mean …?)": help for a path
    /// that goes wrong part way.
    public static func nearest(_ node: SourceNode, _ steps: [Step]) -> String {
        var current = node
        var walked: [String] = []
        for step in steps {
            switch step {
            case .key(let key):
                guard let next = current[key] else {
                    let known = current.entries?.map(\.key) ?? []
                    let prefix = walked.isEmpty ? "at the top level" : "under \(walked.joined(separator: "."))"
                    return " (no \"\(key)\" \(prefix)\(Validator.suggestion(key, known)))"
                }
                walked.append(key)
                current = next
            case .index(let i):
                guard let items = current.items, i < items.count else {
                    return " (\(walked.joined(separator: ".")) has \(current.items?.count ?? 0) items)"
                }
                walked[walked.count - 1] += "[\(i)]"
                current = items[i]
            }
        }
        return ""
    }

    /// Where the key of the last step was written (the value of a block mapping starts on
    /// the next line).
    package static func keyLocation(_ document: SourceNode, _ steps: [KeyPath.Step]) -> SourceLocation? {
        guard case .key(let key) = steps.last, let parent = KeyPath.get(document, Array(steps.dropLast())) else {
            return nil
        }
        return parent.entries?.first { $0.key == key }?.keyLocation
    }
}
