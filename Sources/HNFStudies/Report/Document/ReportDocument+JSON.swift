/// The document as JSON values for `JSONOutput` (which writes every report's JSON
/// deterministically), under the keys its `Codable` conformance decodes: a script reads
/// `report` back with `JSONDecoder` into `ReportDocument` (`ReportDocumentTests`).
extension ReportDocument {
    public var jsonObject: [String: Any] {
        var out: [String: Any] = ["title": title, "lead": lead, "blocks": blocks.map(\.jsonObject)]
        if let attribution { out["attribution"] = attribution }
        return out
    }
}

extension ReportBlock {
    var jsonObject: [String: Any] {
        switch self {
        case .table(let table): return ["kind": "table", "table": table.jsonObject]
        case .note(let note):
            return ["kind": "note", "note": ["severity": note.severity.rawValue, "lines": note.lines]]
        }
    }
}

extension ReportTable {
    var jsonObject: [String: Any] {
        var out: [String: Any] = [
            "id": id, "title": title, "header": header, "rows": rows.map { $0.map(\.jsonObject) },
        ]
        if let labelColumns { out["label_columns"] = labelColumns }
        return out
    }
}

extension ReportCell {
    var jsonObject: [String: Any] {
        var out: [String: Any] = ["text": text]
        if let kind { out["kind"] = kind.rawValue }
        if let value { out["value"] = value }
        if let low { out["low"] = low }
        if let high { out["high"] = high }
        return out
    }
}
