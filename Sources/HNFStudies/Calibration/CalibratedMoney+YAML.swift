import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension CalibratedMoney {
    /// Price growth by year, as Kent's baseline states it (unit costs are at 2021-22
    /// outturn prices): near the teachers' pay awards to 2024-25, then uncertain.
    static let priceGrowth: [(year: Int, value: String, comment: String)] = [
        (2021, "0.02", "ASSUMPTION: 2020-21 to 2021-22 (a teachers' pay freeze, fees rising), as Kent's baseline"),
        (2022, "0.05", "ASSUMPTION: near the teachers' pay awards of September 2022 (5%),"),
        (2023, "0.06", "2023 (6.5%) and 2024 (5.5%)"),
        (2024, "0.05", ""),
        (2025, "{dist: normal, mean: 0.03, sd: 0.01}", "ASSUMPTION for 2025-26 on"),
    ]
    /// The block's growth after the last published settlement.
    static let laterBlockGrowth = "{dist: normal, mean: 0.05, sd: 0.015}"

    /// The `budget:` section of a calibrated scenario whose last projected year is `last`:
    /// figures of years after `last` are left out, and a dated value's first year is
    /// moved back to the base year where it starts later (it holds before its first year).
    public func budgetYAML(last: Int) -> String {
        let base = baseYear
        var y = """
            budget:
              basis: unmitigated         # policies as they are: no reform counted
              # Money from what is published for \(area.name) (`hnf calibrate`; CalibratedMoney.swift).
              # [DSG] DfE/ESFA, Dedicated schools grant 2022 to 2023 and 2023 to 2024, allocation tables of
              # 20 July 2023; [DSGBAL] DSG totals and cumulative balances as % of income (derived DfE LA
              # finance figures); [S251] High needs benchmarking tool 2021-22, Section 251 outturn
              # (all in Scenarios/national; OGL v3.0); [NFF] the national settlement, by row of
              # Scenarios/national/high-needs-settlement.csv.
              high_needs_block:
                # The block after the ESFA's direct funding of places: the money the LA spends, on the
                # footing of the Section 251 lines its unit costs come from.
                year: \(blocks[0].year)               # \(FinancialYear(blocks[0].year)): \(blocks[0].source)
                amount: \(Self.pounds(blocks[0].amount))

            """
        let increments = zip(blocks, blocks.dropFirst()).filter { $0.1.year <= last }
        if !increments.isEmpty {
            y += "    increments:\n"
            for (before, now) in increments {
                y +=
                    "      \(now.year): \(Self.pounds(now.amount - before.amount))   # to £\(Text.thousands(Int(now.amount.rounded()))) in \(FinancialYear(now.year)): \(now.source)\n"
            }
        }
        var growth = settlementGrowth.map { g in
            (g.year, CohortFlows.number(g.growth, 5), "the national settlement's growth [NFF: \(g.source)]")
        }
        let after = (settlementGrowth.last?.year ?? blocks.last!.year) + 1
        growth.append((after, Self.laterBlockGrowth, "ASSUMPTION after the last published settlement"))
        y += Self.dated("growth", growth, start: base, last: last, indent: 4)
        // The per-head floor and cap bind an LA, not England's or a region's total, and only
        // in the years they were published: after them the limits are lifted (±50%, the
        // schema's bounds), so the later growth assumption is not clamped by 2025-26's.
        if area.level == .la {
            var floors = settlementGrowth.compactMap { g in g.floor.map { (g.year, CohortFlows.number($0, 4), "") } }
            var caps = settlementGrowth.compactMap { g in g.cap.map { (g.year, CohortFlows.number($0, 4), "") } }
            if !floors.isEmpty { floors.append((after, "-0.5", "")) }
            if !caps.isEmpty { caps.append((after, "0.5", "")) }
            if !floors.isEmpty { y += Self.dated("floor", floors, start: base, last: last, indent: 4, inline: true) }
            if !caps.isEmpty { y += Self.dated("cap", caps, start: base, last: last, indent: 4, inline: true) }
            if !floors.isEmpty || !caps.isEmpty {
                y += "    # floor and cap: the formula's per head floor and gains cap in the years published [NFF];\n"
                y += "    # lifted (±0.5) after them: no later limits are published\n"
            }
        }
        y += """
              # Unit costs, fees and place values are at 2021-22 outturn prices and rise by this index.
              prices:
                base: 2021

            """
        y += Self.dated(
            "growth", Self.priceGrowth.map { ($0.year, $0.value, $0.comment) }, start: base, last: last, indent: 4)
        y += safetyValveYAML(last: last)
        y += otherSpendYAML(last: last)
        y += """
              opening_balance:
                year: \(opening.year)               # at the start of \(FinancialYear(opening.year)), 31 March \(opening.year)
                amount: \(Self.pounds(opening.amount))   # cumulative DSG balance: \(opening.source)

            """
        let published = publishedBalances.filter { $0.year <= last }
        if !published.isEmpty {
            y += "  published_balances:        # cumulative DSG balance at 31 March of the year after\n"
            for b in published { y += "    \(b.year): \(Self.pounds(b.amount))   # \(b.source)\n" }
        }
        if !fallbacks.isEmpty {
            y += "  fallbacks:                 # figures not published for \(area.name), and what stands in\n"
            for f in fallbacks { y += "    - \(Text.yamlQuoted(f))\n" }
        }
        return y
    }

    func safetyValveYAML(last: Int) -> String {
        let payments = safetyValve.filter { $0.year >= opening.year && $0.year <= last }
        guard !payments.isEmpty else { return "" }
        var y = """
              other_income:
                # Safety Valve money is paid only while the LA keeps to its agreement: reports show
                # the balances with and without it.

            """
        for (key, name, amount) in [
            (
                "safety_valve_dfe", "Safety Valve, DfE contribution",
                { (p: HighNeedsFinance.SafetyValvePayment) in p.dfe }
            ),
            (
                "safety_valve_la",
                area.level == .la
                    ? "Safety Valve, \(area.name)'s own contribution" : "Safety Valve, the LAs' own contributions",
                { $0.la }
            ),
        ] {
            let lines = payments.filter { amount($0) != 0 }
            guard !lines.isEmpty else { continue }
            y += "    \(key):\n      name: \(Text.yamlQuoted(name))\n      conditional: true\n"
            let names = Array(Set(lines.map(\.name))).sorted()
            let sources = Array(Set(lines.map(\.source))).sorted().joined(separator: "; ")
            y +=
                "      # \(names.count > 1 ? "\(names.count) LAs' agreements added up (\(names.joined(separator: ", ")))" : sources)\n"
            var byYear: [Int: Double] = [:]
            for line in lines { byYear[line.year, default: 0] += amount(line) }
            y +=
                "      amounts: {\(byYear.keys.sorted().map { "\($0): \(Self.pounds(byYear[$0]!))" }.joined(separator: ", "))}\n"
        }
        return y
    }

    func otherSpendYAML(last: Int) -> String {
        var y = "  other_spend:\n"
        for (key, name, figure) in [
            ("services", "SEN support, inclusion, AP, hospital and therapy services", services),
            (
                "alternative_provision", "AP / PRU places and top-ups (mostly pupils without plans)",
                alternativeProvision
            ),
        ] {
            y += "    \(key):\n      name: \(name)\n"
            y += "      amounts: {\(figure.year): \(Self.pounds(figure.amount))}   # \(figure.source)\n"
            let growth = Self.priceGrowth.filter { $0.year > figure.year }.map {
                ($0.year, $0.value, $0.year == figure.year + 1 ? "priced forward as unit costs are (ASSUMPTION)" : "")
            }
            y += Self.dated("growth", growth, start: baseYear, last: last, indent: 6, inline: true)
        }
        return y
    }

    /// A dated value: years after `last` left out, the first moved back to `start` when later.
    static func dated(
        _ key: String, _ entries: [(Int, String, String)], start: Int, last: Int, indent: Int, inline: Bool = false
    ) -> String {
        var kept = entries.filter { $0.0 <= last }.sorted { $0.0 < $1.0 }
        if kept.isEmpty, let first = entries.min(by: { $0.0 < $1.0 }) { kept = [first] }
        if kept[0].0 > start { kept[0].0 = start }
        let pad = String(repeating: " ", count: indent)
        if inline || kept.allSatisfy({ $0.2.isEmpty }) {
            let comment = kept.first { !$0.2.isEmpty }?.2
            return "\(pad)\(key): {\(kept.map { "\($0.0): \($0.1)" }.joined(separator: ", "))}"
                + (comment.map { "   # \($0)" } ?? "") + "\n"
        }
        var y = "\(pad)\(key):\n"
        for (year, value, comment) in kept {
            y += "\(pad)  \(year): \(value)" + (comment.isEmpty ? "" : "   # \(comment)") + "\n"
        }
        return y
    }

    static func pounds(_ amount: Double) -> String { String(Int(amount.rounded())) }
}
