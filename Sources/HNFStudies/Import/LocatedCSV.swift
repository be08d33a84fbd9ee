import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// A CSV file read so that every field knows its line and column: an importer can then
/// say exactly where a bad value is, as the scenario loader does for YAML.
///
/// RFC 4180 read strictly (`CSVSplitter`): comma-separated, fields in double quotes may
/// hold commas and doubled quotes (`"a, ""b"""`), and a quote must close its field (`"A"x`
/// was read as `Ax`, `"A,"B` as one field `A,B`); CRLF or LF line ends; a UTF-8 byte order
/// mark is skipped; blank lines are skipped; spaces around an unquoted field are trimmed.
/// Quoted fields spanning lines are not accepted (no input hnf imports has them, and they
/// would make line numbers lie). A column named twice is refused at the header (the
/// second was silently ignored, or became a key twice in the scenario written).
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
    /// Where each header field starts.
    public let headerLocations: [SourceLocation]

    /// The largest file read: as large as a scenario may be (`SourceNode.largestFileBytes`),
    /// since each row becomes part of one, and far above any LA's localities or witan.send's
    /// transitions (its demo's are 1 MB).
    public static let largestFileBytes = SourceNode.largestFileBytes

    /// Reads `path`; `required` columns must be in the header (any order; others ignored).
    public init(path: String, required: [String]) throws {
        file = path
        let bytes = try CSVSplitter.contents(
            path, largest: Self.largestFileBytes, kind: "a CSV file", missing: "a readable CSV file")
        var problems: [Diagnostic] = []
        let (header, rows) = bytes.withUnsafeBufferPointer { Self.split($0, file: path, &problems) }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        guard let header else {
            throw InvalidInput([
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "an empty file",
                    expected: "a header line naming the columns \(required.joined(separator: ", "))")
            ])
        }
        problems += CSVSplitter.duplicateColumns(header.map { ($0.text, $0.location.column) }, path: path)
        let names = header.map(\.text)
        let missing = required.filter { !names.contains($0) }
        if !missing.isEmpty {
            problems.append(
                Diagnostic(
                    at: SourceLocation(file: path, line: header[0].location.line, column: 1), keyPath: "header",
                    found: "columns \(names.joined(separator: ", "))",
                    expected: "the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) as well"))
        }
        for row in rows where row.fields.count != header.count {
            problems.append(
                Diagnostic(
                    at: SourceLocation(file: path, line: row.line, column: 1), keyPath: "",
                    found: "\(row.fields.count) field\(row.fields.count == 1 ? "" : "s")",
                    expected: "\(header.count), one for each column of the header (\(names.joined(separator: ", ")))"))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        self.header = names
        headerLocations = header.map(\.location)
        self.rows = rows
    }

    /// The index of a column the constructor checked is present.
    public func column(_ name: String) -> Int { header.firstIndex(of: name)! }

    /// The header and rows; a line that cannot be split is a problem at its column.
    static func split(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, _ problems: inout [Diagnostic]
    ) -> (
        header: [Field]?, rows: [Row]
    ) {
        let body = UnsafeBufferPointer(rebasing: bytes[CSVSplitter.contentStart(bytes)...])
        var header: [Field]?
        var rows: [Row] = []
        for line in CSVSplitter.lines(body) where !isBlank(body, line.range) {
            do {
                let split = try CSVSplitter.fields(body, line.range)
                let fields = split.map { located($0, file: file, line: line.number) }
                if header == nil { header = fields } else { rows.append(Row(line: line.number, fields: fields)) }
            } catch {
                problems.append(
                    Diagnostic(
                        at: SourceLocation(file: file, line: line.number, column: error.column), keyPath: "",
                        found: error.found, expected: error.expected))
            }
        }
        return (header, rows)
    }

    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.allSatisfy { bytes[$0] == UInt8(ascii: " ") || bytes[$0] == UInt8(ascii: "\t") }
    }

    /// A split field with its place; an unquoted one without the spaces around it.
    static func located(_ field: CSVSplitter.Field, file: String, line: Int) -> Field {
        var text = field.text
        // Only an edge that is a space, a tab or not ASCII can be trimmed: look before asking Foundation.
        let mayTrim = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte >= 0x80 }
        if !field.quoted, let first = text.utf8.first, let last = text.utf8.last, mayTrim(first) || mayTrim(last) {
            text = text.trimmingCharacters(in: .whitespaces)
        }
        return Field(text: text, location: SourceLocation(file: file, line: line, column: field.column))
    }

    /// The fields of one line, or the problem that stops it being read.
    public static func split(_ line: String, file: String, line number: Int) -> (fields: [Field], problem: Diagnostic?)
    {
        var text = line
        return text.withUTF8 { bytes in
            do throws(CSVSplitter.Problem) {
                let split = try CSVSplitter.fields(bytes, 0..<bytes.count)
                return (split.map { located($0, file: file, line: number) }, nil)
            } catch {
                return (
                    [],
                    Diagnostic(
                        at: SourceLocation(file: file, line: number, column: error.column), keyPath: "",
                        found: error.found, expected: error.expected)
                )
            }
        }
    }
}
