import Foundation

/// What the money tables must satisfy row by row, beyond the sums every table gets
/// (`NationalData+Totals.swift`): identities the update script writes, so a cell changed
/// by hand or cut short breaks them.
extension HighNeedsFinance {
    /// In `dsg-balances.csv`, the high needs block after deductions is the block before
    /// them less the directly funded places (to the pound: the ESFA tables give all three),
    /// and the cumulative balance is its percentage of total DSG (to the penny: the script
    /// derives the pounds from the published percentage).
    static func checkBalances(_ rows: [NationalData.Row], _ csv: NationalCSV) throws(InvalidInput) {
        var problems: [Diagnostic] = []
        func refuse(_ i: Int, _ column: String, _ found: String, _ expected: String) {
            let row = csv.rows[i]
            problems.append(
                Diagnostic(
                    at: csv.column(column).map { csv.location(row, $0) }, file: csv.path, keyPath: column,
                    found: found, expected: expected))
        }
        for (i, row) in rows.enumerated() {
            let name = "\(row.area.name) \(FinancialYear(row.year))"
            if let before = row.value("hnb_before_deductions"), let places = row.value("hnb_direct_funded_places"),
                let after = row.value("hnb_after_deductions"), abs(before - places - after) > 1
            {
                refuse(
                    i, "hnb_after_deductions", "\(pence(after)) for \(name)",
                    "the block before deductions less the directly funded places, \(pence(before - places))")
            }
            if let pc = row.value("cumulative_balance_pc"), let total = row.value("total_dsg"),
                let balance = row.value("cumulative_balance"), abs(pc / 100 * total - balance) > 0.01
            {
                refuse(
                    i, "cumulative_balance", "\(pence(balance)) for \(name)",
                    "cumulative_balance_pc of total_dsg, \(pence(pc / 100 * total)) (within a penny)")
            }
        }
        if !problems.isEmpty { throw InvalidInput(problems) }
    }

    /// -97580752.71 → "-£97,580,752.71".
    static func pence(_ value: Double) -> String {
        (value < 0 ? "-£" : "£") + NationalData.Totals.figure(abs(value))
    }
}
