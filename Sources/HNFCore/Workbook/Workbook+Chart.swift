import CXlsxWriter

/// A native Excel chart whose series point at cells of the workbook's sheets.
public final class Chart {
    public enum Kind {
        case line, column, bar

        var code: UInt8 {
            switch self {
            case .line: return UInt8(LXW_CHART_LINE.rawValue)
            case .column: return UInt8(LXW_CHART_COLUMN.rawValue)
            case .bar: return UInt8(LXW_CHART_BAR.rawValue)
            }
        }
    }

    unowned let workbook: Workbook
    let handle: UnsafeMutablePointer<lxw_chart>

    let sheet: Sheet
    let kind: Kind
    let row, column: Int
    private var seriesCount = 0

    init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_chart>, kind: Kind, sheet: Sheet, row: Int, column: Int) {
        self.workbook = workbook
        self.kind = kind
        self.handle = handle
        self.sheet = sheet
        (self.row, self.column) = (row, column)
    }

    /// Inserts the chart on its sheet, one and a half times the default size.
    func place() throws {
        guard seriesCount > 0 else { throw WorkbookError("chart on \(sheet.name) has no series") }
        var options = lxw_chart_options()
        options.x_scale = 1.5
        options.y_scale = 1.3
        worksheet_insert_chart_opt(sheet.handle, lxw_row_t(row), lxw_col_t(column), handle, &options)
    }

    /// A cell range on one sheet, rows and columns from 0, inclusive.
    public struct Range {
        public var sheet: Sheet
        public var firstRow, firstColumn, lastRow, lastColumn: Int
        public init(_ sheet: Sheet, rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
            self.sheet = sheet
            (firstRow, lastRow, firstColumn, lastColumn) = (
                rows.lowerBound, rows.upperBound, columns.lowerBound, columns.upperBound
            )
        }
    }

    /// Adds a series: its name, categories (the axis labels) and values. `dashed` for the
    /// edges of an interval.
    public func series(_ name: String, categories: Range, values: Range, dashed: Bool = false) {
        let series = chart_add_series(handle, nil, nil)
        seriesCount += 1
        chart_series_set_name(series, name)
        chart_series_set_categories(
            series, categories.sheet.name, lxw_row_t(categories.firstRow), lxw_col_t(categories.firstColumn),
            lxw_row_t(categories.lastRow), lxw_col_t(categories.lastColumn))
        chart_series_set_values(
            series, values.sheet.name, lxw_row_t(values.firstRow), lxw_col_t(values.firstColumn),
            lxw_row_t(values.lastRow), lxw_col_t(values.lastColumn))
        if dashed {
            var line = lxw_chart_line()
            line.dash_type = UInt8(LXW_CHART_LINE_DASH_DASH.rawValue)
            line.width = 1.25
            chart_series_set_line(series, &line)
        }
    }

    /// The value axis: its title, number format and (where zero would flatten the lines)
    /// its minimum. In a bar chart the value axis is the horizontal x axis.
    public func valueAxis(_ title: String, format: String, minimum: Double? = nil) {
        let axis = kind == .bar ? handle.pointee.x_axis : handle.pointee.y_axis
        chart_axis_set_name(axis, title)
        chart_axis_set_num_format(axis, format)
        if let minimum { chart_axis_set_min(axis, minimum) }
    }

    /// Puts the category labels at the bottom of the plot, below negative values.
    public func categoryLabelsLow() {
        let axis = kind == .bar ? handle.pointee.y_axis : handle.pointee.x_axis
        chart_axis_set_label_position(axis, UInt8(LXW_CHART_AXIS_LABEL_POSITION_LOW.rawValue))
    }
}
