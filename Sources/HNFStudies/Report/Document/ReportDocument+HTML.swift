import HNFCore

/// The document as HTML: each table with its title as caption, notes as paragraphs and
/// lists, warnings in a box a reader cannot miss. Escaped; no styles of its own (the
/// page's stylesheet has `.note` and `.warning`).
extension ReportDocument {
    public func html() -> String {
        blocks.map { block in
            switch block {
            case .table(let table):
                return "<div class=\"report-table\" data-table=\"\(HTML.escape(table.id))\">"
                    + HTML.table(table.title, header: table.header, rows: table.rows.map { $0.map(\.text) })
                    + "</div>"
            case .note(let note): return note.html()
            }
        }.joined()
    }
}

extension ReportNote {
    func html() -> String {
        let items = self.items
        let list = items.isEmpty ? "" : "<ul>" + items.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        let paragraphs = heading.map { "<p>\(HTML.escape($0))</p>" }.joined()
        switch severity {
        case .info: return "<div class=\"note\">\(paragraphs)\(list)</div>"
        case .warning, .infeasible:
            return "<div class=\"warning\" data-severity=\"\(severity.rawValue)\">\(paragraphs)\(list)</div>"
        }
    }
}
