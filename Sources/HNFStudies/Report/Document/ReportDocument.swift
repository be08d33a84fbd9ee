import HNFCore

/// What a report says, built once by its command and rendered by every format: titled
/// tables whose cells carry their kind and value, and notes with a severity. A table or a
/// warning added to a report's document appears in the table, Markdown, JSON, workbook and
/// HTML outputs without touching their renderers (`ReportDocument+*.swift`).
public struct ReportDocument: Codable, Sendable, Equatable {
    /// "Kent baseline + Communities of Schools: projection to January 2030".
    public var title: String
    /// The line under the title: draws, seed, what the figures are.
    public var lead: String
    public var blocks: [ReportBlock]
    /// The data's licence attribution, when the report rests on published data.
    public var attribution: String?

    public init(title: String, lead: String, blocks: [ReportBlock], attribution: String? = nil) {
        self.title = title
        self.lead = lead
        self.blocks = blocks
        self.attribution = attribution
    }

    public var tables: [ReportTable] {
        blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
    }

    public var notes: [ReportNote] {
        blocks.compactMap { if case .note(let note) = $0 { note } else { nil } }
    }

    /// The notes a reader must not miss: warnings and infeasibilities, in order.
    public var warnings: [ReportNote] { notes.filter { $0.severity != .info } }

    public func table(_ id: String) -> ReportTable? { tables.first { $0.id == id } }
}

/// One piece of a report, in reading order.
public enum ReportBlock: Codable, Sendable, Equatable {
    case table(ReportTable)
    case note(ReportNote)

    private enum CodingKeys: String, CodingKey { case kind, table, note }
    private enum Kind: String, Codable { case table, note }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .table: self = .table(try container.decode(ReportTable.self, forKey: .table))
        case .note: self = .note(try container.decode(ReportNote.self, forKey: .note))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .table(let table):
            try container.encode(Kind.table, forKey: .kind)
            try container.encode(table, forKey: .table)
        case .note(let note):
            try container.encode(Kind.note, forKey: .kind)
            try container.encode(note, forKey: .note)
        }
    }
}
