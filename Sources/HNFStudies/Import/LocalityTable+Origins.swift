import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Where each line of the scenario `hnf localities import` writes came from, so that a
/// problem its validation finds is reported where the user can fix it: the CSV's row and
/// cell, or SCENARIO's own line. (Reported at the written scenario, which is never on disk
/// when it does not validate, a duplicate column became "line 17 of a file that does not
/// exist".)
extension LocalityTable {
    public enum Origin: Sendable, Equatable {
        /// A line of the scenario the CSV goes into, kept (or edited in place).
        case scenario(line: Int)
        /// Written from the CSV row on this line (line 1: from the CSV as a whole).
        case csv(line: Int)
    }

    public struct Written: Sendable {
        public var yaml: String
        /// The origin of each line of `yaml`, line 1 first.
        public var origins: [Origin]
    }

    /// `diagnostic` moved from the written scenario (`writtenFile`) to the CSV or to
    /// `scenario`; a problem elsewhere (an overlay, the national data) is left as it is.
    public func relocate(
        _ diagnostic: Diagnostic, written: Written, scenario: String, writtenFile: String
    )
        -> Diagnostic
    {
        guard let location = diagnostic.location, location.file == writtenFile,
            written.origins.indices.contains(location.line - 1)
        else { return diagnostic }
        var moved = diagnostic
        switch written.origins[location.line - 1] {
        case .scenario(let line):
            moved.location = SourceLocation(file: scenario, line: line, column: location.column)
        case .csv(let line):
            moved.location = cell(line: line, keyPath: diagnostic.keyPath)
        }
        moved.file = moved.location?.file
        return moved
    }

    /// The cell of the CSV row on `line` that `keyPath` (`localities.ID.population.by_phase.primary`)
    /// was written from; the row's first cell when the key names no column, the header for line 1.
    func cell(line: Int, keyPath: String) -> SourceLocation {
        guard let i = rowIndex(line: line) else {
            return csv.headerLocations.first ?? SourceLocation(file: file, line: 1, column: 1)
        }
        let fields = csv.rows[i].fields
        let column = Self.column(ofKeyPath: keyPath).flatMap { csv.header.firstIndex(of: $0) } ?? 0
        return fields[column].location
    }

    /// The row read from `line`, by binary search (rows are in line order).
    func rowIndex(line: Int) -> Int? {
        var low = 0, high = csv.rows.count
        while low < high {
            let mid = (low + high) / 2
            if csv.rows[mid].line < line { low = mid + 1 } else { high = mid }
        }
        return low < csv.rows.count && csv.rows[low].line == line ? low : nil
    }

    /// The CSV column a locality's key path is written from: `population.by_phase.primary`
    /// → `population_primary`, `population.by_age.7` → `population_age_7`,
    /// `sen_support.primary` → `sen_support_primary`, `plans_by_setting.x` → `plans_x`.
    static func column(ofKeyPath keyPath: String) -> String? {
        let parts = keyPath.split(separator: ".").map(String.init)
        guard parts.count >= 3, parts[0] == "localities" else { return nil }
        let rest = Array(parts.dropFirst(2))
        switch (rest.first, rest.count) {
        case ("population", 3...) where rest[1] == "by_phase": return phasePrefix + rest[2]
        case ("population", 3...) where rest[1] == "by_age": return agePrefix + rest[2]
        case ("sen_support", 2...): return supportPrefix + rest[1]
        case ("plans_by_setting", 2...): return plansPrefix + rest[1]
        case (let key?, _): return key
        default: return nil
        }
    }
}
