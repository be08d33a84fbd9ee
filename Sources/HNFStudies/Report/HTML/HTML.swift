import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Small HTML helpers: escaping and tables.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A table with a header row; the first column is a row header.
    public static func table(_ caption: String, header: [String], rows: [[String]], numeric: Bool = true) -> String {
        var out = "<table><caption>\(escape(caption))</caption><thead><tr>"
        out += header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out +=
                "<tr>"
                + row.enumerated().map { c, cell in
                    c == 0
                        ? "<th scope=\"row\">\(escape(cell))</th>"
                        : "<td\(numeric ? " class=\"num\"" : "")>\(escape(cell))</td>"
                }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// A key figure in the text, with its unrounded value for scripts and tests.
    public static func figure(_ name: String, _ value: Double, _ text: String) -> String {
        "<strong data-figure=\"\(escape(name))\" data-value=\"\(value)\">\(escape(text))</strong>"
    }
}
