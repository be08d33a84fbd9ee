import Foundation

/// A CSV file read so that every field knows its line and column: an importer can then
/// say exactly where a bad value is, as the scenario loader does for YAML.
///
/// RFC 4180: comma-separated, fields in double quotes may hold commas and doubled quotes
/// (`"a, ""b"""`); CRLF or LF line ends. Quoted fields spanning lines are not accepted
/// (no input hnf imports has them, and they would make line numbers lie).
public struct LocatedCSV: Sendable {
    public struct Field: Sendable {
        public var text: String
        public var location: SourceLocation
    }

    public struct Row: Sendable {
        public var line: Int
        public var fields: [Field]
    }

    public let file: String
    public let header: [String]
    public let rows: [Row]

    /// Reads `path`; `required` columns must be in the header (any order; others ignored).
    public init(path: String, required: [String]) throws {
        file = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InvalidInput([
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "no such file (or unreadable)",
                    expected: "a readable CSV file")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InvalidInput([
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "bytes that are not UTF-8 text",
                    expected: "a UTF-8 CSV file")
            ])
        }
        var rows: [Row] = []
        var problems: [Diagnostic] = []
        var header: [String]?
        // "\r\n" is one Character in Swift, and a newline like "\n".
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            let number = index + 1
            let (fields, problem) = Self.split(String(line), file: path, line: number)
            if let problem { problems.append(problem); continue }
            if header == nil { header = fields.map(\.text) } else { rows.append(Row(line: number, fields: fields)) }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        guard let header else {
            throw InvalidInput([
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "an empty file",
                    expected: "a header line naming the columns \(required.joined(separator: ", "))")
            ])
        }
        let missing = required.filter { !header.contains($0) }
        if !missing.isEmpty {
            throw InvalidInput([
                Diagnostic(
                    at: SourceLocation(file: path, line: 1, column: 1), keyPath: "header",
                    found: "columns \(header.joined(separator: ", "))",
                    expected: "the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) as well")
            ])
        }
        for row in rows where row.fields.count != header.count {
            problems.append(
                Diagnostic(
                    at: SourceLocation(file: path, line: row.line, column: 1), keyPath: "",
                    found: "\(row.fields.count) field\(row.fields.count == 1 ? "" : "s")",
                    expected: "\(header.count), one for each column of the header (\(header.joined(separator: ", ")))"))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        self.header = header
        self.rows = rows
    }

    /// The index of a column the constructor checked is present.
    public func column(_ name: String) -> Int { header.firstIndex(of: name)! }

    /// The fields of one line, or the problem that stops it being read.
    public static func split(_ line: String, file: String, line number: Int) -> (fields: [Field], problem: Diagnostic?)
    {
        var fields: [Field] = []
        var current = ""
        var start = 1, column = 0
        var quoted = false, wasQuoted = false
        var characters = Array(line).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return characters.next()
        }
        while let c = next() {
            column += 1
            if quoted {
                if c == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            current.append("\""); column += 1
                        } else {
                            quoted = false; pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "," {
                fields.append(
                    Field(
                        text: wasQuoted ? current : current.trimmingCharacters(in: .whitespaces),
                        location: SourceLocation(file: file, line: number, column: start)))
                current = ""; wasQuoted = false; start = column + 1
            } else if c == "\"" && current.allSatisfy(\.isWhitespace) {
                quoted = true; wasQuoted = true; current = ""
            } else {
                current.append(c)
            }
        }
        if quoted {
            return (
                [],
                Diagnostic(
                    at: SourceLocation(file: file, line: number, column: start), keyPath: "",
                    found: "a quoted field that does not end on its line", expected: "a closing double quote")
            )
        }
        fields.append(
            Field(
                text: wasQuoted ? current : current.trimmingCharacters(in: .whitespaces),
                location: SourceLocation(file: file, line: number, column: start)))
        return (fields, nil)
    }
}
