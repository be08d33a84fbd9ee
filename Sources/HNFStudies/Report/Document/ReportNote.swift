/// A note under a report's table: explanation (`info`), or something a reader must not
/// miss (`warning`: a figure stands in for one not published, a pot short of its
/// protection in some draws; `infeasible`: short in most draws).
public struct ReportNote: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case info, warning, infeasible

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .infeasible: 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// The note's lines as the table output prints them; a line that starts with two
    /// spaces is an item of a list under the line before it.
    public var lines: [String]

    public init(_ severity: Severity = .info, _ lines: [String]) {
        self.severity = severity
        self.lines = lines
    }

    /// The lines as a heading and its list items.
    var heading: [String] { lines.filter { !$0.hasPrefix("  ") } }
    var items: [String] { lines.filter { $0.hasPrefix("  ") }.map { Self.item($0) } }

    /// "  - a point" and "  a point" alike read "a point".
    static func item(_ line: String) -> String {
        let text = line.drop { $0 == " " }
        return String(text.hasPrefix("- ") ? text.dropFirst(2) : text)
    }
}
