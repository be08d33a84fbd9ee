import Foundation

/// How every text report writes numbers: counts, pounds, millions of pounds, pence,
/// one-decimal shares, padding and CSV fields. One place, so a figure reads the same in
/// every table (the HTML report adds typographic minus signs on top of these).
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
    package static func decimal1(_ value: Double?, signed: Bool = false) -> String {
        guard let value, value.isFinite else { return "n/a" }
        let rounded = Percent.round1(value)
        let tenths = Int((abs(rounded) * 10).rounded())
        let body = "\(tenths / 10).\(tenths % 10)"
        if rounded < 0 && tenths != 0 { return "-" + body }
        return (signed && tenths != 0 ? "+" : "") + body
    }

    package static func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
        if text.count >= width { return String(text.prefix(width)) }
        let fill = String(repeating: " ", count: width - text.count)
        return right ? fill + text : text + fill
    }

    /// A report's table: Markdown (`| a | b |` under a `|---|` rule, `---:` on right-aligned
    /// columns when `markAlignment`), or text in columns as wide as their widest cell, two
    /// spaces apart, the columns `rightAligned` says padded on the left. Each row ends "\n".
    package static func table(
        _ header: [String], _ rows: [[String]], markdown: Bool, rightAligned: (Int) -> Bool,
        markAlignment: Bool = false
    ) -> String {
        if markdown {
            let rule = header.indices.map { markAlignment && rightAligned($0) ? "---:" : "---" }
            return ([header] + rows).enumerated().map { i, cells in
                "| " + cells.map(markdownCell).joined(separator: " | ") + " |\n"
                    + (i == 0 ? "|" + rule.joined(separator: "|") + "|\n" : "")
            }.joined()
        }
        let widths = header.indices.map { j in ([header] + rows).map { $0[j].count }.max()! }
        return ([header] + rows).map { cells in
            cells.indices.map { pad(cells[$0], widths[$0], right: rightAligned($0)) }.joined(separator: "  ") + "\n"
        }.joined()
    }

    /// A Markdown table cell: a `|` escaped and a line break made a space, so that a name
    /// holding either (a locality's, from the user) stays in its cell and its row.
    package static func markdownCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "|" || $0.isNewline }) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 }).replacingOccurrences(of: "|", with: "\\|")
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text as a double-quoted YAML scalar (backslashes, quotes, line breaks and tabs
    /// escaped, so it reads back as itself), for the scenarios hnf writes.
    package static func yamlQuoted(_ text: String) -> String {
        // Most names have none of them: skip the escaping (once per locality imported).
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\"" || $0.value < 0x20 }) else {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\x%02X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    package static func csvLine(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",")
    }

    /// A count, rounded: 17732.6 -> "17,733".
    public static func count(_ value: Double) -> String { value.isFinite ? thousands(Int(value.rounded())) : "n/a" }

    /// Whole pounds: 8000 -> "£8,000", -1234.4 -> "-£1,234".
    public static func pounds(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let whole = Int(value.rounded())
        return (whole < 0 ? "-" : "") + "£" + thousands(abs(whole))
    }

    /// Millions of pounds to one decimal: -34_400_000 -> "-£34.4m" (with a + when `signed`).
    public static func millionsOfPounds(_ value: Double, signed: Bool = false) -> String {
        guard value.isFinite else { return "n/a" }
        let tenths = Int((abs(value) / 1_000_000 * 10).rounded())
        let sign = value < 0 && tenths != 0 ? "-" : (signed && tenths != 0 ? "+" : "")
        return sign + "£\(tenths / 10).\(tenths % 10)m"
    }

    /// Millions to one decimal without a unit, for money tables headed "£m": 34.4, "+34.4" when `signed`.
    public static func millions(_ value: Double, signed: Bool = false) -> String {
        decimal1(value / 1_000_000, signed: signed)
    }

    /// Pounds to the penny, for CSV: 1234.5 -> "1234.50".
    public static func pence(_ value: Double) -> String { String(format: "%.2f", value) }
}
