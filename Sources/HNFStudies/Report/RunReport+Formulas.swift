import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Why localities gain or lose under a locality budget (`BaselineComparison.LocalityFormula`),
/// in the table, Markdown, JSON and workbook outputs alike.
extension RunReport {
    /// Each locality's change as a share of what it receives in the baseline (p50s).
    func relativeChanges(_ c: BaselineComparison) -> [String: Double] {
        Dictionary(
            uniqueKeysWithValues: c.localities.filter { $0.baseline.p50 != 0 }.map {
                ($0.id, $0.change.p50 / $0.baseline.p50)
            })
    }

    func formulaTitle(_ f: BaselineComparison.LocalityFormula, named: (String) -> String = { $0 }) -> String {
        "Why localities gain or lose, \(money.last!.label): shares of \(named(f.block))'s factors and pot, % (mean of draws)"
    }

    func formulaRows(_ f: BaselineComparison.LocalityFormula) -> [[String]] {
        typealias F = BaselineComparison.LocalityFormula
        let replaced = f.rows.contains { $0.replacedShare != nil }
        var header = ["Locality"] + f.factors.map { "\(F.factorName($0.name)) (\(F.wholePercent($0.weight)))" }
        header += ["formula", "pot received"] + (replaced ? ["baseline \(f.replaces.joined(separator: ", "))"] : [])
        var rows = [header]
        for r in f.rows {
            var row = [r.name] + r.factorShares.map { Text.decimal1($0 * 100) }
            row += [Text.decimal1(r.formulaShare * 100), Text.decimal1(r.potShare * 100)]
            if replaced { row.append(Text.decimal1(r.replacedShare.map { $0 * 100 })) }
            rows.append(row)
        }
        return rows
    }

    func formulaJSON(_ f: BaselineComparison.LocalityFormula, changes: [String: Double]) -> [String: Any] {
        var out: [String: Any] = [
            "block": f.block, "factors": f.factors.map { ["name": $0.name, "weight": $0.weight] },
            "replaces": f.replaces,
            "localities": f.rows.map { r -> [String: Any] in
                var o: [String: Any] = [
                    "id": r.id, "formula_share": r.formulaShare, "pot_share": r.potShare,
                    "factor_shares": Dictionary(uniqueKeysWithValues: zip(f.factors.map(\.name), r.factorShares)),
                ]
                if let replaced = r.replacedShare { o["baseline_replaced_share"] = replaced }
                return o
            },
        ]
        if let why = f.why(changes: changes) { out["why"] = why }
        return out
    }

    /// The workbook's "why" tables, under who gains and who loses; the row after them.
    func addFormulas(_ sheet: Sheet, _ c: BaselineComparison, at row: Int) -> Int {
        var next = row
        let changes = relativeChanges(c)
        for f in c.formulas {
            let header = formulaRows(f)[0]
            let lines = f.rows.map { r in
                SheetRow(
                    r.name, r.factorShares + [r.formulaShare, r.potShare] + (r.replacedShare.map { [$0] } ?? []),
                    .percent)
            }
            next = sheet.table(at: next, title: formulaTitle(f), header: header, rows: lines)
            if let why = f.why(changes: changes) {
                sheet.write(next, 0, why, .wrapped)
                next += 2
            }
        }
        return next
    }
}
