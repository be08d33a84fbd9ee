import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Reading witan.send's four CSV files, one step each, every problem collected with its
/// line and column (`WitanSendInputs.init` runs the steps in order).
extension WitanSendInputs {
    /// The problems found so far, and how a field is read and reported.
    struct Reader {
        var problems: [Diagnostic] = []

        static let yearMeaning = "a national curriculum year; hnf tracks ages 0-25, years -4 to 21"

        mutating func report(_ field: LocatedCSV.Field, _ column: String, _ found: String, _ expected: String) {
            problems.append(Diagnostic(at: field.location, keyPath: column, found: found, expected: expected))
        }

        /// Decimal digits, as witan.send writes them, with an exponent allowed where R or
        /// Clojure write one for a large count (`1e+05`); never `0x10`, `inf` or `+5`.
        static let numberForm = PlainDecimal.Form(exponent: true)

        mutating func integer(
            _ row: LocatedCSV.Row, _ table: LocatedCSV, _ column: String, in range: ClosedRange<Int>? = nil,
            _ meaning: String
        ) -> Int? {
            let field = row.fields[table.column(column)]
            guard let value = PlainDecimal.integer(field.text) else {
                report(field, column, "\"\(field.text)\"", "a whole number (\(meaning))"); return nil
            }
            if let range, !range.contains(value) {
                report(field, column, "\(value)", "\(meaning) from \(range.lowerBound) to \(range.upperBound)");
                return nil
            }
            return value
        }

        /// A number from 0 to `largest`: the bound the scenario written from it holds the
        /// value to, checked here so that a value over it is refused at its cell rather than
        /// at a line of the scenario, which is never written.
        mutating func number(
            _ row: LocatedCSV.Row, _ table: LocatedCSV, _ column: String, _ meaning: String, largest: Double
        ) -> Double? {
            let field = row.fields[table.column(column)]
            guard let value = PlainDecimal.number(field.text, Self.numberForm), value.isFinite, value >= 0,
                value <= largest
            else {
                report(
                    field, column, "\"\(field.text)\"",
                    "a number of at least 0 and at most \(Text.thousands(Int(largest))) (\(meaning)), in decimal digits"
                );
                return nil
            }
            return value
        }
    }

    /// `valid-states.csv`: one setting a line, with its years, needs and move targets.
    static func readValidStates(_ table: LocatedCSV, _ reader: inout Reader) -> [ValidState] {
        var states: [ValidState] = []
        for row in table.rows {
            let setting = row.fields[table.column("setting")]
            if setting.text.isEmpty || setting.text == Self.nonSEND || !Validator.isIdentifier(setting.text) {
                reader.report(
                    setting, "setting", "\"\(setting.text)\"",
                    "a setting code of letters, digits, _ and -, starting with a letter (not NONSEND)");
                continue
            }
            if states.contains(where: { $0.setting == setting.text }) {
                reader.report(setting, "setting", "\"\(setting.text)\" a second time", "each setting on one line");
                continue
            }
            guard let lo = reader.integer(row, table, "min-academic-year", in: Self.yearRange, Reader.yearMeaning),
                let hi = reader.integer(row, table, "max-academic-year", in: Self.yearRange, Reader.yearMeaning)
            else { continue }
            if lo > hi {
                reader.report(
                    row.fields[table.column("max-academic-year")], "max-academic-year",
                    "\(hi), below the minimum \(lo)", "max ≥ min");
                continue
            }
            let needs = Self.list(row.fields[table.column("needs")].text)
            // Need codes become keys of the scenario (`needs`, `bands`): refused here, where they are written.
            if let bad = needs.first(where: { !Validator.isIdentifier($0) || $0 == Self.nonSEND }) {
                reader.report(
                    row.fields[table.column("needs")], "needs", "the need \"\(bad)\"",
                    "need codes of letters, digits, _ and -, starting with a letter, e.g. \"T,U,V\" (not NONSEND)")
                continue
            }
            if needs.isEmpty {
                reader.report(
                    row.fields[table.column("needs")], "needs", "no needs",
                    "the needs the setting takes, e.g. \"T,U,V\"");
                continue
            }
            states.append(
                ValidState(
                    setting: setting.text, group: row.fields[table.column("setting-group")].text, years: lo...hi,
                    needs: needs, movesTo: Self.list(row.fields[table.column("setting->setting")].text)))
        }
        // Every name in the setting column counts as declared, even on a line with other
        // problems, so that one bad line does not make every reference to it an error too.
        let known = Set(table.rows.map { $0.fields[table.column("setting")].text })
        for row in table.rows {
            let field = row.fields[table.column("setting->setting")]
            for target in Self.list(field.text) where !known.contains(target) {
                reader.report(
                    field, "setting->setting", "\"\(target)\", which is not a setting of this file",
                    "settings listed in the setting column (\(known.sorted().joined(separator: ", ")))")
            }
        }
        if reader.problems.isEmpty && states.isEmpty {
            reader.problems.append(
                Diagnostic(
                    at: nil, file: table.file, keyPath: "", found: "no settings",
                    expected: "one line per setting witan.send may place a child in"))
        }
        return states
    }

    /// `transitions.csv`: one child's year a line, checked against the declared settings and needs.
    static func readTransitions(
        _ table: LocatedCSV, settings known: Set<String>, needs allNeeds: Set<String>, _ reader: inout Reader
    ) -> [Transition] {
        var transitions: [Transition] = []
        transitions.reserveCapacity(table.rows.count)
        for row in table.rows {
            func text(_ column: String) -> LocatedCSV.Field { row.fields[table.column(column)] }
            guard let cy = reader.integer(row, table, "calendar-year", in: 1990...2100, "a calendar year"),
                let y1 = reader.integer(row, table, "academic-year-1", in: Self.yearRange, Reader.yearMeaning),
                let y2 = reader.integer(row, table, "academic-year-2", in: Self.yearRange, Reader.yearMeaning)
            else { continue }
            if y2 != y1 + 1 {
                reader.report(
                    text("academic-year-2"), "academic-year-2", "\(y2) after \(y1)",
                    "the next year, \(y1 + 1): a row is one child's year");
                continue
            }
            guard checkStates(text, settings: known, needs: allNeeds, &reader) else { continue }
            transitions.append(
                Transition(
                    calendarYear: cy, setting1: text("setting-1").text, need1: text("need-1").text, year1: y1,
                    setting2: text("setting-2").text, need2: text("need-2").text, year2: y2))
        }
        if reader.problems.isEmpty && transitions.isEmpty {
            reader.problems.append(
                Diagnostic(
                    at: nil, file: table.file, keyPath: "", found: "no transitions",
                    expected: "at least one year of children's transitions"))
        }
        return transitions
    }

    /// Both sides of a transition name a declared setting and need, or NONSEND in both
    /// columns, and not both sides NONSEND. False (with the problems reported) otherwise.
    private static func checkStates(
        _ text: (String) -> LocatedCSV.Field, settings known: Set<String>, needs allNeeds: Set<String>,
        _ reader: inout Reader
    ) -> Bool {
        var ok = true
        for side in ["1", "2"] {
            let setting = text("setting-\(side)"), need = text("need-\(side)")
            if (setting.text == Self.nonSEND) != (need.text == Self.nonSEND) {
                reader.report(
                    need, "need-\(side)", "\"\(need.text)\" with setting \"\(setting.text)\"",
                    "NONSEND in both setting-\(side) and need-\(side), or in neither");
                ok = false
            } else if setting.text != Self.nonSEND {
                if !known.contains(setting.text) {
                    reader.report(
                        setting, "setting-\(side)", "\"\(setting.text)\", which valid-states.csv does not declare",
                        "one of \(known.sorted().joined(separator: ", ")) or NONSEND\(Validator.suggestion(setting.text, Array(known)))"
                    ); ok = false
                }
                if !allNeeds.contains(need.text) {
                    reader.report(
                        need, "need-\(side)", "\"\(need.text)\", which no setting of valid-states.csv takes",
                        "one of \(allNeeds.sorted().joined(separator: ", ")) or NONSEND");
                    ok = false
                }
            }
        }
        if text("setting-1").text == Self.nonSEND && text("setting-2").text == Self.nonSEND {
            reader.report(
                text("setting-2"), "setting-2", "NONSEND on both sides", "a child with a plan on at least one side");
            ok = false
        }
        return ok
    }

    /// `population.csv`: children by calendar year and academic year, each pair once.
    static func readPopulation(_ table: LocatedCSV, _ reader: inout Reader) -> [Int: [Int: Double]] {
        var population: [Int: [Int: Double]] = [:]
        for row in table.rows {
            guard let cy = reader.integer(row, table, "calendar-year", in: 1990...2100, "a calendar year"),
                let year = reader.integer(row, table, "academic-year", in: -10...30, "a national curriculum year"),
                let count = reader.number(row, table, "population", "children", largest: ScenarioSchema.largestCount)
            else { continue }
            if population[cy]?[year] != nil {
                reader.report(
                    row.fields[0], "calendar-year", "\(cy), year \(year) a second time",
                    "one line per calendar year and academic year");
                continue
            }
            population[cy, default: [:]][year] = count
        }
        if table.rows.isEmpty {
            reader.problems.append(
                Diagnostic(
                    at: nil, file: table.file, keyPath: "", found: "a header and no rows",
                    expected: "the population by calendar year and academic year"))
        }
        return population
    }

    /// `costs.csv`: a yearly cost for each need and setting, each pair once.
    static func readCosts(
        _ table: LocatedCSV, settings known: Set<String>, needs allNeeds: Set<String>, _ reader: inout Reader
    ) -> [String: [String: Double]] {
        var costs: [String: [String: Double]] = [:]
        for row in table.rows {
            let need = row.fields[table.column("need")], setting = row.fields[table.column("setting")]
            guard let cost = reader.number(row, table, "cost", "£ a year", largest: ScenarioSchema.largestMoney) else {
                continue
            }
            if !known.contains(setting.text) {
                reader.report(
                    setting, "setting", "\"\(setting.text)\", which valid-states.csv does not declare",
                    "one of \(known.sorted().joined(separator: ", "))");
                continue
            }
            if !allNeeds.contains(need.text) {
                reader.report(
                    need, "need", "\"\(need.text)\", which no setting takes",
                    "one of \(allNeeds.sorted().joined(separator: ", "))");
                continue
            }
            if costs[need.text]?[setting.text] != nil {
                reader.report(
                    need, "need", "\(need.text) in \(setting.text) a second time", "one cost per need and setting");
                continue
            }
            costs[need.text, default: [:]][setting.text] = cost
        }
        if table.rows.isEmpty {
            reader.problems.append(
                Diagnostic(
                    at: nil, file: table.file, keyPath: "", found: "a header and no rows (every cost would be £0)",
                    expected: "a cost for each need and setting"))
        }
        return costs
    }
}
