import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The results half of `hnf serve`'s page: the warnings `hnf run` gives for the same run,
/// in words a headteacher reads; the summary; who gains and who loses in stated bands;
/// then the printed report's charts and tables. Served into the page after every change of
/// a lever, so it is the same rendering as `hnf report`, not a second copy of it.
extension ForumReport {
    public func liveHTML(locality money: Explanation? = nil) -> String {
        let chosen = money.map { m in
            section(
                "locality-money",
                "\(m.locality.name): what it receives in \(FinancialYear(m.year).label), line by line",
                m.html())
        }
        return warnings() + change() + summary() + gainsBands() + (chosen ?? "") + resultSections()
    }

    /// The answer to "what does the change do?": against the baseline (same draws and
    /// seed), the balance and plans in the last year, and how much of the money is the
    /// rules themselves (mechanical) and how much the behaviour they assume.
    func change() -> String {
        guard let c = run.againstBaseline, let y = c.years.last, let money = run.money.last else { return "" }
        let balance = y.cumulativeBalance, plans = y.plans
        var items = [
            "By the end of \(money.label) the cumulative balance is \(HTML.figure("change-balance", balance.p50, Self.betterOrWorse(balance.p50))) than the baseline's "
                + "(90% interval: \(Self.betterOrWorse(balance.p5)) to \(Self.betterOrWorse(balance.p95))).",
            "In January \(y.year) \(HTML.figure("change-plans", plans.p50, Self.count(abs(plans.p50)))) \(plans.p50 < 0 ? "fewer" : "more") children have plans than in the baseline "
                + "(90% interval \(Self.count(plans.p5, signed: true)) to \(Self.count(plans.p95, signed: true))).",
        ]
        if let toward = towardEngland(y) { items.append(toward) }
        if abs(y.behaviouralBalance.mean) >= 50_000 {
            // Means, which add up draw by draw; the medians of the two parts need not add
            // up to the median of the change.
            let total = y.mechanicalBalance.mean + y.behaviouralBalance.mean
            items.append(
                "On average over the draws it is \(Self.betterOrWorse(total)): the rules themselves, with the same children, make it \(Self.betterOrWorse(y.mechanicalBalance.mean)), and the behaviour the what-if assumes (its responses) \(Self.betterOrWorse(y.behaviouralBalance.mean)). These are means, which add up; the median above is the middle draw and can differ from them."
            )
        }
        return section(
            "change", "What the change does, against the baseline",
            "<ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul>")
    }

    /// "Does it move us toward the national mix?", answered in words: whether the what-if's
    /// mainstream share in the last January is nearer England's than the baseline's is then
    /// (means of draws: the baseline's share is the what-if's less the change), so a change
    /// that overshoots England's share is not called a move toward it.
    func towardEngland(_ y: BaselineComparison.Year) -> String? {
        guard let england = run.england?.share[.mainstream],
            let share = run.la.years.first(where: { $0.year == y.year })?.groups.first(where: {
                $0.group == .mainstream
            })?.share.mean
        else { return nil }
        let change = y.mainstreamShare.p50
        let figure = HTML.figure("change-mainstream-share", change, Self.percent(change, signed: true))
        guard abs(change) >= 0.05 else {
            return
                "It leaves the share of plans in mainstream schools where the baseline has it (\(figure) in January \(y.year)), so it neither narrows nor widens the gap to England's \(Self.percent(england))."
        }
        let baseline = share - y.mainstreamShare.mean
        let toward = abs(share - england) < abs(baseline - england)
        return
            "It moves the share of plans in mainstream schools \(toward ? "toward" : "away from") England's \(Self.percent(england)): \(figure) against the baseline in January \(y.year) (\(Self.percent(baseline)) in the baseline, \(Self.percent(share)) with the change, means of the draws)."
    }

    /// The printed report's stylesheet, which the page serves as a file of its own.
    public static var stylesheet: String { css }

    /// Where a locality budget's pot cannot pay its protection and cap (`hnf run`'s
    /// "INFEASIBLE" and "Warning" lines), said in full.
    /// Each `--compare` what-if's too, named: a what-if short of its protection is the one
    /// a Forum member must hear about.
    func warnings() -> String {
        let runs = [(nil as String?, run)] + whatIfs.map { ($0.name, $0.report) }
        var infeasible = false
        let items = runs.flatMap { name, report in
            report.infeasibleBlocks().map { id, broken in
                infeasible = infeasible || broken.contains { $0.1 > 0.5 }
                let years = broken.map { "\(FinancialYear($0.0)) (in \(Self.chance($0.1)) of the simulated futures)" }
                return (name.map { "<em>\(HTML.escape($0))</em>: " } ?? "")
                    + "the pot of <em>\(HTML.escape(report.meta.name(of: id)))</em> is too small to give every locality the protection and cap it promises in "
                    + years.joined(separator: ", ")
                    + ". In those futures every locality is scaled down to fit the pot, so some get less than their protection."
            }
        }
        guard !items.isEmpty else { return "" }
        let label = infeasible ? "Infeasible in most of the simulated futures:" : "Warning:"
        return "<div class=\"warning\" id=\"feasibility\"><p><strong>\(label)</strong></p><ul>"
            + items.map { "<li>\($0)</li>" }.joined() + "</ul></div>"
    }

    /// "£45.1m better", "£3.2m worse": a change of balance in words, not a sign to decode.
    static func betterOrWorse(_ v: Double) -> String {
        pounds(abs(v)) + (v >= 0 ? " better" : " worse")
    }

    /// "22%", or "fewer than 1%" rather than a bare "0%".
    static func chance(_ p: Double) -> String {
        p < 0.01 ? "fewer than 1%" : "\(Int((p * 100).rounded()))%"
    }

    /// The five bands PolicyEngine reports winners and losers in, by the change in all a
    /// locality receives in the last financial year (median of the draws).
    static let bands = [
        "Lose more than 5%", "Lose less than 5%", "No change (within 0.1%)", "Gain less than 5%", "Gain more than 5%",
    ]

    /// Which of `bands` a relative change falls in.
    static func band(_ change: Double) -> Int {
        if change < -0.05 { return 0 }
        if change < -0.001 { return 1 }
        if change <= 0.001 { return 2 }
        return change <= 0.05 ? 3 : 4
    }

    func gainsBands() -> String {
        guard let change = run.againstBaseline, !change.localities.isEmpty, let label = run.money.last?.label else {
            return ""
        }
        let relative = run.relativeChanges(change)
        let rows = Self.bands.enumerated().map { band, name -> [String] in
            let names = change.localities.filter { relative[$0.id].map(Self.band) == band }.map(\.name)
            return [name, "\(names.count)", names.isEmpty ? "none" : names.joined(separator: ", ")]
        }
        // A band is the middle draw's; say how many localities' changes could as well be
        // none or the other way (their 90% interval crosses zero).
        let unsure = change.localities.filter { $0.change.p5 < 0 && $0.change.p95 > 0 }.count
        let caveat =
            unsure == 0
            ? ""
            : "<p class=\"note\">For \(unsure) of the \(change.localities.count) localities the 90% interval of the change runs from a loss to a gain (the gains table below): their band is the most likely one, not a certainty.</p>"
        return section(
            "bands", "Who gains and who loses",
            HTML.table(
                "Localities by the change in all they receive against the baseline, \(label) (median of the draws)",
                header: ["Change", "Localities", "Which"], rows: rows, numeric: false) + caveat)
    }
}
