import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Every value a scenario or overlay marks ASSUMPTION, with where it is (file:line and
/// key path), the value as written and the comment that explains it: the register a Forum
/// paper appends so readers see what is evidence and what is judgement.
///
/// Read from the YAML text (comments are not part of the parsed document): a key path is
/// the chain of keys by indentation; a comment's continuation lines (aligned under it, or
/// following a comment-only line) are joined to it.
public struct AssumptionRegister: Sendable {
    public struct Entry: Sendable, Equatable {
        public var file: String
        public var line: Int
        /// Dotted keys down to the value (for a comment on its own line, the key after it).
        public var keyPath: String
        /// The value as written on the line (empty for a block).
        public var value: String
        public var comment: String
    }

    public var entries: [Entry]

    public init(files: [String]) throws {
        entries = try files.flatMap { file in
            Self.entries(in: try String(contentsOfFile: file, encoding: .utf8), file: file)
        }
    }

    static func entries(in text: String, file: String) -> [Entry] {
        let lines = text.components(separatedBy: "\n").map(YAMLLine.init)
        var stack: [(indent: Int, key: String)] = []
        var paths: [String?] = []
        for line in lines {
            guard let key = line.key else { paths.append(nil); continue }
            while let last = stack.last, last.indent >= line.indent { stack.removeLast() }
            stack.append((line.indent, key))
            paths.append(stack.map(\.key).joined(separator: "."))
        }
        var out: [Entry] = []
        for (i, line) in lines.enumerated() where line.marksAssumption {
            let before = paths[..<i].contains { $0 != nil }
            let path = paths[i] ?? (before ? paths[(i + 1)...].lazy.compactMap { $0 }.first : nil) ?? "(file header)"
            let inValue = !(line.comment ?? "").contains("ASSUMPTION")
            var comment = inValue ? line.value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) : line.comment!
            // Comment-only lines continue a comment; so may the comment of the next key line,
            // aligned under it, when the sentence is plainly unfinished ("..., the").
            for (k, next) in lines.dropFirst(i + 1).prefix(6).enumerated() {
                guard let more = next.comment, !next.marksAssumption else { break }
                let commentOnly = next.key == nil && next.value.isEmpty
                let aligned = line.key == nil || next.commentColumn == line.commentColumn
                let unfinished =
                    k == 0 && !(comment.last.map { ".)]:;".contains($0) } ?? true) && (more.first?.isLowercase ?? false)
                guard aligned && (commentOnly || unfinished) else { break }
                comment += " " + more
            }
            out.append(
                Entry(
                    file: file, line: i + 1, keyPath: path, value: line.key == nil || inValue ? "" : line.value,
                    comment: comment.trimmingCharacters(in: .whitespaces)))
        }
        return out
    }
}

/// One YAML line split into indentation, key, value and comment (enough for the register).
struct YAMLLine {
    var indent: Int
    var key: String?
    var value: String
    var comment: String?
    var commentColumn: Int?

    init(_ raw: String) {
        let chars = Array(raw)
        indent = chars.prefix { $0 == " " }.count
        var inQuote: Character? = nil
        var hash: Int? = nil
        for (i, c) in chars.enumerated() {
            if let q = inQuote { if c == q { inQuote = nil }; continue }
            if c == "\"" || c == "'" { inQuote = c; continue }
            if c == "#" && (i == 0 || chars[i - 1] == " ") { hash = i; break }
        }
        let code = String(chars[..<(hash ?? chars.count)])
        commentColumn = hash
        comment = hash.map { String(chars[($0 + 1)...]).trimmingCharacters(in: .whitespaces) }
        var body = code.trimmingCharacters(in: .whitespaces)
        if body.hasPrefix("- ") { body.removeFirst(2) }
        if let colon = body.range(of: ":"), !body.hasPrefix("{"),
            body[..<colon.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || "_-.\"' ".contains($0) }),
            !body[..<colon.lowerBound].isEmpty
        {
            key = body[..<colon.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            value = body[colon.upperBound...].trimmingCharacters(in: .whitespaces)
        } else {
            key = nil
            value = body
        }
    }

    /// Whether the line marks a value as an assumption (the word itself, not a mention of
    /// the convention in quotes, nor "ASSUMPTIONS").
    var marksAssumption: Bool {
        let text = (comment ?? "") + " " + value
        guard let range = text.range(of: "ASSUMPTION") else { return false }
        let after = text[range.upperBound...].first,
            before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
        if after == "S" || (before == "\"" && after == "\"") { return false }
        return true
    }
}
