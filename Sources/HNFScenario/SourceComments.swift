import Foundation
import HNFCore

/// The comment a scenario writes beside a value, whole: the comment-only lines just
/// above its key (at the key's indent or less), the comment on the key's line, and the
/// comment-only lines after it indented past the key (a trailing comment continued);
/// then the same for the key's parents (below the top-level section), outermost first —
/// so `top_up: # ASSUMPTION: bands set so ...` stays with `top_up.B2`.
package struct SourceComments {
    private var files: [String: [Substring]] = [:]
    /// The files' texts as loaded; a file not among them is read from disk.
    private let texts: [String: String]

    package init(texts: [String: String] = [:]) { self.texts = texts }

    /// `valueAt`: where the value was written, when not under its key (an overlay's
    /// value): its own comment is read there instead.
    /// `only`: the last key's own comment, without its parents'.
    package mutating func comment(
        _ document: SourceNode, _ steps: [KeyPath.Step], valueAt: SourceLocation? = nil, only: Bool = false
    ) -> String? {
        if only {
            guard let location = KeyPath.keyLocation(document, steps) else { return nil }
            let parts = comment(at: location)
            return parts.isEmpty ? nil : parts.joined(separator: " ")
        }
        var parts: [String] = []
        // Ancestors from depth 2 (settings.mainstream) down to the key itself.
        for depth in stride(from: 2, through: steps.count, by: 1) {
            let own = depth == steps.count ? valueAt : nil
            guard let location = own ?? KeyPath.keyLocation(document, Array(steps.prefix(depth))) else {
                continue
            }
            if own == nil, valueAt != nil, depth == steps.count { continue }
            for part in comment(at: location) where !parts.contains(part) { parts.append(part) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    private mutating func comment(at location: SourceLocation) -> [String] {
        let file = location.file
        if files[file] == nil {
            files[file] = (texts[file] ?? (try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(
                separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = files[file], location.line >= 1, location.line <= lines.count else { return [] }
        let index = location.line - 1, column = location.column - 1
        var above: [String] = []
        var i = index - 1
        while i >= 0, let (indent, text) = Self.commentOnly(lines[i]), indent <= column {
            above.insert(text, at: 0)
            i -= 1
        }
        var own: [String] = []
        if let trailing = Self.trailing(lines[index]) { own.append(trailing) }
        var j = index + 1
        while !own.isEmpty, j < lines.count, let (indent, text) = Self.commentOnly(lines[j]), indent > column {
            own.append(text)
            j += 1
        }
        return [above.joined(separator: " "), own.joined(separator: " ")].filter { !$0.isEmpty }
    }

    /// (indent, text) of a line holding only a comment.
    static func commentOnly(_ line: Substring) -> (Int, String)? {
        let indent = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(indent)
        guard rest.first == "#" else { return nil }
        return (indent, rest.dropFirst().trimmingCharacters(in: .whitespaces))
    }

    /// The comment after a value on its line (a `#` after a space, outside quotes).
    static func trailing(_ line: Substring) -> String? {
        var quote: Character?
        var previous: Character = " "
        for (offset, ch) in line.enumerated() {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "#" && previous == " " {
                let text = line.dropFirst(offset + 1).trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            previous = ch
        }
        return nil
    }
}
