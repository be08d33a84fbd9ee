import Foundation

/// One table of `Scenarios/national/` read strictly, every problem at its line and column.
///
/// The tables are written by the update scripts (or kept by hand, with a source per row),
/// and every command reads them, so a damaged one must stop the command rather than
/// change its figures: a `caseload.csv` cut mid-row was read without complaint (its short
/// last row padded with blanks) and `hnf ratios` printed an England of 19,885 plans. So
/// the shape is checked here — text that is UTF-8, a line end after the last line (a file
/// cut short has none), no empty lines, each row the header's number of fields, fields
/// quoted properly (`CSVSplitter`), each column once and the expected ones present — and
/// the content by the readers (`NationalData+Checks.swift`).
package struct NationalCSV {
    struct Row {
        var line: Int
        var fields: [CSVSplitter.Field]
    }

    let path: String
    let header: [String]
    let rows: [Row]

    /// No shipped table is near this (the largest is about 1.2 MB); a file far larger is not one.
    static let largestFileBytes = 64 << 20

    /// Reads `url`, which must have the columns `required` (others are allowed, in any order).
    init(_ url: URL, required: [String]) throws(InvalidInput) {
        let path = url.path
        self.path = path
        let bytes = try CSVSplitter.contents(
            path, largest: Self.largestFileBytes, kind: "a national table",
            missing: "the national table \(URL(fileURLWithPath: path).lastPathComponent)")
        var problems: [Diagnostic] = []
        let (header, rows) = bytes.withUnsafeBufferPointer { buffer in
            Self.split(buffer, path: path, &problems)
        }
        guard let header else { throw InvalidInput(problems) }
        problems += Self.headerProblems(header, required: required, path: path)
        for row in rows where row.fields.count != header.count {
            problems.append(
                Diagnostic(
                    at: SourceLocation(file: path, line: row.line, column: 1), keyPath: "",
                    found: "\(row.fields.count) field\(row.fields.count == 1 ? "" : "s")",
                    expected: "\(header.count), one for each column of the header (line 1)"))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        self.header = header.map(\.text)
        self.rows = rows
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    func location(_ row: Row, _ column: Int) -> SourceLocation {
        SourceLocation(file: path, line: row.line, column: row.fields[column].column)
    }

    /// The header and rows of the text; problems with lines and quoting are added to `problems`.
    static func split(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, _ problems: inout [Diagnostic]
    )
        -> (header: [CSVSplitter.Field]?, rows: [Row])
    {
        let start = CSVSplitter.contentStart(bytes)
        let body = UnsafeBufferPointer(rebasing: bytes[start...])
        let lines = CSVSplitter.lines(body)
        guard !lines.isEmpty else {
            problems.append(
                Diagnostic(at: nil, file: path, keyPath: "", found: "an empty file", expected: "a header and rows"))
            return (nil, [])
        }
        if !CSVSplitter.endsWithLineEnd(body) {
            problems.append(
                Diagnostic(
                    at: SourceLocation(file: path, line: lines.last!.number, column: 1), keyPath: "",
                    found: "a last line with no line end (the file looks cut short)",
                    expected: "every line ended by a newline, as the shipped tables are"))
        }
        var header: [CSVSplitter.Field]?
        var rows: [Row] = []
        rows.reserveCapacity(lines.count)
        for line in lines {
            guard !line.range.isEmpty else {
                problems.append(
                    Diagnostic(
                        at: SourceLocation(file: path, line: line.number, column: 1), keyPath: "",
                        found: "an empty line", expected: "one row a line, with no empty lines between"))
                continue
            }
            do {
                let fields = try CSVSplitter.fields(body, line.range)
                if header == nil { header = fields } else { rows.append(Row(line: line.number, fields: fields)) }
            } catch {
                problems.append(
                    Diagnostic(
                        at: SourceLocation(file: path, line: line.number, column: error.column), keyPath: "",
                        found: error.found, expected: error.expected))
                if header == nil { return (nil, []) }
            }
        }
        return (header, rows)
    }

    /// A column named twice, or an expected one missing, is a problem at the header.
    static func headerProblems(_ header: [CSVSplitter.Field], required: [String], path: String) -> [Diagnostic] {
        var problems = CSVSplitter.duplicateColumns(header.map { ($0.text, $0.column) }, path: path)
        let names = Set(header.map(\.text))
        let missing = required.filter { !names.contains($0) }
        if !missing.isEmpty {
            problems.append(
                Diagnostic(
                    at: SourceLocation(file: path, line: 1, column: 1), keyPath: "header",
                    found: "no column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
                    expected: "the columns the national tables have (Scenarios/national/README.md)"))
        }
        return problems
    }
}
