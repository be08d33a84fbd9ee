import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The page's locality section beyond the allocations chart: who gains and who loses
/// against the baseline, why (each locality budget's factor shares and the sentence `hnf
/// run` prints), and what sets the localities apart (`Scenario.localitySplitNote`).
extension ForumReport {
    func localitySection() -> String {
        var out = localityChart()
        // The overlays given with the scenario, then each --compare set, against the scenario without them.
        var sets: [(id: String, name: String?, change: BaselineComparison)] = []
        if let c = run.againstBaseline { sets.append(("gains", nil, c)) }
        for (i, w) in whatIfs.enumerated() { sets.append(("gains-\(i + 1)", w.name, w.change)) }
        for set in sets where !set.change.localities.isEmpty {
            out += gainsChart(set.change, id: set.id, name: set.name)
            let changes = run.relativeChanges(set.change)
            for formula in set.change.formulas {
                let rows = run.formulaRows(formula)
                let title = (set.name.map { "\($0): " } ?? "") + run.formulaTitle(formula, named: run.meta.name(of:))
                out += HTML.table(title, header: rows[0], rows: Array(rows.dropFirst()))
                if let why = formula.why(changes: changes, named: run.meta.name(of:)) {
                    out += "<p class=\"why\">\(HTML.escape(why))</p>"
                }
            }
        }
        if let note = run.meta.localitySplitNote { out += "<p class=\"note\">\(HTML.escape(note))</p>" }
        return out
    }

    /// Change in all each locality receives against the baseline, last financial year;
    /// `name` is a --compare set's.
    func gainsChart(_ c: BaselineComparison, id: String, name: String?) -> String {
        let label = run.money.last!.label
        let svg = SVGChart(format: { Self.pounds($0, signed: true) }).horizontalBars(
            "Change against the baseline, \(label)", categories: c.localities.map(\.name),
            values: c.localities.map(\.change.p50), whiskers: c.localities.map { ($0.change.p5, $0.change.p95) })
        let rows = c.localities.map { l in
            [
                l.name, Self.pounds(l.baseline.p50), Self.pounds(l.change.p50, signed: true),
                "\(Self.pounds(l.change.p5, signed: true)) to \(Self.pounds(l.change.p95, signed: true))",
                l.baseline.p50 != 0 ? Self.percentChange(l.change.p50 / l.baseline.p50 * 100) : "-",
            ]
        }
        return figure(
            id,
            caption: (name.map { "\($0): who" } ?? "Who")
                + " gains and who loses in \(label): change in all each locality receives (spend on its plans and formula funding) against the baseline, median and 90% interval",
            svg: svg,
            table: HTML.table(
                "£m", header: ["Locality", "Baseline", "Change", "90% interval", "Change %"], rows: rows))
    }

    /// "−4.2%", with a true minus sign so that it is not wrapped away from its number.
    static func percentChange(_ v: Double) -> String {
        (v < -0.05 ? "−" : (v > 0.05 ? "+" : "")) + Text.decimal1(abs(v)) + "%"
    }
}
