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

/// Small formatting helpers shared by the renderers.
public enum Text {
    /// 17733 -> "17,733".
    public static func thousands(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// One decimal, with a sign when asked: 7 -> "+7.0".
    static func decimal1(_ value: Double?, signed: Bool = false) -> String {
        guard let value else { return "n/a" }
        let rounded = Percent.round1(value)
        let tenths = Int((abs(rounded) * 10).rounded())
        let body = "\(tenths / 10).\(tenths % 10)"
        if rounded < 0 && tenths != 0 { return "-" + body }
        return (signed && tenths != 0 ? "+" : "") + body
    }

    static func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
        if text.count >= width { return String(text.prefix(width)) }
        let fill = String(repeating: " ", count: width - text.count)
        return right ? fill + text : text + fill
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csvLine(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",")
    }
}

/// The attribution every report built on SEN2 carries.
public enum Attribution {
    public static let sen2 = "Source: DfE, Education, health and care plans (SEN2), reporting year 2025. Contains public sector information licensed under the Open Government Licence v3.0."
}
