import Foundation

extension NationalData {
    /// The sums a table's rows must make, checked on load. Rows are grouped by year and
    /// breakdown (an age, a placement), and in each group:
    ///
    /// - **SEN2 tables** (`Parts.regions`): England's figure in a total column (`plans`,
    ///   `new_plans`, …) is the sum of its regions' within rounding, and each region's the
    ///   sum of its LAs'. In the shipped release both hold exactly wherever no LA's figure
    ///   is suppressed, so a row lost, cut short, doubled or mistyped shows; where some LA
    ///   is suppressed the others fall short of their region (by up to 8% in the release,
    ///   small counts), so they may be up to 10% + 10 short, never over. An LA names a
    ///   region of its group, and a table with region rows has them in every group (a file
    ///   cut just after an England row leaves it alone). Only total columns are summed: a
    ///   placement or need column does not add up in the release itself (South East's
    ///   2025 SLD and SpLD plans are 656 apart from its LAs', the same 656 each way).
    /// - **Money tables** (`Parts.las`): England's row is the sum of its LAs' rows, to the
    ///   penny but for float rounding (within 50p: the update script writes the sum), in
    ///   every money column checked.
    ///
    /// A table of England and a few LAs without regions (a test's extract) can only be
    /// checked not to exceed England. The check is one pass over the rows (a few
    /// milliseconds for the largest table), so every command can afford it.
    struct Totals {
        let csv: NationalCSV
        let rows: [Row]
        let layout: Layout

        /// The rows of one year and breakdown, by level (indices into `rows`).
        struct Group {
            var first: Int
            var england: Int?
            var regions: [Int] = []
            var las: [Int] = []
        }

        func problems() -> [Diagnostic] {
            let groups = grouped()
            let hasRegions = rows.contains { $0.area.level == .region }
            let labels = Set(layout.labels)
            let columns = (layout.totals ?? csv.header.filter { !labels.contains($0) }).compactMap { name in
                csv.column(name).map { (name: name, index: $0) }
            }
            var problems: [Diagnostic] = []
            for group in groups {
                guard let england = group.england else {
                    problems.append(
                        problem(
                            group.first, nil, "rows with no England row", "England's row in every year and breakdown"))
                    continue
                }
                switch layout.parts {
                case .regions(let shortfall):
                    problems += sen2Problems(group, england, columns, hasRegions: hasRegions, shortfall: shortfall)
                case .las:
                    problems += moneyProblems(group, england, columns)
                }
            }
            return problems
        }

        /// The groups in the order their first rows appear.
        func grouped() -> [Group] {
            let keyColumns = ["year"] + layout.textColumns + [layout.breakdownColumn].compactMap { $0 }
            let indices = keyColumns.compactMap(csv.column)
            var groups: [Group] = []
            var index: [String: Int] = [:]
            for (i, row) in rows.enumerated() {
                let key = indices.map { csv.rows[i].fields[$0].text }.joined(separator: "\u{1F}")
                let g =
                    index[key]
                    ?? {
                        groups.append(Group(first: i))
                        index[key] = groups.count - 1
                        return groups.count - 1
                    }()
                switch row.area.level {
                case .england: groups[g].england = groups[g].england ?? i
                case .region: groups[g].regions.append(i)
                case .la: groups[g].las.append(i)
                }
            }
            return groups
        }

        func sen2Problems(
            _ group: Group, _ england: Int, _ columns: [(name: String, index: Int)], hasRegions: Bool,
            shortfall: Double
        ) -> [Diagnostic] {
            guard !group.regions.isEmpty else {
                if hasRegions {
                    return [
                        problem(
                            england, nil, "England's row for \(label(england)) with no region's row after it",
                            "England's row, then its regions' and their LAs' (is the file cut short?)")
                    ]
                }
                return columns.compactMap { column in
                    sumProblem(england, group.las, column, parts: "LAs'", short: .infinity)
                }
            }
            var problems: [Diagnostic] = []
            let regionCodes = Set(group.regions.map { rows[$0].area.code })
            let byRegion = Dictionary(grouping: group.las) { rows[$0].area.regionCode }
            for column in columns {
                problems += [sumProblem(england, group.regions, column, parts: "regions'", short: 0)].compactMap { $0 }
                for region in group.regions {
                    let las = byRegion[rows[region].area.code] ?? []
                    if let p = sumProblem(region, las, column, parts: "LAs'", short: shortfall) { problems.append(p) }
                }
            }
            for la in group.las where !regionCodes.contains(rows[la].area.regionCode) {
                problems.append(
                    problem(
                        la, csv.column("region_code"),
                        "\"\(rows[la].area.regionCode)\", which no region's row for \(label(la)) has",
                        "the code of one of the regions (\(regionCodes.sorted().joined(separator: ", ")))"))
            }
            return problems
        }

        func moneyProblems(_ group: Group, _ england: Int, _ columns: [(name: String, index: Int)]) -> [Diagnostic] {
            guard !group.las.isEmpty else {
                return [
                    problem(
                        england, nil, "England's row for \(label(england)) with no LA's row",
                        "England's row and its LAs'")
                ]
            }
            var problems: [Diagnostic] = []
            for column in columns {
                guard let whole = rows[england].value(column.name) else { continue }
                let sum = group.las.reduce(0.0) { $0 + (rows[$1].value(column.name) ?? 0) }
                if abs(sum - whole) > 0.5 {
                    problems.append(
                        problem(
                            england, column.index,
                            "England's \(Self.figure(whole)) for \(label(england)) against \(Self.figure(sum)), the sum of its \(group.las.count) LAs' rows",
                            "England's figure to be the sum of its LAs' (within 50p)"))
                }
            }
            return problems
        }

        /// Whether the counts of `parts` add up to `whole`'s in `column`: never more than it,
        /// and no more than `short` of it less when none is suppressed (rounding aside).
        func sumProblem(
            _ whole: Int, _ parts: [Int], _ column: (name: String, index: Int), parts kind: String, short: Double
        )
            -> Diagnostic?
        {
            guard let total = rows[whole].value(column.name) else { return nil }
            var sum = 0.0, suppressed = 0
            for i in parts {
                if let v = rows[i].value(column.name) { sum += v } else { suppressed += 1 }
            }
            let allowed = suppressed == 0 ? max(0.5, short * total) : 0.1 * total + 10
            guard sum > total + 0.5 || sum < total - allowed else { return nil }
            let name = rows[whole].area.name
            let note = suppressed > 0 ? ", \(suppressed) of them suppressed" : ""
            let expected: String
            if short.isInfinite {
                expected = "its \(kind) rows adding up to no more than \(name)'s figure"
            } else if suppressed > 0 {
                expected =
                    "its \(kind) rows adding up to \(name)'s figure, or at most 10% + 10 less where some are suppressed"
            } else {
                let slack = short > 0 ? ", or up to \(Int((short * 100).rounded()))% less" : ""
                expected = "\(name)'s figure to be the sum of its \(kind) rows (within rounding\(slack))"
            }
            return problem(
                whole, column.index,
                "\(name)'s \(Self.figure(total)) for \(label(whole)) against \(Self.figure(sum)), the sum of its \(parts.count) \(kind) rows\(note)",
                expected)
        }

        func label(_ i: Int) -> String { NationalData.label(csv.rows[i], csv, layout) }

        func problem(_ i: Int, _ column: Int?, _ found: String, _ expected: String) -> Diagnostic {
            let row = csv.rows[i]
            return Diagnostic(
                at: SourceLocation(file: csv.path, line: row.line, column: column.map { row.fields[$0].column } ?? 1),
                keyPath: column.map { csv.header[$0] } ?? "", found: found, expected: expected)
        }

        /// 473255 → "473,255"; 44867520326.84 → "44,867,520,326.84".
        static func figure(_ value: Double) -> String {
            let whole = Text.thousands(Int(value.rounded(.towardZero)))
            let pence = Int((abs(value) * 100).rounded()) % 100
            let sign = value < 0 && whole == "0" ? "-" : ""
            return pence == 0 && value == value.rounded() ? whole : sign + whole + String(format: ".%02d", pence)
        }
    }
}
