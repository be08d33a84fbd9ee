import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// Financial years from the opening balance up to the year before the base year,
    /// each with the area's SEN2 plans of the January that falls in it, by setting.
    static func history(
        _ scenario: Scenario, national: NationalData?, settingIndex: [String: Int]
    ) throws -> [HistoryYear] {
        guard let opening = scenario.budget.openingBalance, opening.year < scenario.meta.baseYear else { return [] }
        let years = Array(opening.year..<scenario.meta.baseYear)
        // (The document only says where the year is written, for the error; the figures
        // come from the typed scenario.)
        let location = scenario.document["budget"]?["opening_balance"]?["year"]?.location
        func problem(_ found: String, _ expected: String) -> InvalidInput {
            InvalidInput([
                Diagnostic(at: location, keyPath: "budget.opening_balance.year", found: found, expected: expected)
            ])
        }
        guard let code = scenario.meta.area, let national else {
            throw problem(
                "\(opening.year), before the base year \(scenario.meta.baseYear), with no SEN2 area (meta.area) to cost the years between",
                "the base year or later, or meta.area naming the LA whose SEN2 counts cost the years before it")
        }
        let area = try national.area(named: code)
        return try years.map { year in
            guard let row = national.caseload(of: area, in: year + 1) else {
                throw problem(
                    "\(opening.year): SEN2 has no January \(year + 1) caseload for \(area.name)",
                    "a year whose following January is in the SEN2 data (\(national.years.map(String.init).joined(separator: ", ")))"
                )
            }
            var plans = [Double](repeating: 0, count: scenario.settings.count)
            for (s, setting) in scenario.settings.enumerated() {
                plans[s] = setting.sen2Columns.reduce(0) { $0 + (row.value($1) ?? 0) }
            }
            return HistoryYear(year: year, plansBySetting: plans)
        }
    }

    /// Spend on plans in each history year at the scenario's unit costs at the price base:
    /// bands in the proportions of the starting stock of each setting, place funding on
    /// the children there.
    static func historySpend(_ history: [HistoryYear], base: Population, costs: CostCompiler) -> [Double] {
        let S = costs.c.S, B = costs.c.B, kinds = costs.capacityKind
        var bandShare = [[Double]](repeating: [Double](repeating: 0, count: B), count: S)
        for i in 0..<base.count { bandShare[Int(base.setting[i])][Int(base.band[i])] += 1 }
        bandShare = bandShare.map { row in
            let total = row.reduce(0, +)
            return total > 0 ? row.map { $0 / total } : [Double](repeating: 1 / Double(B), count: B)
        }
        return history.map { year in
            let (perChild, place) = costs.costs(in: year.year)
            var spend = 0.0
            for s in 0..<S {
                let plans = year.plansBySetting[s]
                for b in 0..<B { spend += plans * bandShare[s][b] * perChild[s * B + b] }
                // Place funding in a history year follows the children actually there: the
                // places commissioned for the projection were not there then.
                if kinds[s] != .none { spend += place[s] * plans }
            }
            return spend
        }
    }
}
