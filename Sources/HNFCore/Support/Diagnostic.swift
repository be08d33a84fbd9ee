/// Where a value came from: a file and a 1-based line and column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem found in an input, told the way a person fixes it:
/// where (file, line, column), which key, what was found, what was expected.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Where the offending value is; `nil` for problems with no position (an unreadable file).
    public var location: SourceLocation?
    /// The file, when there is no position in it.
    public var file: String?
    /// The dotted key path of the value, e.g. `localities.ashford.population.primary`.
    public var keyPath: String
    /// What was found.
    public var found: String
    /// What was expected instead.
    public var expected: String

    public init(at location: SourceLocation?, file: String? = nil, keyPath: String, found: String, expected: String) {
        self.location = location
        self.file = file ?? location?.file
        self.keyPath = keyPath
        self.found = found
        self.expected = expected
    }

    /// `file:line:col: error: key.path: found …; expected …`, the form compilers use, so
    /// editors and CI logs turn it into a link.
    public var description: String {
        let place = location?.description ?? file ?? "<input>"
        let key = keyPath.isEmpty ? "" : "\(keyPath): "
        return "\(place): error: \(Self.shortened(key))\(Self.shortened(found)); expected \(expected)"
    }

    /// A key path or a found value as a message shows it: cut after 400 characters, with
    /// how much was left out (a 130 KB `--set` key was echoed whole).
    static func shortened(_ text: String) -> String {
        guard text.count > 400 else { return text }
        return text.prefix(400) + "… (\(Text.thousands(text.utf8.count)) bytes in all)"
    }
}

/// Every problem found in a set of inputs at once.
public struct InvalidInput: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension InvalidInput {
    /// The problems one a line, with repeats capped: after `perKind` problems of one kind
    /// (the same file, key path with indices and years blanked, and expectation) the rest
    /// of that kind become one line "… and N more like it", and after `limit` lines in
    /// all the rest one line "… and N more problems", so a broken column of a 30,000-row
    /// file reads as a few lines.
    public func summary(perKind: Int = 3, limit: Int = 100) -> String {
        var shown: [String] = [], counts: [String: Int] = [:], order: [String] = [], hidden = 0
        for diagnostic in diagnostics {
            let kind = "\(diagnostic.file ?? "")|\(Self.pattern(diagnostic.keyPath))|\(diagnostic.expected)"
            if counts[kind] == nil { order.append(kind) }
            counts[kind, default: 0] += 1
            if counts[kind]! <= perKind {
                if shown.count < limit { shown.append(diagnostic.description) } else { hidden += 1 }
            }
        }
        var lines = shown
        for kind in order where counts[kind]! > perKind {
            let more = counts[kind]! - perKind
            let key = kind.split(separator: "|", omittingEmptySubsequences: false)[1]
            lines.append(
                "… and \(Text.thousands(more)) more like it (\(key.isEmpty ? "the same problem" : String(key))).")
        }
        if hidden > 0 { lines.append("… and \(Text.thousands(hidden)) more problems.") }
        return lines.joined(separator: "\n")
    }

    /// `a.b[12].c.2031` → `a.b[*].c.*`: digits runs become `*`.
    static func pattern(_ keyPath: String) -> String {
        var out = "", inDigits = false
        for character in keyPath {
            if character.isASCII, character.isNumber {
                if !inDigits { out.append("*") }
                inDigits = true
            } else {
                out.append(character); inDigits = false
            }
        }
        return out
    }
}
