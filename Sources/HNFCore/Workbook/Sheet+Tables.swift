/// A labelled row of a table laid out with years (or other columns) across.
public struct SheetRow {
    public var label: String
    public var values: [Double?]
    public var style: CellStyle
    public init(_ label: String, _ values: [Double?], _ style: CellStyle) {
        self.label = label
        self.values = values
        self.style = style
    }
}

extension Sheet {
    /// Writes a titled table at `row`: a bold header (frozen when `freeze`), then one
    /// line per row, label first. Returns the row after the table and a blank line.
    @discardableResult
    public func table(
        at row: Int, title: String?, header: [String], rows: [SheetRow], freeze: Bool = false, firstColumn: Int = 0
    ) -> Int {
        var r = row
        if let title { write(r, firstColumn, title, .title); r += 1 }
        if freeze {
            self.header(r, header, freezeColumns: 1)
        } else {
            for (c, h) in header.enumerated() { write(r, firstColumn + c, h, .header) }
        }
        r += 1
        for line in rows {
            write(r, firstColumn, line.label)
            for (c, value) in line.values.enumerated() {
                if let value { write(r, firstColumn + 1 + c, value, line.style) }
            }
            r += 1
        }
        return r + 1
    }
}
