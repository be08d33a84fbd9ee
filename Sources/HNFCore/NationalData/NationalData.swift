import Foundation

/// The national SEN2 tables shipped under `Scenarios/national/` (derived from the DfE
/// release by `Scripts/update-national-data.py`).
///
/// Rows are keyed by (year, area); counts the DfE marks `x` (not available) are `nil`.
public struct NationalData: Sendable {
    /// One row of a SEN2 table: an area in a year, with named counts.
    public struct Row: Sendable {
        public var year: Int
        public var area: Area
        /// The breakdown value for tables split by age or placement (`all` for totals).
        public var breakdown: String
        /// The table's number columns, one object shared by all its rows.
        package let columns: NumberColumns
        /// `figures[i]` is the row's figure in `columns.names[i]`; NaN where the DfE
        /// suppresses it (no figure hnf reads is NaN: cells are plain digits). A slice,
        /// so the rows of a cached table share one buffer.
        package var figures: ArraySlice<Double>

        /// The figure in `column`; nil where it is suppressed or the table has no such column.
        public func value(_ column: String) -> Double? {
            guard let i = columns.index[column] else { return nil }
            let figure = figures[figures.startIndex + i]
            return figure.isNaN ? nil : figure
        }
    }

    /// A table's number columns by position, shared by its rows so that a row is one
    /// array of figures (a dictionary per row made reading the tables most of start-up).
    package final class NumberColumns: Sendable {
        package let names: [String]
        let index: [String: Int]

        init(_ names: [String]) {
            self.names = names
            index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public let directory: URL
    /// January caseload by placement, every area, 2019–2025.
    public let caseload: [Row]
    /// The other tables once read, shared by every copy of this value: a scenario that
    /// derives its stock read two of them again on every load (12% of an `hnf serve`
    /// what-if's fixed cost).
    private let tables = ReadTables()

    /// Opens the tables in `directory`. Throws a located `InvalidInput` when a file is
    /// missing or any of its checks fails (`NationalData+Reading.swift`).
    public init(directory: URL) throws {
        self.directory = directory
        caseload = try Self.read(Self.caseloadLayout, in: directory)
        try checkYears(of: caseload, Self.caseloadLayout)
    }

    /// The other shipped tables, read when asked for.
    public enum Table: String, Sendable {
        case caseloadByAge = "caseload-by-age.csv"
        case needs = "needs.csv"
        case newPlans = "new-plans.csv"
        case ceasedPlans = "ceased-plans.csv"
        case requests = "requests.csv"

    }

    /// One of the other tables: read and checked the first time it is asked for, kept after.
    public func table(_ table: Table) throws -> [Row] {
        if let kept = tables.rows(table) { return kept }
        let rows = try Self.read(table.layout, in: directory)
        try checkYears(of: rows, table.layout)
        tables.keep(table, rows)
        return rows
    }

    /// The tables a `NationalData` has read (a class, so copies share what one has read).
    final class ReadTables: @unchecked Sendable {
        private let lock = NSLock()
        private var read: [Table: [Row]] = [:]

        func rows(_ table: Table) -> [Row]? { lock.withLock { read[table] } }
        func keep(_ table: Table, _ rows: [Row]) { lock.withLock { read[table] = rows } }
    }

    // MARK: Areas

    /// The years the caseload table covers, ascending.
    public var years: [Int] { Array(Set(caseload.map(\.year))).sorted() }

    /// Every area that appears in `year` (or in any year when nil), in table order.
    public func areas(in year: Int? = nil) -> [Area] {
        latestFirst(in: year).reversed()
    }

    /// Areas by the latest year they appear in, latest first, so that a name used by an
    /// old and a new LA code (Dorset 835 and 838) finds the current one.
    private func latestFirst(in year: Int? = nil) -> [Area] {
        var seen = Set<String>()
        var result: [Area] = []
        for row in caseload.reversed()
        where (year == nil || row.year == year!) && seen.insert("\(row.area.level)|\(row.area.code)").inserted {
            result.append(row.area)
        }
        return result
    }

    /// Finds an area by LA code (`886`), LA or region name (any case), region code, or
    /// `England`. Ambiguity or no match is an error that lists what was meant.
    public func area(named query: String) throws -> Area {
        let q = query.trimmingCharacters(in: .whitespaces)
        let all = latestFirst()
        if q.lowercased() == "england" || q == Area.englandCode { return all.first { $0.level == .england }! }
        if let hit = all.first(where: { $0.level != .england && $0.code.lowercased() == q.lowercased() }) { return hit }
        let byName = all.filter { $0.name.lowercased() == q.lowercased() }
        if let hit = byName.first(where: { $0.level == .la }) ?? byName.first { return hit }
        let partial = all.filter { $0.name.lowercased().contains(q.lowercased()) }
        if partial.count == 1 { return partial[0] }
        throw NationalDataError.unknownArea(query, partial.map { "\($0.name) (\($0.code))" })
    }

    /// The caseload row of an area in a January.
    public func caseload(of area: Area, in year: Int) -> Row? {
        caseload.first { $0.year == year && $0.area.code == area.code && $0.area.level == area.level }
    }

    /// The region an LA belongs to (as an area), if any.
    public func region(of area: Area) -> Area? {
        guard area.level == .la else { return nil }
        return areas().first { $0.level == .region && $0.code == area.regionCode }
    }

    public var england: Area { areas().first { $0.level == .england }! }

    // MARK: Finding the files

    /// Where the national tables are: `$HNF_NATIONAL_DATA`, else `Scenarios/national`
    /// found by walking up from the working directory and from the executable (so the
    /// built tool works from any directory of a checkout).
    public static func locate(explicit: String? = nil) throws -> URL {
        let fm = FileManager.default
        if let path = explicit
            ?? ProcessInfo.processInfo.environment["HNF_NATIONAL_DATA"].flatMap({ $0.isEmpty ? nil : $0 })
        {
            let url = URL(fileURLWithPath: path)
            guard fm.fileExists(atPath: url.appendingPathComponent("caseload.csv").path) else {
                throw NationalDataError.notFound("no caseload.csv in \(path)")
            }
            return url
        }
        var starts = [URL(fileURLWithPath: fm.currentDirectoryPath)]
        if let executable = Bundle.main.executableURL { starts.append(executable.deletingLastPathComponent()) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for start in starts {
            var directory = start.standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("Scenarios/national")
                if fm.fileExists(atPath: candidate.appendingPathComponent("caseload.csv").path) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw NationalDataError.notFound(
            "Scenarios/national was not found above \(fm.currentDirectoryPath); set HNF_NATIONAL_DATA or pass --national-data"
        )
    }
}

public enum NationalDataError: Error, CustomStringConvertible {
    case notFound(String)
    case unreadable(String, String)
    case unknownArea(String, [String])
    case noData(String)

    public var description: String {
        switch self {
        case .notFound(let detail): return "national data not found: \(detail)"
        case .unreadable(let path, let detail): return "\(path): \(detail)"
        case .unknownArea(let query, let candidates):
            if candidates.isEmpty {
                return
                    "no LA, region or England matches \"\(query)\"; expected a 3-digit LA code (e.g. 886), an LA or region name, or England"
            }
            return
                "\"\(query)\" matches several areas: \(candidates.prefix(8).joined(separator: "; ")); expected one of them, by code or full name"
        case .noData(let detail): return detail
        }
    }
}

/// Ages as the SEN2 tables label them.
public enum SEN2Age {
    /// "10" → 10, "under3" → 2 (counted at 2), "20plus" → 20; nil for "all", "unknown"
    /// and placement labels.
    public static func parse(_ label: String) -> Int? {
        switch label {
        case "under3": return 2
        case "20plus": return 20
        default: return Int(label)
        }
    }
}
