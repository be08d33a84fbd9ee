import CXlsxWriter

/// One worksheet. Writes numbers as numbers and text as text, and remembers the widest
/// entry of each column so the workbook can fit the widths on close.
public final class Sheet {
    unowned let workbook: Workbook
    public let name: String
    let handle: UnsafeMutablePointer<lxw_worksheet>
    private var widths: [Int: Double] = [:]
    private var fixedWidths: [Int: Double] = [:]
    /// The rows a frozen header spans, printed again at the top of every page.
    private var headerRows: ClosedRange<Int>?

    init(workbook: Workbook, name: String, handle: UnsafeMutablePointer<lxw_worksheet>) {
        self.workbook = workbook
        self.name = name
        self.handle = handle
    }

    public func write(_ row: Int, _ column: Int, _ text: String, _ style: CellStyle = .general) {
        worksheet_write_string(handle, lxw_row_t(row), lxw_col_t(column), text, workbook.format(style))
        if ![.title, .wrapped, .note, .strongNote].contains(style) {
            note(column, Double(text.count) * (style == .header ? 1.1 : 1))
        }
    }

    public func write(_ row: Int, _ column: Int, _ value: Double, _ style: CellStyle) {
        guard value.isFinite else { return write(row, column, "", .general) }
        worksheet_write_number(handle, lxw_row_t(row), lxw_col_t(column), value, workbook.format(style))
        note(column, Self.shownWidth(value, style))
    }

    /// A header row, bold, then the rows below are frozen under it (and the first `columns` columns).
    public func header(_ row: Int, _ titles: [String], freezeColumns columns: Int = 1) {
        for (c, title) in titles.enumerated() { write(row, c, title, .header) }
        worksheet_freeze_panes(handle, lxw_row_t(row + 1), lxw_col_t(columns))
        headerRows = 0...row
    }

    /// A README sheet: the title, then one row a line, its label bold and its text wrapped.
    public func writeReadme(title: String, _ lines: [(String, String)], labelWidth: Double = 16) {
        setWidth(0, labelWidth)
        setWidth(1, 100)
        write(0, 0, title, .title)
        for (i, line) in lines.enumerated() {
            write(i + 2, 0, line.0, .header)
            write(i + 2, 1, line.1, .wrapped)
        }
    }

    /// A column of explanatory text: kept to `width` characters and wrapped.
    public func setWidth(_ column: Int, _ width: Double) { fixedWidths[column] = width }

    private func note(_ column: Int, _ width: Double) {
        widths[column] = max(widths[column] ?? 0, width)
    }

    static func shownWidth(_ value: Double, _ style: CellStyle) -> Double {
        let digits = Double(String(Int(abs(value).rounded())).count)
        let separators = (digits - 1) / 3
        switch style {
        case .pounds: return digits + separators + 2
        case .pence: return digits + separators + 5
        case .percent: return digits + 5
        default: return digits + separators + 3
        }
    }

    /// Every sheet prints landscape on A4, as wide as one page and as long as it needs,
    /// its frozen header repeated on each page (a finance officer's printout, not 55 pages).
    func setUpPrinting() {
        worksheet_set_landscape(handle)
        worksheet_set_paper(handle, 9)
        worksheet_fit_to_pages(handle, 1, 0)
        if let headerRows {
            worksheet_repeat_rows(handle, lxw_row_t(headerRows.lowerBound), lxw_row_t(headerRows.upperBound))
        }
    }

    func fitColumns() {
        for column in Set(widths.keys).union(fixedWidths.keys) {
            let width = fixedWidths[column] ?? min(60, max(8, (widths[column] ?? 8) + 2))
            worksheet_set_column(handle, lxw_col_t(column), lxw_col_t(column), width, nil)
        }
    }
}
