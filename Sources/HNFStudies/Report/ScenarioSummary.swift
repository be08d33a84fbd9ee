import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf describe`: a scenario's starting position, for a reader: its children with EHC
/// plans by placement group against England, by locality, its settings and its money.
/// A report model: computed once here, built into a document by
/// `ScenarioSummary+Document.swift` and formatted by `render`.
public struct ScenarioSummary: Sendable {
    public var scenario: Scenario
    /// The starting mix as a `PlacementMix`, comparable with SEN2.
    public var mix: PlacementMix
    /// England in the base year, when the national data has it: over the LAs that record
    /// placements, as `hnf run` compares (`RunReport.england`).
    public var england: PlacementMix?
    /// The LAs England's mix leaves out (their returns give totals only), and the published mix.
    public var englandExcludes: [String] = []
    public var englandPublished: PlacementMix?
    public var byLocality: [(locality: Scenario.Locality, mix: PlacementMix)]
    /// The high needs block in each financial year of the projection, before growth
    /// assumptions: the base amount plus the published increments.
    public var blockByYear: [(year: Int, amount: Double)]

    public init(scenario: Scenario, national: NationalData?) {
        self.scenario = scenario
        func mix(_ locality: String?) -> PlacementMix {
            let counts = scenario.stockByGroup(locality: locality)
            return PlacementMix(plans: counts.values.reduce(0, +), counts: counts)
        }
        var baseMix = mix(nil)
        for group in PlacementGroup.published where baseMix.counts[group] == nil { baseMix.counts[group] = 0 }
        self.mix = baseMix
        let base = scenario.meta.baseYear
        englandPublished = national.flatMap { data in
            data.caseload(of: data.england, in: base).flatMap(PlacementMix.init(row:))
        }
        let recording = national.flatMap { data in data.recordingMix(of: data.england, in: base) }
        england = recording?.mix ?? englandPublished
        englandExcludes = recording?.excluded.map(\.name) ?? []
        byLocality = scenario.localities.map { ($0, mix($0.id)) }
        let budget = scenario.budget
        var amount = budget.blockAmount
        var years: [(Int, Double)] = []
        for year in budget.blockYear...(scenario.meta.baseYear + scenario.meta.horizon) {
            if year > budget.blockYear { amount += budget.increments[year] ?? 0 }
            if year >= scenario.meta.baseYear { years.append((year, amount)) }
        }
        blockByYear = years
    }

    public static let schema = "hnf.describe.v1"

    /// Table, Markdown and the workbook render `document`; JSON keeps its `hnf.describe.v1`
    /// keys and adds the document under `report`; CSV stays the plans by locality and
    /// group that analysts load.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
        case .json: return JSONOutput.encode(jsonObject().merging(["report": document.jsonObject]) { a, _ in a })
        case .csv: return csv()
        }
    }

    /// The document as a workbook: the starting position as one sheet, with a README sheet.
    public func writeWorkbook(to path: String) throws {
        try document.writeWorkbook(
            to: path, sheet: "Starting position", subject: "hnf describe",
            about: [("Files", scenario.files.joined(separator: " + "))])
    }

    static let groups: [PlacementGroup] = [.mainstream, .special, .ap, .post16, .elsewhere, .earlyYears, .unknown]

    public func jsonObject() -> [String: Any] {
        func groups(_ mix: PlacementMix) -> [String: Any] {
            var counts: [String: Any] = [:], shares: [String: Any] = [:]
            for group in Self.groups {
                counts[group.rawValue] = mix.counts[group] ?? 0
                shares[group.rawValue] = mix.share(group).map(Percent.round1) ?? 0
            }
            return ["plans": mix.plans, "counts": counts, "shares": shares]
        }
        var object: [String: Any] = [
            "schema": Self.schema,
            "scenario": [
                "name": scenario.meta.name, "base_year": scenario.meta.baseYear, "horizon": scenario.meta.horizon,
                "draws": scenario.meta.draws, "seed": scenario.meta.seed, "files": scenario.files,
            ],
            "stock": groups(mix),
            "localities": byLocality.map {
                ["id": $0.locality.id, "name": $0.locality.name, "population": $0.locality.totalPopulation].merging(
                    groups($0.mix)
                ) { a, _ in a }
            },
            "high_needs_block": blockByYear.map { ["year": $0.year, "amount": $0.amount] },
        ]
        if let england { object["england"] = groups(england) }
        if let englandPublished, !englandExcludes.isEmpty {
            object["england_published"] = groups(englandPublished)
            object["england_excludes"] = englandExcludes
        }
        if let note = scenario.localitySplitNote { object["localities_note"] = note }
        return object
    }

    func csv() -> String {
        var lines = ["locality,group,plans,share_pc"]
        for (locality, mix) in byLocality {
            for group in Self.groups {
                lines.append(
                    Text.csvLine([
                        locality.id, group.rawValue, String(mix.counts[group] ?? 0),
                        mix.share(group).map { Text.decimal1($0) } ?? "",
                    ]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
