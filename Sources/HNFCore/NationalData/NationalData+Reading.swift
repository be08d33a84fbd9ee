import Foundation

/// Reading a shipped table into rows, every cell checked: the shape by `NationalCSV`,
/// the labels and numbers here, the sums by `NationalData+Totals.swift`. Any problem
/// refuses the table (an `InvalidInput`, exit status 2), each at its line and column.
extension NationalData {
    /// The table's rows, from the cache when it holds this very file
    /// (`NationalData+Cache.swift`), else read and checked here.
    static func read(_ layout: Layout, in directory: URL) throws(InvalidInput) -> [Row] {
        try TableCache.rows(layout, source: directory.appendingPathComponent(layout.file)) {
            () throws(InvalidInput) in try readLocated(layout, in: directory).rows
        }
    }

    /// The rows with the file they came from, `rows[i]` from `csv.rows[i]`, for checks of
    /// a table's own (`HighNeedsFinance+Checks.swift`).
    package static func readLocated(
        _ layout: Layout, in directory: URL
    ) throws(InvalidInput) -> (
        rows: [Row], csv: NationalCSV
    ) {
        let csv = try NationalCSV(
            directory.appendingPathComponent(layout.file), required: layout.labels + layout.columns)
        var reader = RowReader(csv, layout)
        var rows: [Row] = []
        rows.reserveCapacity(csv.rows.count)
        for row in csv.rows { if let read = reader.read(row) { rows.append(read) } }
        guard reader.problems.isEmpty else { throw InvalidInput(reader.problems) }
        let problems = Totals(csv: csv, rows: rows, layout: layout).problems()
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return (rows, csv)
    }

    /// A table's years run without a gap and end where caseload.csv's latest January says
    /// they must (`Layout.latestYear`); caseload.csv's own years run without a gap.
    func checkYears(of rows: [Row], _ layout: Layout) throws(InvalidInput) {
        let path = directory.appendingPathComponent(layout.file).path
        let years = Set(rows.map(\.year)).sorted()
        guard let first = years.first, let last = years.last else { return }
        var problems: [Diagnostic] = []
        if years.count != last - first + 1 {
            let gaps = (first...last).filter { !years.contains($0) }.map(String.init).joined(separator: ", ")
            problems.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "year", found: "no rows for \(gaps)",
                    expected: "every year from \(first) to \(last)"))
        }
        if let offset = layout.latestYear, let latest = self.years.last, last != latest + offset {
            problems.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "year", found: "rows up to \(last)",
                    expected:
                        "rows up to \(latest + offset), as caseload.csv's latest January \(latest) says (the tables are one release: is this one cut short?)"
                ))
        }
        if !problems.isEmpty { throw InvalidInput(problems) }
    }

    /// A row's year and breakdown, as a message names them: "2024, age 10".
    static func label(_ row: NationalCSV.Row, _ csv: NationalCSV, _ layout: Layout) -> String {
        let year = csv.column("year").map { row.fields[$0].text } ?? ""
        let parts = (layout.textColumns + [layout.breakdownColumn].compactMap { $0 }).compactMap { name in
            csv.column(name).map { "\(name) \(row.fields[$0].text)" }
        }
        return ([year] + parts).joined(separator: ", ")
    }

    /// Turns checked fields into rows; what cannot be read is a problem at its cell.
    struct RowReader {
        let csv: NationalCSV
        let layout: Layout
        let year: Int, level: Int, code: Int, name: Int, region: Int, breakdown: Int?
        /// Every column that is not a label holds numbers (or is empty where the DfE suppresses).
        let numbers: [Int]
        let columns: NumberColumns
        var problems: [Diagnostic] = []
        /// Each row's key (year, area and breakdown), with the line it was first on.
        var seen: [Key: Int] = [:]

        struct Key: Hashable {
            var year: String, level: Area.Level, code: String, breakdowns: [String]
        }

        init(_ csv: NationalCSV, _ layout: Layout) {
            self.csv = csv
            self.layout = layout
            // NationalCSV checked these columns are present.
            year = csv.column("year")!
            level = csv.column("level")!
            code = csv.column("code")!
            name = csv.column("name")!
            region = csv.column("region_code")!
            breakdown = layout.breakdownColumn.flatMap(csv.column)
            let labels = Set(layout.labels.compactMap(csv.column))
            numbers = csv.header.indices.filter { !labels.contains($0) }
            columns = NumberColumns(numbers.map { csv.header[$0] })
        }

        mutating func refuse(_ row: NationalCSV.Row, _ column: Int, _ found: String, _ expected: String) {
            problems.append(
                Diagnostic(at: csv.location(row, column), keyPath: csv.header[column], found: found, expected: expected)
            )
        }

        mutating func read(_ row: NationalCSV.Row) -> Row? {
            let fields = row.fields
            let yearValue = PlainDecimal.integer(fields[year].text).flatMap { (2000...2100).contains($0) ? $0 : nil }
            if yearValue == nil { refuse(row, year, "\"\(fields[year].text)\"", "a year from 2000 to 2100") }
            let levelValue = Area.Level(rawValue: fields[level].text)
            if levelValue == nil { refuse(row, level, "\"\(fields[level].text)\"", "england, region or la") }
            checkNames(row, levelValue)
            let figures = cells(row)
            guard let yearValue, let levelValue else { return nil }
            let area = Area(
                level: levelValue, code: fields[code].text, name: fields[name].text, regionCode: fields[region].text)
            checkUnique(row, area: area)
            return Row(
                year: yearValue, area: area, breakdown: breakdown.map { fields[$0].text } ?? "all", columns: columns,
                figures: figures[...])
        }

        /// A code and a name on every row; England's code is England's.
        mutating func checkNames(_ row: NationalCSV.Row, _ level: Area.Level?) {
            let fields = row.fields
            if level == .england, fields[code].text != Area.englandCode {
                refuse(row, code, "\"\(fields[code].text)\" for England", Area.englandCode)
            } else if fields[code].text.isEmpty {
                refuse(row, code, "an empty code", "the area's code (an ONS code, or an LA's 3-digit number)")
            }
            if fields[name].text.isEmpty { refuse(row, name, "an empty name", "the area's name") }
        }

        /// The row's numbers in `columns` order, NaN where a cell is left empty (suppressed).
        mutating func cells(_ row: NationalCSV.Row) -> [Double] {
            var figures = [Double](repeating: .nan, count: numbers.count)
            for (position, i) in numbers.enumerated() {
                let text = row.fields[i].text
                if text.isEmpty {
                    continue
                } else if let value = PlainDecimal.number(text), !(layout.nonNegative && value < 0) {
                    figures[position] = value
                } else {
                    refuse(
                        row, i, "\"\(text)\"",
                        "\(layout.nonNegative ? "a count or percentage of at least 0" : "a number") in plain digits "
                            + "(e.g. 1234 or 12.5), or an empty cell where the figure is not available")
                }
            }
            return figures
        }

        /// One row per area, year and breakdown: a second would be added into every sum.
        mutating func checkUnique(_ row: NationalCSV.Row, area: Area) {
            let breakdowns = (layout.textColumns.compactMap(csv.column) + [breakdown].compactMap { $0 }).map {
                row.fields[$0].text
            }
            let key = Key(year: row.fields[year].text, level: area.level, code: area.code, breakdowns: breakdowns)
            if let first = seen[key] {
                refuse(
                    row, code,
                    "a second row for \(area.name) (\(area.code)), \(NationalData.label(row, csv, layout)) (first on line \(first))",
                    "one row per area, year and breakdown")
            } else {
                seen[key] = row.line
            }
        }
    }
}
