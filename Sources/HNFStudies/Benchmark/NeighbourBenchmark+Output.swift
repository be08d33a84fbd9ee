import HNFCore

/// The benchmark's outputs: JSON's `results` (`hnf.benchmark.v1`: each area's figures,
/// unrounded, by key) beside the document, and the workbook (the document as a sheet,
/// with a README sheet of sources).
extension NeighbourBenchmark {
    public static let schema = "hnf.benchmark.v1"

    public func render(_ format: OutputFormat, provenance: [String: Any]) -> String {
        document.render(format, schema: Self.schema, provenance: provenance, results: resultsJSON)
    }

    var resultsJSON: [String: Any] {
        var out: [String: Any] = [
            "la": json(la), "neighbours": neighbours.map(json), "england": json(england), "year": year,
            "growth_from": growthFrom,
            "ranks": Dictionary(
                uniqueKeysWithValues: measures.enumerated().compactMap { i, m in
                    rank(m).map { (Self.keys[i], $0) }
                }),
        ]
        if let region { out["region"] = json(region) }
        if let spendYear { out["spend_financial_year"] = spendYear }
        if let balanceYear { out["balance_financial_year"] = balanceYear }
        return out
    }

    /// The JSON key of each of `measures`, in order.
    static let keys = [
        "plans", "plans_per_1000_aged_0_25", "growth_pc_a_year", "mainstream_pc", "special_pc",
        "spend_per_head_2_18", "cumulative_balance_pc_of_income",
    ]

    func json(_ f: Figures) -> [String: Any] {
        var out: [String: Any] = ["code": f.area.code, "name": f.area.name, "level": f.area.level.rawValue]
        for (i, m) in measures.enumerated() { if let v = m.value(f) { out[Self.keys[i]] = v } }
        if let closeness = f.closeness { out["closeness"] = closeness }
        out["shares_pc"] = Dictionary(uniqueKeysWithValues: f.shares.map { ($0.key.rawValue, $0.value) })
        out["spend_per_head_by_line"] = Dictionary(
            uniqueKeysWithValues: f.spendPerHead.map { ($0.key.rawValue, $0.value) })
        return out
    }

    public func writeWorkbook(to path: String, provenance: [String: Any]) throws {
        try document.writeWorkbook(
            to: path, sheet: "Benchmark", subject: "hnf benchmark",
            about: sourceNotes.map { ("Source", $0) }, provenance: provenance)
    }
}
