import HNFCore

/// The document as one long CSV for spreadsheets and R/pandas: a row per cell of every
/// table (`table` its id, `row` the row's first cell, `column` its header), the figure's
/// text, kind and unrounded value with its interval; then the notes, a row a line (`table`
/// `note`, `kind` the severity).
extension ReportDocument {
    static let csvHeader = ["table", "row", "column", "text", "kind", "value", "low", "high"]

    public func csv() -> String {
        var lines = [Text.csvLine(Self.csvHeader)]
        for block in blocks {
            switch block {
            case .table(let table):
                for row in table.rows {
                    let label = row.first?.text ?? ""
                    for (c, cell) in row.enumerated().dropFirst() where c < table.header.count {
                        let numbers = [cell.value, cell.low, cell.high].map { $0.map { "\($0)" } ?? "" }
                        lines.append(
                            Text.csvLine(
                                [table.id, label, table.header[c], cell.text, cell.kind?.rawValue ?? ""] + numbers))
                    }
                }
            case .note(let note):
                for (i, line) in note.lines.enumerated() {
                    lines.append(Text.csvLine(["note", "\(i + 1)", "", line, note.severity.rawValue, "", "", ""]))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Renders the document in a text format (a workbook is written by `write(to:)`).
    public func render(
        _ format: OutputFormat, schema: String, provenance: [String: Any], results: [String: Any]
    )
        -> String
    {
        switch format {
        case .table, .xlsx: return table()
        case .markdown: return markdown()
        case .csv: return csv()
        case .json:
            return JSONOutput.encode([
                "schema": schema, "provenance": provenance, "results": results, "report": jsonObject,
            ])
        }
    }
}
