import HNFCore

/// The table and Markdown outputs: each block in order, a blank line after each.
extension ReportDocument {
    public func table() -> String {
        var lines = [title, lead, ""]
        for block in blocks {
            switch block {
            case .table(let table): lines += table.aligned()
            case .note(let note): lines += note.lines
            }
            lines.append("")
        }
        if let attribution { lines.append(attribution) }
        return lines.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        var lines = ["## " + title, "", lead, ""]
        for block in blocks {
            switch block {
            case .table(let table): lines += table.markdown()
            case .note(let note): lines += note.lines.map { $0.hasPrefix("  ") ? "- " + ReportNote.item($0) : $0 }
            }
            lines.append("")
        }
        if let attribution { lines.append("_\(attribution)_") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ReportTable {
    /// The title, then the columns padded to their widest cell, figures right-aligned.
    func aligned() -> [String] {
        guard !header.isEmpty else { return [] }
        let all = [header] + rows.map { $0.map(\.text) }
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        var out = [title]
        for row in all {
            let cells = row.enumerated().map { c, cell in Text.pad(cell, widths[c], right: isFigureColumn(c)) }
            out.append("  " + cells.joined(separator: "  "))
        }
        return out
    }

    func markdown() -> [String] {
        guard !header.isEmpty else { return [] }
        var out = [
            "### " + title, "", "| " + header.map(Text.markdownCell).joined(separator: " | ") + " |",
            "|" + header.indices.map { isFigureColumn($0) ? "---:|" : ":---|" }.joined(),
        ]
        out += rows.map { "| " + $0.map { Text.markdownCell($0.text) }.joined(separator: " | ") + " |" }
        return out
    }
}
