import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// A scenario run for one year from SEN2's January `from` caseload (for scenarios whose
/// stock is derived from SEN2), set against SEN2's January `from + 1`: total plans, each
/// DfE group's share and each setting's plans. Before 2024 SEN2 has no ages: the stock is
/// that January's plans by placement, shared by age as in January 2024 (see
/// `StockDerivation`).
public struct Replay: Sendable {
    public struct Line: Sendable {
        public var label: String
        public var predicted: Stats
        public var actual: Double
    }

    public var scenario: String
    public var area: Area
    public var from: Int
    public var draws: Int
    public var plans: Line
    /// Shares of plans by DfE group, %.
    public var groups: [Line]
    /// Plans by setting.
    public var settings: [Line]

    public enum Failure: InputProblem {
        case unsuitable(String)
        public var description: String { if case .unsuitable(let m) = self { return m }; return "" }
    }

    /// What moves a scenario's start to January `year` for one year: values set as `--set`
    /// sets them, after the user's own.
    static func start(year: Int) -> [ScenarioSetting] {
        ["meta.base_year=\(year)", "meta.horizon=1", "ehc_plans.derive.year=\(year)"].map {
            ScenarioSetting($0, origin: "replay from January \(year)")
        }
    }

    /// Loads `base` with `overlays` and `settings` (`--set KEY=VALUE`), then the replay's
    /// start (`start(year:)`), runs it and compares.
    public static func run(
        base: String, overlays: [String], settings: [String] = [], from year: Int, draws: Int?, seed: UInt64?,
        threads: Int, national: NationalData
    ) throws -> Replay {
        let probe = try ScenarioLoader.load(base, overlays: overlays, settings: settings, national: { national })
        guard probe.document["ehc_plans"]?["derive"] != nil, let code = probe.meta.area else {
            throw Failure.unsuitable(
                "\(base): replay needs a scenario whose stock is derived from SEN2 (ehc_plans.derive) and meta.area")
        }
        let area = try national.area(named: code)
        guard let actualRow = national.caseload(of: area, in: year + 1), let actualPlans = actualRow.value("plans")
        else {
            throw Failure.unsuitable("SEN2 has no January \(year + 1) caseload for \(area.name) to compare with")
        }
        let scenario = try ScenarioLoader.load(
            base, overlays: overlays, settings: settings, options: start(year: year), national: { national })
        let plan = try ProjectionPlan(scenario, national: national)
        let n = draws ?? scenario.meta.draws
        let projection = Projection(plan: plan, draws: n, seed: seed ?? UInt64(scenario.meta.seed), threads: threads)
        let layout = projection.layout
        func values(_ k: Int) -> [Double] { projection.values(year: 0) { _ in k } }
        let total = Metric.plans.values(projection, step: 0)

        let actualBySetting = scenario.settings.map { s in s.sen2Columns.reduce(0) { $0 + (actualRow.value($1) ?? 0) } }
        var groups: [Line] = []
        for group in layout.groups {
            let members = scenario.settings.indices.filter { scenario.settings[$0].group == group }
            guard !members.isEmpty else { continue }
            let shares = Metric.share(group).values(projection, step: 0)
            let actual = members.reduce(0.0) { $0 + actualBySetting[$1] } / actualPlans * 100
            groups.append(Line(label: group.rawValue, predicted: Stats(shares), actual: actual))
        }
        let settings = scenario.settings.enumerated().map { s, setting in
            Line(label: setting.id, predicted: Stats(values(layout.setting(s))), actual: actualBySetting[s])
        }
        return Replay(
            scenario: base, area: area, from: year, draws: n,
            plans: Line(label: "plans", predicted: Stats(total), actual: actualPlans),
            groups: groups, settings: settings)
    }
}
