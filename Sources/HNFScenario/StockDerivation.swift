import HNFCore

/// Derives a scenario's starting stock (children with EHC plans by locality x age x need
/// x setting) from an LA's SEN2 figures and stated shares:
///
/// - plans by age x placement column: SEN2 caseload by age (January `year`); "under 3" is
///   counted at age 2; a January without ages (SEN2 has them from 2024) takes its caseload by
///   placement, each setting's plans shared by age as in the nearest January with ages;
/// - each setting holds the placement columns it lists under `sen2`;
/// - primary need within each age: SEN2 plans by age x need for the area, else the area's
///   overall need mix, else England's by age (the release has needs for 2025 only);
/// - localities: by their share of the children of each age (`split: population`: a
///   locality's population at that age, or its phase's figure spread evenly over the
///   phase's ages, so that a university city's 19-25s and a new town's under-fives are
///   where they live; out of sample this misses a district's plans by less than an all-age
///   split, `DistrictEstimate`) or their stated
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
        let area = try area(of: node, in: national)
        let year = node["year"]?.integer ?? 0
        let (byAge, totals) = try caseloadByAge(of: area, in: year, node, national)
        let needRows = try national.table(.needs).filter { $0.year == year }
        let needColumns = try sen2NeedColumns(of: scenario, node)
        let split = node["split"]?.text, baseYear = scenario.meta.baseYear
        let bySetting = node["split"]?.text == "plans_by_setting"
        guard !scenario.localities.isEmpty else {
            throw problem(node, "no localities", "at least one locality to place children in")
        }

        let covered = Set(scenario.settings.flatMap(\.sen2Columns))
        let rows = byAge.compactMap { row in SEN2Age.parse(row.breakdown).map { (age: $0, row: row) } }.sorted {
            $0.age < $1.age
        }
        .filter { $0.age <= Phase.maximumAge }
        let perAge = plansByAgeAndSetting(rows.map(\.row), totals: totals, settings: scenario.settings)
        // Once per setting, not once per age and setting.
        let bySettingShares = bySetting ? scenario.settings.map { scenario.localityShares(ofPlansIn: $0.id) } : []
        var cells: [Scenario.StockCell] = []
        for (a, (childAge, row)) in rows.enumerated() {
            try checkPlacementsHeld(row, covered: covered, area: area, node)
            let mix = needMix(of: row, area: area, needRows: needRows, columns: needColumns)
            // SEN2's "under 3" are counted at age 2 but live among the children aged 0-2.
            let ages = row.breakdown == "under3" ? 0...childAge : childAge...childAge
            let shares = localityShares(of: scenario, split: split, ages: ages, baseYear: baseYear)
            for (s, setting) in scenario.settings.enumerated() where perAge[a][s] > 0 {
                let settingShares = bySetting ? bySettingShares[s] ?? shares : shares
                cells += sharedOut(
                    perAge[a][s], localityShares: settingShares, needMix: mix, age: childAge, setting: setting.id,
                    in: scenario)
            }
        }
        return cells
    }

    /// An input error at `ehc_plans.derive` (or the key `at` within it).
    private static func problem(
        _ node: SourceNode, _ found: String, _ expected: String, at: SourceNode? = nil
    ) -> InvalidInput {
        InvalidInput([
            Diagnostic(at: (at ?? node).location, keyPath: "ehc_plans.derive", found: found, expected: expected)
        ])
    }

    /// The LA (or region, or England) `area` names.
    private static func area(of node: SourceNode, in national: NationalData) throws -> Area {
        do { return try national.area(named: node["area"]?.text ?? "") } catch {
            throw problem(node, "\(error)", "an LA code or name in the SEN2 data", at: node["area"])
        }
    }

    /// The area's SEN2 caseload rows by age to derive from, and — for a January without
    /// ages — that January's caseload by placement (`totals`), shared by age as the
    /// nearest January with ages shares each setting.
    private static func caseloadByAge(
        of area: Area, in year: Int, _ node: SourceNode, _ national: NationalData
    ) throws -> (byAge: [NationalData.Row], totals: NationalData.Row?) {
        let allAges = try national.table(.caseloadByAge).filter {
            $0.area.code == area.code && $0.area.level == area.level
        }
        let ageYears = Set(allAges.map(\.year))
        // SEN2 has ages from January 2024.
        let ageYear =
            ageYears.contains(year)
            ? year : ageYears.min { abs($0 - year) < abs($1 - year) || (abs($0 - year) == abs($1 - year) && $0 < $1) }
        let byAge = allAges.filter { $0.year == ageYear }
        let totals = ageYear == year ? nil : national.caseload(of: area, in: year)
        guard !byAge.isEmpty, ageYear == year || totals != nil else {
            let years = Set(try national.table(.caseloadByAge).filter { $0.area.code == area.code }.map(\.year))
                .sorted()
            throw problem(
                node, "no SEN2 caseload by age for \(area.name) in January \(year)",
                "a year with ages: \(years.map(String.init).joined(separator: ", ")), or with a caseload by placement",
                at: node["year"])
        }
        return (byAge, totals)
    }

    /// The SEN2 needs column of each of the scenario's needs, which must all be SEN2's.
    private static func sen2NeedColumns(of scenario: Scenario, _ node: SourceNode) throws -> [String] {
        try scenario.needs.map { need -> String in
            let column = need.code == "UNK" ? "need_unknown" : need.code.lowercased()
            guard NeedsColumns.all.contains(column) else {
                throw problem(
                    node, "the need \"\(need.code)\", which SEN2 does not record",
                    "SEN2 need codes (\(ScenarioSchema.sen2Needs.map(\.code).joined(separator: ", "))) to derive from SEN2"
                )
            }
            return column
        }
    }

    /// Each locality's share of the LA's plans of `ages`: by its children of those ages (all
    /// ages' where no locality has any of them), or by its `plan_share` when `split` is
    /// `plan_share` (equal shares if the weights are all 0).
    private static func localityShares(
        of scenario: Scenario, split: String?, ages: ClosedRange<Int>, baseYear: Int
    ) -> [Double] {
        func normalised(_ weights: [Double]) -> [Double]? {
            let total = weights.reduce(0, +)
            return total > 0 ? weights.map { $0 / total } : nil
        }
        let even = scenario.localities.map { _ in 1 / Double(scenario.localities.count) }
        if split == "plan_share" { return normalised(scenario.localities.map { $0.planShare ?? 0 }) ?? even }
        return normalised(
            scenario.localities.map { l in ages.reduce(0) { $0 + l.population(atAge: $1, in: baseYear) } })
            ?? normalised(scenario.localities.map(\.totalPopulation)) ?? even
    }

    /// Plans by age x setting: each age row's own, or `totals` (the setting totals of a
    /// January without ages) shared by the ages of the rows.
    private static func plansByAgeAndSetting(
        _ rows: [NationalData.Row], totals: NationalData.Row?, settings: [Scenario.Setting]
    ) -> [[Int]] {
        var perAge: [[Int]] = rows.map { row in
            settings.map { Int($0.sen2Columns.reduce(0) { $0 + (row.value($1) ?? 0) }) }
        }
        if let totals {
            for s in settings.indices {
                let total = Int(settings[s].sen2Columns.reduce(0) { $0 + (totals.value($1) ?? 0) })
                let shared = largestRemainder(total, perAge.map { Double($0[s]) })
                for a in perAge.indices { perAge[a][s] = shared[a] }
            }
        }
        return perAge
    }

    /// Every SEN2 placement column with children at this age belongs to some setting.
    private static func checkPlacementsHeld(
        _ row: NationalData.Row, covered: Set<String>, area: Area, _ node: SourceNode
    ) throws {
        let uncovered = SEN2Placement.names.filter { !covered.contains($0) && (row.value($0) ?? 0) > 0 }
        if !uncovered.isEmpty {
            throw problem(
                node,
                "SEN2 placements no setting holds: \(uncovered.joined(separator: ", ")) (\(area.name), age \(row.breakdown))",
                "every SEN2 placement column with children listed under some setting's `sen2`")
        }
    }

    /// The primary need mix within an age: the area's by age, else the area's overall mix,
    /// else England's by age, else even.
    private static func needMix(
        of row: NationalData.Row, area: Area, needRows: [NationalData.Row], columns: [String]
    ) -> [Double] {
        needShares(needRows.first { $0.area.code == area.code && $0.breakdown == row.breakdown }, columns)
            ?? needShares(needRows.first { $0.area.code == area.code && $0.breakdown == "all" }, columns)
            ?? needShares(needRows.first { $0.area.level == .england && $0.breakdown == row.breakdown }, columns)
            ?? Array(repeating: 1 / Double(columns.count), count: columns.count)
    }

    /// A needs row's counts in `columns` as shares; nil if one is missing or all are 0.
    private static func needShares(_ row: NationalData.Row?, _ columns: [String]) -> [Double]? {
        guard let row else { return nil }
        let counts = columns.map { row.value($0) }
        guard counts.allSatisfy({ $0 != nil }) else { return nil }
        let total = counts.reduce(0) { $0 + $1! }
        return total > 0 ? counts.map { $0! / total } : nil
    }

    /// One (age, setting) total shared by locality x need in whole children.
    private static func sharedOut(
        _ total: Int, localityShares: [Double], needMix mix: [Double], age: Int, setting: String,
        in scenario: Scenario
    ) -> [Scenario.StockCell] {
        var weights: [(locality: Int, need: Int, weight: Double)] = []
        for l in localityShares.indices { for n in mix.indices { weights.append((l, n, localityShares[l] * mix[n])) } }
        let counts = largestRemainder(total, weights.map(\.weight))
        var cells: [Scenario.StockCell] = []
        for (i, w) in weights.enumerated() where counts[i] > 0 {
            cells.append(
                Scenario.StockCell(
                    locality: scenario.localities[w.locality].id, age: age,
                    need: scenario.needs[w.need].code, setting: setting, count: counts[i]))
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
        guard left > 0 else { return counts }
        let remainders = exact.indices.map { exact[$0] - Double(counts[$0]) }
        for i in largest(left, of: remainders) { counts[i] += 1 }
        return counts
    }

    /// The indices of the `k` largest values, the earlier index first among equal ones —
    /// the first `k` of a stable sort, descending, found in one pass with a heap of `k`:
    /// sorting every locality x need weight of every age and setting made a stock shared
    /// by 100,000 localities take minutes.
    static func largest(_ k: Int, of values: [Double]) -> [Int] {
        // `worse(a, b)`: a comes after b in the order (smaller, or equal and later).
        func worse(_ a: Int, _ b: Int) -> Bool { values[a] != values[b] ? values[a] < values[b] : a > b }
        guard k < values.count else { return Array(values.indices) }
        var heap: [Int] = []  // the k best so far, the worst of them at the top
        heap.reserveCapacity(k)
        for i in values.indices {
            if heap.count < k {
                heap.append(i)
                var child = heap.count - 1
                while child > 0, worse(heap[child], heap[(child - 1) / 2]) {
                    heap.swapAt(child, (child - 1) / 2)
                    child = (child - 1) / 2
                }
            } else if worse(heap[0], i) {
                heap[0] = i
                var parent = 0
                while true {
                    let l = 2 * parent + 1, r = l + 1
                    var top = parent
                    if l < k, worse(heap[l], heap[top]) { top = l }
                    if r < k, worse(heap[r], heap[top]) { top = r }
                    if top == parent { break }
                    heap.swapAt(parent, top)
                    parent = top
                }
            }
        }
        return heap
    }
}
