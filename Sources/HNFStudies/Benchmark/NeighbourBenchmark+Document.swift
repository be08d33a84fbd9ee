import HNFCore

/// The benchmark as a report document: where the LA stands (its rank and distance from the
/// neighbours' median, measure by measure), then each measure for every area, then the
/// placement mix and spend by line. Rendered by every format.
extension NeighbourBenchmark {
    /// One comparable figure of an area, with its label and how it is shown.
    struct Measure {
        var label: String
        var kind: ReportCell.Kind
        var value: (Figures) -> Double?
        var format: (Double) -> String
    }

    var measures: [Measure] {
        let spend = spendYear.map { " \(FinancialYear($0).label)" } ?? ""
        let balance = balanceYear.map { " \(FinancialYear($0).label)" } ?? ""
        let pounds = { (v: Double) in Text.thousands(Int(v.rounded())) }
        return [
            Measure(label: "EHC plans", kind: .count, value: \.plans, format: Text.count),
            Measure(label: "Per 1,000 aged 0-25", kind: .rate, value: \.perThousand, format: Self.oneDecimal),
            Measure(
                label: "Growth % a year \(growthFrom)-\(year % 100)", kind: .percent, value: \.growth,
                format: Self.signed),
            Measure(label: "Mainstream %", kind: .percent, value: { $0.shares[.mainstream] }, format: Self.oneDecimal),
            Measure(label: "Special %", kind: .percent, value: { $0.shares[.special] }, format: Self.oneDecimal),
            Measure(
                label: "Spend per head 2-18 £\(spend)", kind: .pounds, value: \.spendPerHeadTotal, format: pounds),
            Measure(
                label: "Balance % of DSG\(balance)", kind: .percent, value: \.balancePercent, format: Self.signed),
        ]
    }

    /// A difference from the median, signed, to the precision the measure is shown in.
    func difference(_ v: Double, _ m: Measure) -> String {
        let shown = m.format(abs(v))
        return (v < 0 && shown.contains { $0.isNumber && $0 != "0" } ? "-" : v > 0 ? "+" : "")
            + shown.drop { $0 == "+" || $0 == "-" }
    }

    /// The middle value (the mean of the two middle ones for an even count); nil for none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    static func oneDecimal(_ v: Double) -> String { Text.decimal1(v) }
    static func signed(_ v: Double) -> String { Text.decimal1(v, signed: true) }

    public var document: ReportDocument {
        ReportDocument(
            title: "\(la.area.name) beside its statistical neighbours, January \(year)",
            lead:
                "The DfE's ten statistical neighbours of \(la.area.name) (May 2025), its region and England. Figures are published ones; nothing here is modelled.",
            blocks: [.table(standing), .note(ReportNote(.info, standingNotes)), .table(areas), .table(mix)]
                + (spendYear == nil ? [] : [.table(spendByLine)]) + [.note(ReportNote(.info, sourceNotes))],
            attribution: Attribution.sen2)
    }

    var standing: ReportTable {
        var rows: [[ReportCell]] = [
            ["Measure", ReportCell(la.area.name), "Neighbours' median", "Difference", "Rank (1 = highest)"]
        ]
        for m in measures {
            let own = m.value(la), median = Self.median(neighbours.compactMap(m.value))
            rows.append([
                ReportCell(m.label), cell(own, m), cell(median, m),
                own.flatMap { o in median.map { o - $0 } }.map {
                    ReportCell(difference($0, m), m.kind == .percent ? .points : m.kind, value: $0)
                } ?? "",
                // A number where a sheet or CSV holds numbers, so it sorts; "3 of 11" where people read.
                rank(m).map { ReportCell("\($0) of \(field(m))", .count, value: Double($0)) } ?? "",
            ])
        }
        return ReportTable(id: "standing", title: "Where \(la.area.name) stands among its neighbours", rows)
    }

    /// The LA and its neighbours that have the figure: the field its rank is out of.
    func field(_ m: Measure) -> Int { 1 + neighbours.compactMap(m.value).count }

    /// 1 = the highest figure among the LA and its neighbours.
    func rank(_ m: Measure) -> Int? {
        guard let own = m.value(la) else { return nil }
        return 1 + neighbours.compactMap(m.value).filter { $0 > own }.count
    }

    var standingNotes: [String] {
        [
            "Rank 1 is the highest figure among \(la.area.name) and those of its \(neighbours.count) neighbours that have it; difference is \(la.area.name)'s figure less the neighbours' median, both unrounded (a median of totals, so lines need not add to it). Growth is a year, compound, over the five years to January \(year) or as many as SEN2 has."
        ]
    }

    func cell(_ value: Double?, _ m: Measure) -> ReportCell {
        value.map { ReportCell(m.format($0), m.kind, value: $0) } ?? "n/a"
    }

    var everyArea: [(name: String, figures: Figures)] {
        [(la.area.name, la)] + neighbours.map { ("\($0.area.name) (\($0.closeness ?? ""))", $0) }
            + (region.map { [("Region: \($0.area.name)", $0)] } ?? []) + [("England", england)]
    }

    var areas: ReportTable {
        let rows: [[ReportCell]] =
            [["Area"] + measures.map { ReportCell($0.label) }]
            + everyArea.map { name, f in [ReportCell(name)] + measures.map { cell($0.value(f), $0) } }
        return ReportTable(
            id: "areas",
            title: "\(la.area.name), its neighbours (nearest first, with the DfE's closeness), region and England",
            rows)
    }

    var mix: ReportTable {
        let groups = PlacementGroup.published
        let rows: [[ReportCell]] =
            [["Area"] + groups.map { ReportCell($0.label) }]
            + everyArea.map { name, f in
                [ReportCell(name)]
                    + groups.map { g in f.shares[g].map { ReportCell(Text.decimal1($0), .percent, value: $0) } ?? "n/a"
                    }
            }
        return ReportTable(
            id: "mix", title: "Placement mix, % of plans (DfE's published shares), January \(year)", rows)
    }

    var spendByLine: ReportTable {
        let columns: [(String, Figures?)] = [
            (la.area.name, la), ("Neighbours' median", nil), (region.map { $0.area.name } ?? "Region", region),
            ("England", england),
        ]
        func value(_ line: S251Line?, _ f: Figures) -> Double? {
            line.map { f.spendPerHead[$0] } ?? f.spendPerHeadTotal
        }
        let lines: [S251Line?] = S251Line.allCases + [nil]
        let rows: [[ReportCell]] =
            [["Section 251 line"] + columns.map { ReportCell($0.0) }]
            + lines.map { line in
                [ReportCell(line?.label ?? "All high needs lines")]
                    + columns.map { _, f in
                        let v = f.map { value(line, $0) } ?? Self.median(neighbours.compactMap { value(line, $0) })
                        return v.map { ReportCell(Text.thousands(Int($0.rounded())), .pounds, value: $0) } ?? "n/a"
                    }
            }
        return ReportTable(
            id: "spend",
            title:
                "High needs spend per head of the 2-18 population, £, Section 251 outturn \(FinancialYear(spendYear!).label)",
            rows)
    }

    var sourceNotes: [String] {
        [
            "Plans and placement mix: SEN2, January \(year) (the DfE's published percentages). Population: \(Districts.populationSource), summed over each LA's districts and over a region's or England's LAs.",
            "Spend: Section 251 high needs outturn lines over the 2-18 population, from the DfE's high needs benchmarking tool; balances: the DSG cumulative balance as a % of DSG income at 31 March, a region's and England's over their LAs.",
            "Neighbours: \(StatisticalNeighbours.source). n/a: the area's data does not have the figure (an LA created since, or a return without it).",
        ]
    }
}
