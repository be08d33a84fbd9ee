import CXlsxWriter
import Foundation

/// An Excel workbook being written with libxlsxwriter. The type owns the C workbook:
/// `close()` writes the file (and reports failure); a workbook dropped unclosed is
/// closed by `deinit` so the library's memory is always freed.
///
/// Sheets and charts are handed out as small reference types that keep the workbook
/// alive; cell text widths are tracked so columns are fitted when the workbook closes.
public final class Workbook {
    let handle: UnsafeMutablePointer<lxw_workbook>
    private var closed = false
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    package private(set) var sheets: [Sheet] = []
    /// Charts are placed when the workbook closes, once they have their series.
    private var charts: [Chart] = []
    public let path: String

    public init(path: String) throws {
        guard let handle = workbook_new(path) else { throw WorkbookError("cannot create the workbook \(path)") }
        self.handle = handle
        self.path = path
    }

    deinit {
        if !closed { workbook_close(handle) }
    }

    /// A new sheet; names are cut to Excel's 31 characters and stripped of []:*?/\.
    public func sheet(_ name: String) -> Sheet {
        let clean = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        let sheet = Sheet(workbook: self, name: clean, handle: workbook_add_worksheet(handle, clean))
        sheets.append(sheet)
        return sheet
    }

    func format(_ style: CellStyle) -> UnsafeMutablePointer<lxw_format>? {
        if style == .general { return nil }
        if let f = formats[style] { return f }
        let f = workbook_add_format(handle)!
        if let number = style.numberFormat { format_set_num_format(f, number) }
        if style == .header || style == .title || style == .strongNote { format_set_bold(f) }
        if style == .title { format_set_font_size(f, 14) }
        if style == .wrapped { format_set_text_wrap(f) }
        formats[style] = f
        return f
    }

    /// A native Excel chart, placed on `sheet` at (row, column).
    public func chart(_ kind: Chart.Kind, title: String, on sheet: Sheet, row: Int, column: Int) -> Chart {
        let chart = Chart(
            workbook: self, handle: workbook_add_chart(handle, kind.code), kind: kind, sheet: sheet, row: row,
            column: column)
        chart_title_set_name(chart.handle, title)
        chart_legend_set_position(chart.handle, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        charts.append(chart)
        return chart
    }

    /// Title, subject and keywords shown in the file's properties.
    public func setProperties(title: String, subject: String) {
        title.withCString { t in
            subject.withCString { s in
                var properties = lxw_doc_properties()
                properties.title = UnsafeMutablePointer(mutating: t)
                properties.subject = UnsafeMutablePointer(mutating: s)
                workbook_set_properties(handle, &properties)
            }
        }
    }

    /// Fits the columns, sets up printing and writes the file.
    public func close() throws {
        guard !closed else { return }
        for sheet in sheets {
            sheet.fitColumns()
            sheet.setUpPrinting()
        }
        for chart in charts { try chart.place() }
        closed = true
        let status = workbook_close(handle)
        guard status == LXW_NO_ERROR else {
            throw WorkbookError("cannot write the workbook \(path): \(String(cString: lxw_strerror(status)))")
        }
    }
}

public struct WorkbookError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// How a cell is shown. Money is always a number with a £ format, never text.
public enum CellStyle: Hashable, Sendable {
    case general, header, title, wrapped
    /// A line of text that runs on into the empty cells beside it (a note under a table),
    /// so it does not widen its column; `strongNote` is the same in bold (a warning, a table's title).
    case note, strongNote
    /// Whole pounds: £1,234,567 (negatives in red with a minus).
    case pounds
    /// Pounds and pence.
    case pence
    /// A count of children: 1,234.
    case count
    /// A fraction shown as a percentage with one decimal: 0.423 -> 42.3%.
    case percent
    /// A fraction shown as a whole percentage (probabilities).
    case probability
    /// Percentage points, signed: +1.2.
    case points
    /// A year as a plain integer.
    case year
    /// A number to one decimal (a rate: 44.0 plans per 1,000).
    case decimal

    var numberFormat: String? {
        switch self {
        case .pounds: return "£#,##0;[Red]-£#,##0"
        case .pence: return "£#,##0.00;[Red]-£#,##0.00"
        case .count: return "#,##0"
        case .percent: return "0.0%"
        case .probability: return "0%"
        case .points: return "+0.0;-0.0;0.0"
        case .year: return "0"
        case .decimal: return "0.0"
        default: return nil
        }
    }
}
