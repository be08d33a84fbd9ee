import HNFCore

/// A titled table of a report: a header row, then rows whose first cell names the row.
public struct ReportTable: Codable, Sendable, Equatable {
    /// A stable name scripts and tests find the table by ("money", "gains", …).
    public var id: String
    public var title: String
    public var header: [String]
    public var rows: [[ReportCell]]
    /// How many leading columns name the row (printed left-aligned, like the first); nil
    /// for one. Replay's section and line, backtest's measure and method.
    public var labelColumns: Int?

    private enum CodingKeys: String, CodingKey {
        case id, title, header, rows
        case labelColumns = "label_columns"
    }

    public init(id: String, title: String, header: [String], rows: [[ReportCell]]) {
        self.id = id
        self.title = title
        self.header = header
        self.rows = rows
    }

    /// A table whose first row is its header.
    public init(id: String, title: String, _ rows: [[ReportCell]], labelColumns: Int? = nil) {
        self.init(id: id, title: title, header: rows.first?.map(\.text) ?? [], rows: Array(rows.dropFirst()))
        self.labelColumns = labelColumns
    }

    /// Whether column `c` holds figures (right-aligned) rather than the row's name.
    func isFigureColumn(_ c: Int) -> Bool { c >= (labelColumns ?? 1) }

    /// A table of text cells (first row the header).
    public init(id: String, title: String, text rows: [[String]]) {
        self.init(id: id, title: title, rows.map { $0.map { ReportCell($0) } })
    }
}

/// One cell: the text people read, and for a figure its value and kind, so that a
/// workbook writes a number with its format and JSON the unrounded value.
public struct ReportCell: Codable, Sendable, Equatable, ExpressibleByStringLiteral {
    /// What a figure counts, and the unit its `value` is in.
    public enum Kind: String, Codable, Sendable {
        /// Children (value: a count).
        case count
        /// Money (value: £, however the text rounds it).
        case pounds
        /// A share (value: percent, 42.3 for 42.3%).
        case percent
        /// A difference of shares (value: percentage points).
        case points
        /// A probability or share of draws (value: 0 to 1).
        case probability
        /// A rate such as plans per 1,000 children, shown to one decimal.
        case rate
    }

    public var text: String
    public var kind: Kind?
    /// The figure (for a distribution, its median).
    public var value: Double?
    /// A distribution's 90% interval (p5, p95), or the interval its report names instead
    /// (`compare witan-send`: both tools' 95% intervals).
    public var low: Double?
    public var high: Double?

    public init(_ text: String) { self.text = text }
    public init(stringLiteral text: String) { self.text = text }

    public init(_ text: String, _ kind: Kind, value: Double?) {
        self.text = text
        self.kind = value == nil ? nil : kind
        self.value = value
    }

    /// "12.3 (10.1–14.6)": a distribution's median and 90% interval.
    public init(_ stats: Stats, _ kind: Kind, _ format: (Double) -> String) {
        self.init("\(format(stats.p50)) (\(format(stats.p5))–\(format(stats.p95)))", kind, value: stats.p50)
        low = stats.p5
        high = stats.p95
    }
}
