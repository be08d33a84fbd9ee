import HNFCore

/// The document as one worksheet, table under table as the table output prints them:
/// figures as numbers in their formats (a distribution as its median; its interval is in
/// the sheets of figures and the JSON), notes as lines of text, warnings in bold.
extension ReportDocument {
    public func write(to sheet: Sheet) {
        sheet.write(0, 0, title, .title)
        let intervals = tables.contains { $0.rows.contains { $0.contains { $0.low != nil } } }
        let money = tables.contains { $0.rows.contains { $0.contains { $0.kind == .pounds } } }
        let reading =
            (intervals ? " In this sheet a figure with an interval shows its median." : "")
            + (money ? " Money is in whole pounds, whatever a title's £m says of the table output." : "")
        sheet.write(1, 0, lead + reading, .note)
        var row = 3
        for block in blocks {
            switch block {
            case .table(let table): row = table.write(to: sheet, at: row)
            case .note(let note):
                for line in note.lines {
                    sheet.write(row, 0, line, note.severity == .info ? .note : .strongNote)
                    row += 1
                }
                row += 1
            }
        }
        if let attribution { sheet.write(row, 0, attribution, .note) }
    }
}

extension ReportTable {
    /// Writes the table at `row`; returns the row after it and a blank line.
    func write(to sheet: Sheet, at row: Int) -> Int {
        sheet.write(row, 0, title, .strongNote)
        for (c, name) in header.enumerated() { sheet.write(row + 1, c, name, .header) }
        for (r, cells) in rows.enumerated() {
            for (c, cell) in cells.enumerated() {
                if let (value, style) = cell.workbookValue {
                    sheet.write(row + 2 + r, c, value, style)
                } else {
                    sheet.write(row + 2 + r, c, cell.text)
                }
            }
        }
        return row + 2 + rows.count + 1
    }
}

extension ReportCell {
    /// The number a workbook writes, in the unit its format expects.
    var workbookValue: (Double, CellStyle)? {
        guard let value, let kind else { return nil }
        switch kind {
        case .count: return (value, .count)
        case .pounds: return (value, .pounds)
        case .percent: return (value / 100, .percent)
        case .points: return (value, .points)
        case .probability: return (value, .probability)
        case .rate: return (value, .decimal)
        }
    }
}

extension ReportDocument {
    /// A workbook of a command whose report is its document: a README sheet (what it is,
    /// then `about`: its files or sources, then provenance) and the document on a sheet of
    /// its own.
    public func writeWorkbook(
        to path: String, sheet name: String, subject: String, about: [(String, String)] = [],
        provenance: [String: Any] = [:]
    ) throws {
        let book = try Workbook(path: path)
        book.setProperties(title: title, subject: subject)
        let readme = book.sheet("README")
        write(to: book.sheet(name))
        readme.writeReadme(
            title: title, [("What", lead)] + about + RunReport.flatten(provenance, prefix: "provenance"))
        try book.close()
    }
}
