import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf run --format json`'s results (the `hnf.run.v1` contract): every statistic of every
/// measure, by area and year.
extension RunReport {
    func resultsJSON() -> [String: Any] {
        var out: [String: Any] = [
            "scenario": meta.scenario, "title": meta.title, "overlays": meta.overlays,
            "basis": meta.basis as Any? ?? NSNull(),
            "price_base": meta.priceBase as Any? ?? NSNull(),
            "base_year": meta.baseYear, "draws": meta.draws, "seed": meta.seed,
            "close_by": meta.closeBy,
            "years": la.years.map { yearJSON($0) },
            "base": baseJSON(la),
            "gap_closure": closureJSON(la),
            "money": money.map { m -> [String: Any] in
                var o: [String: Any] = [
                    "financial_year": m.year, "label": m.label, "history": m.isHistory,
                    "p_in_year_balance": m.inYearBalanceReached,
                    "p_in_year_balance_without_conditional": m.inYearBalanceReachedWithoutConditional,
                ]
                for (name, s) in m.measures { o[name] = s.json }
                if let published = m.publishedCumulativeBalance, let difference = m.publishedDifference {
                    o["published_cumulative_balance"] = published
                    o["published_difference"] = difference
                }
                return o
            },
            "localities": localities.map { area -> [String: Any] in
                [
                    "id": area.id, "name": area.name, "base": baseJSON(area), "years": area.years.map { yearJSON($0) },
                    "gap_closure": closureJSON(area),
                ]
            },
        ]
        if let area = meta.area { out["area"] = area }
        if let note = meta.localitySplitNote { out["localities_note"] = note }
        if !meta.moneyFallbacks.isEmpty { out["money_fallbacks"] = meta.moneyFallbacks }
        if !meta.estimated.isEmpty { out["estimated"] = meta.estimated }
        if !comparisons.isEmpty { out["comparators"] = comparatorsJSON() }
        if let opening = meta.opening, meta.budgetDeclared {
            out["opening_balance"] = ["year": opening.year, "amount": opening.amount]
        }
        if let c = againstBaseline {
            out["against_baseline"] = [
                "years": c.years.map {
                    [
                        "year": $0.year, "plans": $0.plans.json, "mainstream_share_pp": $0.mainstreamShare.json,
                        "special_share_pp": $0.specialShare.json, "spend": $0.spend.json,
                        "cumulative_balance": $0.cumulativeBalance.json,
                        "spend_mechanical": $0.mechanicalSpend.json, "spend_behavioural": $0.behaviouralSpend.json,
                        "cumulative_balance_mechanical": $0.mechanicalBalance.json,
                        "cumulative_balance_behavioural": $0.behaviouralBalance.json,
                    ] as [String: Any]
                },
                "localities": c.localities.map {
                    ["id": $0.id, "name": $0.name, "baseline": $0.baseline.json, "change": $0.change.json]
                        as [String: Any]
                },
                "locality_budgets": c.formulas.map { [changes = relativeChanges(c)] in formulaJSON($0, changes: changes)
                },
            ]
        }
        if let england {
            out["england"] = [
                "year": england.year, "trend_from": england.trendFrom,
                "share": Dictionary(uniqueKeysWithValues: england.share.map { ($0.key.rawValue, $0.value) }),
                "published_share": Dictionary(
                    uniqueKeysWithValues: england.published.map { ($0.key.rawValue, $0.value) }),
                "excludes": england.excludes,
                "trend": Dictionary(
                    uniqueKeysWithValues: england.trend.map { g, t in
                        (g.rawValue, Dictionary(uniqueKeysWithValues: t.map { ("\($0.key)", $0.value) }))
                    }),
            ]
        }
        return out
    }

    func baseJSON(_ area: AreaResult) -> [String: Any] {
        [
            "year": meta.baseYear, "plans": area.basePlans,
            "share": Dictionary(uniqueKeysWithValues: area.baseShare.map { ($0.key.rawValue, $0.value) }),
        ]
    }

    func closureJSON(_ area: AreaResult) -> [String: Any] {
        Dictionary(
            uniqueKeysWithValues: area.closures.map { c in
                (
                    c.group.rawValue,
                    [
                        "base_gap": c.baseGap, "closes_by_p50": c.closesBy as Any? ?? NSNull(),
                        "by_year": meta.closeBy, "probability_by_year": c.probabilityByYear,
                    ] as [String: Any]
                )
            })
    }

    func yearJSON(_ y: AreaYear) -> [String: Any] {
        var groups: [String: Any] = [:]
        for g in y.groups {
            var o: [String: Any] = ["count": g.count.json, "share": g.share.json]
            if let gap = g.gap { o["gap"] = gap.json }
            if let trend = g.englandTrend { o["england_trend"] = trend }
            if let p = g.atOrAboveEngland { o["p_at_or_above_england"] = p }
            if let e = england?.share[g.group] { o["england"] = e }
            groups[g.group.rawValue] = o
        }
        return [
            "year": y.year, "plans": y.plans.json,
            "settings": Dictionary(uniqueKeysWithValues: y.settings.map { ($0.id, $0.stats.json) }),
            "groups": groups, "joiners": y.joiners.json, "leavers": y.leavers.json,
            "overflow": y.overflow.json, "over_capacity": y.overCapacity.json, "sen_support": y.senSupport.json,
            "spend_by_setting": Dictionary(uniqueKeysWithValues: y.spendBySetting.map { ($0.id, $0.stats.json) }),
            "cost": y.spendOnPlans.json,
        ]
        .merging(
            y.fundingFeasible.isEmpty
                ? [:]
                : ["funding_feasible": Dictionary(uniqueKeysWithValues: y.fundingFeasible.map { ($0.id, $0.share) })]
        ) { a, _ in a }
        .merging(
            y.funding.isEmpty
                ? [:]
                : [
                    "funding": Dictionary(uniqueKeysWithValues: y.funding.map { ($0.id, $0.stats.json) }),
                    "funding_by_setting": Dictionary(
                        uniqueKeysWithValues: y.fundingBySetting.map { block in
                            (block.id, Dictionary(uniqueKeysWithValues: block.settings.map { ($0.id, $0.stats.json) }))
                        }),
                    "allocation": y.allocation?.json ?? [:],
                ]
        ) { a, _ in a }
    }
}

extension RunReport.MoneyYear {
    var measures: [(String, Stats)] {
        [
            ("high_needs_block", highNeedsBlock), ("other_income", otherIncome), ("income", income),
            ("spend_on_plans", spendOnPlans),
            ("formula_funding", formulaFunding), ("other_spend", otherSpend), ("spend", spend),
            ("in_year_balance", inYearBalance), ("cumulative_balance", cumulativeBalance),
            ("conditional_income", conditionalIncome),
            ("in_year_balance_without_conditional", inYearBalanceWithoutConditional),
            ("cumulative_balance_without_conditional", cumulativeBalanceWithoutConditional),
            ("price_index", priceIndex),
        ]
    }
}
