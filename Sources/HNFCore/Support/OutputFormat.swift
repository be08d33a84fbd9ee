/// The formats every report can be written in.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned text for a terminal, readable at 80 columns.
    case table
    /// A stable, documented JSON contract for scripts.
    case json
    /// Comma-separated values that open cleanly in a spreadsheet (one header row, no units in cells).
    case csv
    /// GitHub-flavoured Markdown, for papers to a Forum.
    case markdown
    /// An Excel workbook (with `--out`): sheets, £ formats and native charts. Written by the
    /// report's `writeWorkbook`, never as text; text renderers treat it as `table`.
    case xlsx
}

/// The attribution every report built on SEN2 carries.
public enum Attribution {
    public static let sen2 =
        "Source: DfE, Education, health and care plans (SEN2), reporting year 2025. Contains public sector information licensed under the Open Government Licence v3.0."
}
