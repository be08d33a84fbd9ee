/// Derives a scenario's starting stock (children with EHC plans by locality x age x need
/// x setting) from an LA's SEN2 figures and stated shares:
///
/// - plans by age x placement column: SEN2 caseload by age (January `year`); "under 3" is
///   counted at age 2; a January without ages (SEN2 has them from 2024) takes its caseload by
///   placement, each setting's plans shared by age as in the nearest January with ages;
/// - each setting holds the placement columns it lists under `sen2`;
/// - primary need within each age: SEN2 plans by age x need for the area, else the area's
///   overall need mix, else England's by age (the release has needs for 2025 only);
/// - localities: by their share of the population (`split: population`) or their stated
///   `plan_share` — an assumption, since no district split of EHC plans is published — or,
///   setting by setting, by their own counts of plans there (`split: plans_by_setting`,
///   `localities.ID.plans_by_setting`: local data; by population in a setting no locality
///   counts plans in).
///
/// Counts stay whole children and add up exactly to the SEN2 figure of every age and
/// setting: each (age, setting) total is shared out by largest remainders.
public enum StockDerivation {
    public static func derive(
        _ node: SourceNode, scenario: Scenario, national: NationalData
    ) throws -> [Scenario.StockCell] {
        let path = "ehc_plans.derive"
        func problem(_ found: String, _ expected: String, at: SourceNode? = nil) -> InvalidInput {
            InvalidInput([Diagnostic(at: (at ?? node).location, keyPath: path, found: found, expected: expected)])
        }
        let area: Area
        do { area = try national.area(named: node["area"]?.text ?? "") } catch {
            throw problem("\(error)", "an LA code or name in the SEN2 data", at: node["area"])
        }
        let year = node["year"]?.integer ?? 0
        let allAges = try national.table(.caseloadByAge).filter {
            $0.area.code == area.code && $0.area.level == area.level
        }
        let ageYears = Set(allAges.map(\.year))
        // A January without ages (before 2024) takes its caseload by placement, shared by age
        // as the nearest January with ages shares each setting.
        let ageYear =
            ageYears.contains(year)
            ? year : ageYears.min { abs($0 - year) < abs($1 - year) || (abs($0 - year) == abs($1 - year) && $0 < $1) }
        let byAge = allAges.filter { $0.year == ageYear }
        let totals = ageYear == year ? nil : national.caseload(of: area, in: year)
        guard !byAge.isEmpty, ageYear == year || totals != nil else {
            let years = Set(try national.table(.caseloadByAge).filter { $0.area.code == area.code }.map(\.year))
                .sorted()
            throw problem(
                "no SEN2 caseload by age for \(area.name) in January \(year)",
                "a year with ages: \(years.map(String.init).joined(separator: ", ")), or with a caseload by placement",
                at: node["year"])
        }
        let needRows = try national.table(.needs).filter { $0.year == year }
        let needColumns = try scenario.needs.map { need -> String in
            let column = need.code == "UNK" ? "need_unknown" : need.code.lowercased()
            guard NeedsColumns.all.contains(column) else {
                throw problem(
                    "the need \"\(need.code)\", which SEN2 does not record",
                    "SEN2 need codes (\(ScenarioSchema.sen2Needs.map(\.code).joined(separator: ", "))) to derive from SEN2"
                )
            }
            return column
        }
        func needShares(_ row: NationalData.Row?) -> [Double]? {
            guard let row else { return nil }
            let counts = needColumns.map { row.value($0) }
            guard counts.allSatisfy({ $0 != nil }) else { return nil }
            let total = counts.reduce(0) { $0 + $1! }
            return total > 0 ? counts.map { $0! / total } : nil
        }
        let localityShares: [Double] = {
            let weights = scenario.localities.map {
                node["split"]?.text == "plan_share" ? ($0.planShare ?? 0) : $0.totalPopulation
            }
            let total = weights.reduce(0, +)
            return weights.map { total > 0 ? $0 / total : 1 / Double(weights.count) }
        }()
        let bySetting = node["split"]?.text == "plans_by_setting"
        guard !scenario.localities.isEmpty else {
            throw problem("no localities", "at least one locality to place children in")
        }

        let covered = Set(scenario.settings.flatMap(\.sen2Columns))
        var cells: [Scenario.StockCell] = []
        let rows = byAge.compactMap { row in SEN2Age.parse(row.breakdown).map { (age: $0, row: row) } }.sorted {
            $0.age < $1.age
        }
        .filter { $0.age <= Phase.maximumAge }
        // Plans by age x setting: the year's own, or its setting totals shared by the ages of `ageYear`.
        var perAge: [[Int]] = rows.map { r in
            scenario.settings.map { Int($0.sen2Columns.reduce(0) { $0 + (r.row.value($1) ?? 0) }) }
        }
        if let totals {
            for s in scenario.settings.indices {
                let total = Int(scenario.settings[s].sen2Columns.reduce(0) { $0 + (totals.value($1) ?? 0) })
                let shared = largestRemainder(total, perAge.map { Double($0[s]) })
                for a in perAge.indices { perAge[a][s] = shared[a] }
            }
        }
        for (a, (childAge, row)) in rows.enumerated() {
            let uncovered = SEN2Placement.names.filter { !covered.contains($0) && (row.value($0) ?? 0) > 0 }
            if !uncovered.isEmpty {
                throw problem(
                    "SEN2 placements no setting holds: \(uncovered.joined(separator: ", ")) (\(area.name), age \(row.breakdown))",
                    "every SEN2 placement column with children listed under some setting's `sen2`")
            }
            let mix =
                needShares(needRows.first { $0.area.code == area.code && $0.breakdown == row.breakdown })
                ?? needShares(needRows.first { $0.area.code == area.code && $0.breakdown == "all" })
                ?? needShares(needRows.first { $0.area.level == .england && $0.breakdown == row.breakdown })
                ?? Array(repeating: 1 / Double(needColumns.count), count: needColumns.count)
            for (s, setting) in scenario.settings.enumerated() {
                let total = perAge[a][s]
                guard total > 0 else { continue }
                let shares =
                    bySetting ? scenario.localityShares(ofPlansIn: setting.id) ?? localityShares : localityShares
                var weights: [(locality: Int, need: Int, weight: Double)] = []
                for l in shares.indices { for n in mix.indices { weights.append((l, n, shares[l] * mix[n])) } }
                let counts = largestRemainder(total, weights.map(\.weight))
                for (i, w) in weights.enumerated() where counts[i] > 0 {
                    cells.append(
                        Scenario.StockCell(
                            locality: scenario.localities[w.locality].id, age: childAge,
                            need: scenario.needs[w.need].code, setting: setting.id, count: counts[i]))
                }
            }
        }
        return cells
    }

    /// Shares `total` out in proportion to `weights` in whole units, adding up exactly:
    /// floors first, then one more to the largest remainders (earlier index on ties, so
    /// the result is the same on every machine).
    public static func largestRemainder(_ total: Int, _ weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0.rounded(.down)) }
        let left = total - counts.reduce(0, +)
        let order = exact.indices.sorted { a, b in
            let ra = exact[a] - Double(counts[a]), rb = exact[b] - Double(counts[b])
            return ra != rb ? ra > rb : a < b
        }
        for i in order.prefix(left) { counts[i] += 1 }
        return counts
    }
}

enum NeedsColumns {
    static let all: Set<String> = [
        "asd", "slcn", "semh", "mld", "sld", "pmld", "spld", "hi", "vi", "msi", "pd", "oth", "need_unknown",
    ]
}
