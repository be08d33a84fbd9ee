import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension FormulaFit {
    /// Reads a current allocation for `scenario`: a CSV with columns `locality` and `amount`
    /// (£), keyed by locality id. A locality is written as the scenario's id or name in any
    /// case (`Ashford`, `ASHFORD` and `ashford` are the same), as `explain --locality` and
    /// `--la` take them. Every problem is reported at once, at its line and column: first
    /// amounts that are not numbers of at least 0 and localities given twice; then
    /// localities the scenario does not have, amounts beyond £100bn, and every amount 0
    /// (with all at 0 any weights "fit").
    public static func readAllocation(_ path: String, for scenario: Scenario) throws -> [String: Double] {
        let table = try LocatedCSV(path: path, required: ["locality", "amount"])
        let amounts = try readAmounts(table, scenario)
        try checkAmounts(table, scenario)
        return amounts
    }

    /// Each row's amount by locality id (or the name as written, when it is no locality).
    private static func readAmounts(_ table: LocatedCSV, _ scenario: Scenario) throws -> [String: Double] {
        var out: [String: Double] = [:]
        var problems: [Diagnostic] = []
        for row in table.rows {
            let name = row.fields[table.column("locality")], amount = row.fields[table.column("amount")]
            // Plain digits: Double also read 0x10 (16), 1e3, .5 and +5.
            guard let value = PlainDecimal.number(amount.text), value >= 0 else {
                problems.append(
                    Diagnostic(
                        at: amount.location, keyPath: "amount", found: "\"\(amount.text)\"",
                        expected: "an amount in £, at least 0, in plain digits"));
                continue
            }
            let id = scenario.localityID(matching: name.text) ?? name.text
            if out[id] != nil {
                problems.append(
                    Diagnostic(
                        at: name.location, keyPath: "locality", found: "\(name.text) a second time",
                        expected: "one line per locality"))
            }
            out[id] = value
        }
        if !problems.isEmpty { throw InvalidInput(problems) }
        return out
    }

    /// Every row names a locality of the scenario, no amount is beyond £100bn, and at least
    /// one is above 0.
    private static func checkAmounts(_ table: LocatedCSV, _ scenario: Scenario) throws {
        let ids = scenario.localities.map(\.id)
        var problems: [Diagnostic] = [], total = 0.0
        for row in table.rows {
            let name = row.fields[table.column("locality")], amount = row.fields[table.column("amount")]
            if scenario.localityID(matching: name.text) == nil {
                problems.append(
                    Diagnostic(
                        at: name.location, keyPath: "locality",
                        found: "\"\(name.text)\", which is not a locality of the scenario",
                        expected: "one of \(ids.joined(separator: ", "))\(Validator.suggestion(name.text, ids))"))
            }
            if let value = PlainDecimal.number(amount.text) {
                if value > 1e11 {
                    problems.append(
                        Diagnostic(
                            at: amount.location, keyPath: "amount", found: amount.text,
                            expected: "an amount in £ of at most 100,000,000,000"))
                }
                total += max(0, value)
            }
        }
        if problems.isEmpty, !table.rows.isEmpty, total == 0 {
            problems.append(
                Diagnostic(
                    at: nil, file: table.file, keyPath: "amount", found: "every amount 0",
                    expected: "a current allocation with at least one amount above 0 (with none, any weights fit)"))
        }
        if !problems.isEmpty { throw InvalidInput(problems) }
    }
}
