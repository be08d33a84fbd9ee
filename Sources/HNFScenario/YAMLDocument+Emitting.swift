import HNFCore

extension YAMLDocument {
    /// The document as YAML text: two-space indents, block sequences indented under their
    /// key, comments where they were given, one line break at the end.
    public var text: String { text(indent: 0) }

    /// The entries as the lines of a mapping `indent` spaces in (a section spliced into a
    /// file a person wrote, as `hnf localities import` does).
    public func text(indent: Int) -> String {
        var out = ""
        YAMLEmitter.mapping(entries, indent: indent, into: &out)
        return out
    }
}

extension YAMLDocument {
    /// The lines that open a block mapping `key` at the top level, with its comments above,
    /// for a section whose entries are written after it (`text(indent: 2)`).
    public static func sectionHeader(_ key: String, comments: [String]) -> [String] {
        comments.map(YAMLEmitter.comment) + [YAMLEmitter.key(key, inFlow: false) + ":"]
    }
}

extension YAMLNode {
    /// The value on one line, with a comment after it: what replaces a value in a line a
    /// person wrote (`hnf localities import` switching `split:`).
    public func inlineText(trailing: YAMLComment? = nil) -> String {
        YAMLEmitter.inline(self) + YAMLEmitter.trailing(trailing)
    }

    /// A value read from a file, to write again in flow style: texts quoted, numbers and
    /// words as they were written.
    public init(_ node: SourceNode) {
        switch node.content {
        case .scalar(let text, let kind):
            self = kind == .string ? .quoted(text) : YAMLNode(.scalar(text), flow: true)
        case .mapping(let entries): self = .flow(entries.map { ($0.key, YAMLNode($0.value)) })
        case .sequence(let items): self = .flowList(items.map { YAMLNode($0) })
        }
    }
}

/// Writes nodes as YAML text. The only code that turns a generated document into text.
enum YAMLEmitter {
    static func mapping(_ entries: [YAMLEntry], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for entry in entries {
            for comment in entry.comments { out += pad + self.comment(comment) + "\n" }
            let key = self.key(entry.key, inFlow: false)
            switch entry.value.content {
            case .mapping(let children) where !entry.value.flow && !children.isEmpty:
                out += pad + key + ":" + trailing(entry.trailing) + "\n"
                mapping(children, indent: indent + 2, into: &out)
            case .sequence(let items) where !entry.value.flow && !items.isEmpty:
                out += pad + key + ":" + trailing(entry.trailing) + "\n"
                for item in items {
                    out += pad + "  - " + inline(item.value) + trailing(item.trailing) + "\n"
                }
            default:
                out += pad + key + ": " + inline(entry.value) + trailing(entry.trailing) + "\n"
            }
            for comment in entry.after { out += pad + self.comment(comment) + "\n" }
        }
    }

    /// A node on one line: a scalar, `{k: v, …}` or `[v, …]`.
    static func inline(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text): text
        case .mapping(let entries):
            "{" + entries.map { key($0.key, inFlow: true) + ": " + inline($0.value) }.joined(separator: ", ") + "}"
        case .sequence(let items): "[" + items.map { inline($0.value) }.joined(separator: ", ") + "]"
        }
    }

    /// A key as written: plain (ages and years as the numbers they are), quoted only when
    /// it would not read back as itself.
    static func key(_ key: String, inFlow: Bool) -> String {
        Int(key) != nil || YAMLScalar.isPlainSafe(key, inFlow: inFlow) ? key : Text.yamlQuoted(key)
    }

    /// A whole-line comment; a line break in its text (a CSV's `source`) would end the
    /// comment and leave the rest as YAML, so it becomes a space.
    static func comment(_ text: String) -> String { "#" + (text.isEmpty ? "" : " " + oneLine(text)) }

    static func trailing(_ comment: YAMLComment?) -> String {
        comment.map { String(repeating: " ", count: $0.gap) + "# " + oneLine($0.text) } ?? ""
    }

    static func oneLine(_ text: String) -> String {
        text.contains(where: \.isNewline) ? String(text.map { $0.isNewline ? " " : $0 }) : text
    }
}
