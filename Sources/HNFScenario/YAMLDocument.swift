import HNFCore

/// A scenario or overlay built in memory (by `calibrate`, `import`, `replay`, `solve`), as
/// nodes with their comments, and written by one emitter (`YAMLDocument+Emitting.swift`)
/// with one number formatter (`YAMLNumber`): no code assembles YAML text by hand, so no
/// generated file can quote, indent or round a value differently from another.
public struct YAMLDocument: Sendable {
    /// The top-level keys in order, each with the comments above it.
    public var entries: [YAMLEntry]

    public init(_ entries: [YAMLEntry] = []) { self.entries = entries }
}

/// One key of a mapping: its value, the whole-line comments above it (at its indentation),
/// a comment after it on the same line, and whole-line comments after it (a note on the
/// entries above, before the mapping's next key).
public struct YAMLEntry: Sendable {
    public var key: String
    public var value: YAMLNode
    public var comments: [String]
    public var trailing: YAMLComment?
    public var after: [String] = []

    /// `trailing` follows the value after `gap` spaces.
    public init(
        _ key: String, _ value: YAMLNode, comments: [String] = [], trailing: String? = nil, gap: Int = 2,
        after: [String] = []
    ) {
        (self.key, self.value, self.comments, self.after) = (key, value, comments, after)
        self.trailing = trailing.map { YAMLComment($0, gap: gap) }
    }
}

/// A comment after a value on its line, `gap` spaces after it.
public struct YAMLComment: Sendable {
    public var text: String
    public var gap: Int

    public init(_ text: String, gap: Int = 2) { (self.text, self.gap) = (text, gap) }
}

/// A value: a scalar already in its YAML form, or a mapping or sequence written in block
/// style (one entry a line) or flow style (`{a: 1, b: 2}`, `[a, b]`).
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String)
        case mapping([YAMLEntry])
        case sequence([YAMLItem])
    }

    public var content: Content
    /// Written on one line (`{…}`, `[…]`); block style when false.
    public var flow: Bool

    init(_ content: Content, flow: Bool) { (self.content, self.flow) = (content, flow) }
}

/// An item of a block sequence, with a comment after it on its line.
public struct YAMLItem: Sendable {
    public var value: YAMLNode
    public var trailing: YAMLComment?

    public init(_ value: YAMLNode, trailing: String? = nil, gap: Int = 2) {
        self.value = value
        self.trailing = trailing.map { YAMLComment($0, gap: gap) }
    }
}

extension YAMLNode {
    /// Text as a plain scalar where it reads back as the same text, quoted where it would not.
    public static func text(_ text: String, inFlow: Bool = false) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar.isPlainSafe(text, inFlow: inFlow) ? text : Text.yamlQuoted(text)), flow: true)
    }

    /// Text in double quotes whatever it holds (names the reader should see as text).
    public static func quoted(_ text: String) -> YAMLNode { YAMLNode(.scalar(Text.yamlQuoted(text)), flow: true) }

    /// A name or code (`beta`, `mainstream`, a setting's id): as it is, in quotes only if it
    /// would not read back as itself in a flow collection.
    public static func word(_ word: String) -> YAMLNode { text(word, inFlow: true) }

    public static func number(_ value: Double, _ format: YAMLNumber) -> YAMLNode {
        YAMLNode(.scalar(format.text(value)), flow: true)
    }

    public static func integer(_ value: Int) -> YAMLNode { YAMLNode(.scalar(String(value)), flow: true) }

    public static func boolean(_ value: Bool) -> YAMLNode { YAMLNode(.scalar(value ? "true" : "false"), flow: true) }

    /// A mapping on one line: `{a: 1, b: 2}` (`{}` when empty).
    public static func flow(_ entries: [(String, YAMLNode)]) -> YAMLNode {
        YAMLNode(.mapping(entries.map { YAMLEntry($0.0, $0.1) }), flow: true)
    }

    /// A sequence on one line: `[a, b]`.
    public static func flowList(_ items: [YAMLNode]) -> YAMLNode {
        YAMLNode(.sequence(items.map { YAMLItem($0) }), flow: true)
    }

    /// A mapping one entry a line, indented under its key; `comments` open it, above its
    /// first entry (none when it is empty).
    public static func block(_ entries: [YAMLEntry], comments: [String] = []) -> YAMLNode {
        var entries = entries
        if !entries.isEmpty { entries[0].comments = comments + entries[0].comments }
        return YAMLNode(.mapping(entries), flow: false)
    }

    /// A sequence one item a line (`- …`), indented under its key.
    public static func blockList(_ items: [YAMLItem]) -> YAMLNode { YAMLNode(.sequence(items), flow: false) }
}

/// When text can be written without quotes.
enum YAMLScalar {
    /// Plain when it cannot be read as anything but this text: no leading indicator, no
    /// `: ` or ` #`, not a number, boolean or null, no surrounding space (and, in a flow
    /// collection, none of `,[]{}`).
    static func isPlainSafe(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.first, let last = text.last, !first.isWhitespace, !last.isWhitespace else {
            return false
        }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        if text.contains(": ") || text.contains(" #") || last == ":"
            || text.contains(where: { $0.isNewline || $0 == "\t" })
        {
            return false
        }
        if inFlow && text.contains(where: { ",[]{}".contains($0) }) { return false }
        let lower = text.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "null", "~"].contains(lower) { return false }
        if Double(text) != nil || lower.hasPrefix(".inf") || lower == ".nan" || Int(text.filter { $0 != "_" }) != nil {
            return false
        }
        return true
    }
}
