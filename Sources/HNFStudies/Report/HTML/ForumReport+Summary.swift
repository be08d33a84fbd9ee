import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The one-page summary: the three numbers that matter, with intervals, in words.
extension ForumReport {
    func summary() -> String {
        let meta = run.meta, last = run.la.years.last!, lastYear = meta.years.last!
        let plans = last.plans
        var items: [String] = []
        let change = plans.p50 - Double(run.la.basePlans)
        items.append(
            "By January \(lastYear) about \(HTML.figure("plans-last", plans.p50, Self.count(plans.p50))) children and young people are projected to have an EHC plan "
                + "(90% interval \(HTML.figure("plans-last-p5", plans.p5, Self.count(plans.p5))) to \(HTML.figure("plans-last-p95", plans.p95, Self.count(plans.p95)))), "
                + "\(change >= 0 ? "up" : "down") \(Self.count(abs(change))) from \(HTML.figure("plans-base", Double(run.la.basePlans), Self.count(Double(run.la.basePlans)))) in January \(meta.baseYear)."
        )
        if let money = run.money.last {
            if meta.budgetDeclared {
                let b = money.cumulativeBalance
                items.append(
                    "By the end of \(money.label) the high needs cumulative balance is projected at \(HTML.figure("balance-last", b.p50, Self.pounds(b.p50))) "
                        + "(90% interval \(HTML.figure("balance-last-p5", b.p5, Self.pounds(b.p5))) to \(HTML.figure("balance-last-p95", b.p95, Self.pounds(b.p95)))). "
                        + "In \(money.label) income covers spend in \(HTML.figure("p-in-year-balance", money.inYearBalanceReached, "\(Int((money.inYearBalanceReached * 100).rounded()))%")) of the draws; "
                        + "spend is \(HTML.figure("spend-last", money.spend.p50, Self.pounds(money.spend.p50))) against income of \(Self.pounds(money.income.p50))."
                )
                if let without = withoutConditional() { items.append(without) }
            } else {
                items.append(
                    "Spend in \(money.label) is projected at \(HTML.figure("spend-last", money.spend.p50, Self.pounds(money.spend.p50))) (90% interval \(Self.pounds(money.spend.p5)) to \(Self.pounds(money.spend.p95))); the scenario has no budget, so no balance."
                )
            }
        }
        if let england = run.england, let share = last.groups.first(where: { $0.group == .mainstream })?.share,
            let reference = england.share[.mainstream]
        {
            let special = last.groups.first { $0.group == .special }?.share
            items.append(
                "In January \(lastYear) \(HTML.figure("mainstream-share-last", share.p50, Self.percent(share.p50))) of plans are projected to be in mainstream schools "
                    + "(90% interval \(Self.percent(share.p5)) to \(Self.percent(share.p95)); England, January \(england.year): \(Self.percent(reference)))"
                    + (special.map { s in
                        ", and \(HTML.figure("special-share-last", s.p50, Self.percent(s.p50))) in special schools (England \(Self.percent(england.share[.special] ?? 0)))"
                    } ?? "") + ".")
        }
        for (i, whatIf) in whatIfs.enumerated() {
            guard let y = whatIf.change.years.last else { continue }
            items.append(
                "<em>\(HTML.escape(whatIf.name))</em> leaves the cumulative balance \(HTML.figure("whatif-\(i + 1)-balance", y.cumulativeBalance.p50, Self.betterOrWorse(y.cumulativeBalance.p50))) than the baseline's "
                    + "(90% interval \(Self.betterOrWorse(y.cumulativeBalance.p5)) to \(Self.betterOrWorse(y.cumulativeBalance.p95))) and changes plans in January \(y.year) by \(HTML.figure("whatif-\(i + 1)-plans", y.plans.p50, Self.count(y.plans.p50, signed: true)))."
            )
        }
        var boxes =
            "<div class=\"headline\"><div><span class=\"big\">\(Self.count(plans.p50))</span>EHC plans, January \(lastYear)</div>"
        if meta.budgetDeclared, let money = run.money.last {
            boxes +=
                "<div><span class=\"big\">\(Self.pounds(money.cumulativeBalance.p50))</span>cumulative balance, end of \(money.label)</div>"
        }
        if let share = last.groups.first(where: { $0.group == .mainstream })?.share, run.england != nil {
            boxes +=
                "<div><span class=\"big\">\(Self.percent(share.p50))</span>of plans in mainstream, January \(lastYear)</div>"
        }
        boxes += "</div>"
        let count = assumptions.entries.count
        let basis =
            count == 0
            ? "No value in the files read is marked ASSUMPTION; see sources for where the figures come from."
            : "The projection rests on \(count) value\(count == 1 ? "" : "s") marked ASSUMPTION in the files (listed in the assumptions register) and on published data (see sources)."
        let fallbacks = meta.moneyFallbacks
        let warning =
            fallbacks.isEmpty
            ? ""
            : "<div class=\"warning\" id=\"money-fallbacks\"><p><strong>Warning:</strong> \(fallbacks.count) money figure\(fallbacks.count == 1 ? " is" : "s are") not published for this area; the projection uses these in their place:</p><ul>"
                + fallbacks.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></div>"
        let estimated =
            meta.estimated.isEmpty
            ? ""
            : "<div class=\"warning\" id=\"estimated\"><p><strong>Warning:</strong> \(meta.estimated.count) figure\(meta.estimated.count == 1 ? " about the children is" : "s about the children are") not published for this area; calibration estimated them:</p><ul>"
                + meta.estimated.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></div>"
        return "<section id=\"summary\" class=\"summary\"><h2>Summary</h2>\(boxes)\(estimated)\(warning)<ol>"
            + items.map { "<li>\($0)</li>" }.joined()
            + "</ol><p class=\"note\">\(basis)</p></section>"
    }

    /// The balance without conditional (Safety Valve) money, when the scenario has some.
    func withoutConditional() -> String? {
        guard run.meta.hasConditionalIncome, let money = run.money.last else { return nil }
        let without = money.cumulativeBalanceWithoutConditional
        let conditional = run.money.reduce(0) { $0 + $1.conditionalIncome.p50 }
        return
            "Without its conditional income (Safety Valve money, \(Self.pounds(conditional)) from \(run.money.first!.label) to \(money.label)), the cumulative balance by then would be \(HTML.figure("balance-last-without-conditional", without.p50, Self.pounds(without.p50))) "
            + "(90% interval \(Self.pounds(without.p5)) to \(Self.pounds(without.p95)))."
    }
}
