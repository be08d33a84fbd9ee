import Foundation

/// What both CSV readers check before and after splitting: the file itself, and a header
/// naming a column twice.
extension CSVSplitter {
    /// The file's bytes, refused when larger than `largest`, missing or not UTF-8; `kind`
    /// names what it should be ("a CSV file", "a national table") and `missing` what was
    /// expected when it cannot be read.
    package static func contents(
        _ path: String, largest: Int, kind: String, missing: String
    ) throws(InvalidInput)
        -> [UInt8]
    {
        func refuse(_ found: String, _ expected: String) -> InvalidInput {
            InvalidInput([Diagnostic(at: nil, file: path, keyPath: "", found: found, expected: expected)])
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= largest else {
            throw refuse("a file of \(Text.thousands(size)) bytes", "\(kind) of at most \(largest >> 20) MB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw refuse("no such file (or unreadable)", missing)
        }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw refuse("bytes that are not UTF-8 text", "a UTF-8 CSV file")
        }
        return bytes
    }

    /// A column named twice: the second is refused where it stands (`names` as
    /// `(text, column)`, in header order, on line 1 of `path`).
    package static func duplicateColumns(_ names: [(text: String, column: Int)], path: String) -> [Diagnostic] {
        var first: [String: Int] = [:]
        var problems: [Diagnostic] = []
        for name in names {
            if let earlier = first[name.text] {
                problems.append(
                    Diagnostic(
                        at: SourceLocation(file: path, line: 1, column: name.column), keyPath: "header",
                        found: "the column \"\(name.text)\" a second time (first at column \(earlier))",
                        expected: "each column once"))
            } else {
                first[name.text] = name.column
            }
        }
        return problems
    }
}
