import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension CalibratedMoney {
    static func normal(mean: Double, sd: Double) -> YAMLNode {
        .flow([("dist", .word("normal")), ("mean", .number(mean, .places(4))), ("sd", .number(sd, .places(4)))])
    }

    /// Price growth by year, as Kent's baseline states it (unit costs are at 2021-22
    /// outturn prices): near the teachers' pay awards to 2024-25, then uncertain.
    static let priceGrowth: [(year: Int, value: YAMLNode, comment: String)] = [
        (
            2021, .number(0.02, .places(4)),
            "ASSUMPTION: 2020-21 to 2021-22 (a teachers' pay freeze, fees rising), as Kent's baseline"
        ),
        (2022, .number(0.05, .places(4)), "ASSUMPTION: near the teachers' pay awards of September 2022 (5%),"),
        (2023, .number(0.06, .places(4)), "2023 (6.5%) and 2024 (5.5%)"),
        (2024, .number(0.05, .places(4)), ""),
        (2025, normal(mean: 0.03, sd: 0.01), "ASSUMPTION for 2025-26 on"),
    ]
    /// The block's growth after the last published settlement.
    static let laterBlockGrowth = normal(mean: 0.05, sd: 0.015)

    /// The `budget:` section of a calibrated scenario whose last projected year is `last`:
    /// figures of years after `last` are left out, and a dated value's first year is
    /// moved back to the base year where it starts later (it holds before its first year).
    public func budgetYAML(last: Int) -> String { YAMLDocument([budgetEntry(last: last)]).text }

    /// `budget:` as a document entry (see `budgetYAML(last:)`).
    func budgetEntry(last: Int) -> YAMLEntry {
        var entries = [
            YAMLEntry("basis", .word("unmitigated"), trailing: "policies as they are: no reform counted", gap: 9),
            highNeedsBlockEntry(last: last),
            YAMLEntry(
                "prices",
                .block([
                    YAMLEntry("base", .integer(2021)),
                    Self.dated(
                        "growth", Self.priceGrowth.map { ($0.year, $0.value, $0.comment) }, start: baseYear, last: last),
                ]),
                comments: ["Unit costs, fees and place values are at 2021-22 outturn prices and rise by this index."]),
        ]
        entries += safetyValveEntry(last: last).map { [$0] } ?? []
        entries.append(otherSpendEntry(last: last))
        entries.append(
            YAMLEntry(
                "opening_balance",
                .block([
                    YAMLEntry(
                        "year", .integer(opening.year),
                        trailing: "at the start of \(FinancialYear(opening.year)), 31 March \(opening.year)", gap: 15),
                    YAMLEntry(
                        "amount", Self.pounds(opening.amount), trailing: "cumulative DSG balance: \(opening.source)",
                        gap: 3),
                ])))
        let published = publishedBalances.filter { $0.year <= last }
        if !published.isEmpty {
            entries.append(
                YAMLEntry(
                    "published_balances",
                    .block(
                        published.map { YAMLEntry("\($0.year)", Self.pounds($0.amount), trailing: $0.source, gap: 3) }),
                    trailing: "cumulative DSG balance at 31 March of the year after", gap: 8))
        }
        if !fallbacks.isEmpty {
            entries.append(
                YAMLEntry(
                    "fallbacks", .blockList(fallbacks.map { YAMLItem(.quoted($0)) }),
                    trailing: "figures not published for \(area.name), and what stands in", gap: 17))
        }
        return YAMLEntry("budget", .block(entries))
    }

    /// `high_needs_block`: the block, its published increments and its growth.
    func highNeedsBlockEntry(last: Int) -> YAMLEntry {
        var entries = [
            YAMLEntry(
                "year", .integer(blocks[0].year),
                comments: [
                    "The block after the ESFA's direct funding of places: the money the LA spends, on the",
                    "footing of the Section 251 lines its unit costs come from.",
                ],
                trailing: "\(FinancialYear(blocks[0].year)): \(blocks[0].source)", gap: 15),
            YAMLEntry("amount", Self.pounds(blocks[0].amount)),
        ]
        let increments = zip(blocks, blocks.dropFirst()).filter { $0.1.year <= last }
        if !increments.isEmpty {
            entries.append(
                YAMLEntry(
                    "increments",
                    .block(
                        increments.map { before, now in
                            YAMLEntry(
                                "\(now.year)", Self.pounds(now.amount - before.amount),
                                trailing:
                                    "to £\(Text.thousands(Int(now.amount.rounded()))) in \(FinancialYear(now.year)): \(now.source)",
                                gap: 3)
                        })))
        }
        var growth = settlementGrowth.map { g in
            (g.year, YAMLNode.number(g.growth, .places(5)), "the national settlement's growth [NFF: \(g.source)]")
        }
        let after = (settlementGrowth.last?.year ?? blocks.last!.year) + 1
        growth.append((after, Self.laterBlockGrowth, "ASSUMPTION after the last published settlement"))
        entries.append(Self.dated("growth", growth, start: baseYear, last: last))
        // The per-head floor and cap bind an LA, not England's or a region's total, and only
        // in the years they were published: after them the limits are lifted (±50%, the
        // schema's bounds), so the later growth assumption is not clamped by 2025-26's.
        if area.level == .la {
            var limits: [YAMLEntry] = []
            for (key, figures, lifted) in [
                ("floor", settlementGrowth.compactMap { g in g.floor.map { (g.year, $0) } }, -0.5),
                ("cap", settlementGrowth.compactMap { g in g.cap.map { (g.year, $0) } }, 0.5),
            ] where !figures.isEmpty {
                let dated = (figures + [(after, lifted)]).map { ($0.0, YAMLNode.number($0.1, .places(4)), "") }
                limits.append(Self.dated(key, dated, start: baseYear, last: last, inline: true))
            }
            if !limits.isEmpty {
                limits[limits.count - 1].after = [
                    "floor and cap: the formula's per head floor and gains cap in the years published [NFF];",
                    "lifted (±0.5) after them: no later limits are published",
                ]
            }
            entries += limits
        }
        return YAMLEntry(
            "high_needs_block", .block(entries),
            comments: [
                "Money from what is published for \(area.name) (`hnf calibrate`; CalibratedMoney.swift).",
                "[DSG] DfE/ESFA, Dedicated schools grant 2022 to 2023 and 2023 to 2024, allocation tables of",
                "20 July 2023; [DSGBAL] DSG totals and cumulative balances as % of income (derived DfE LA",
                "finance figures); [S251] High needs benchmarking tool 2021-22, Section 251 outturn",
                "(all in Scenarios/national; OGL v3.0); [NFF] the national settlement, by row of",
                "Scenarios/national/high-needs-settlement.csv.",
            ])
    }

    func safetyValveEntry(last: Int) -> YAMLEntry? {
        let payments = safetyValve.filter { $0.year >= opening.year && $0.year <= last }
        guard !payments.isEmpty else { return nil }
        var entries: [YAMLEntry] = []
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
            let names = Array(Set(lines.map(\.name))).sorted()
            let sources = Array(Set(lines.map(\.source))).sorted().joined(separator: "; ")
            var byYear: [Int: Double] = [:]
            for line in lines { byYear[line.year, default: 0] += amount(line) }
            entries.append(
                YAMLEntry(
                    key,
                    .block([
                        YAMLEntry("name", .quoted(name)), YAMLEntry("conditional", .boolean(true)),
                        YAMLEntry(
                            "amounts", .flow(byYear.keys.sorted().map { ("\($0)", Self.pounds(byYear[$0]!)) }),
                            comments: [
                                names.count > 1
                                    ? "\(names.count) LAs' agreements added up (\(names.joined(separator: ", ")))"
                                    : sources
                            ]),
                    ])))
        }
        return YAMLEntry(
            "other_income",
            .block(
                entries,
                comments: [
                    "Safety Valve money is paid only while the LA keeps to its agreement: reports show",
                    "the balances with and without it.",
                ]))
    }

    func otherSpendEntry(last: Int) -> YAMLEntry {
        let lines = [
            ("services", "SEN support, inclusion, AP, hospital and therapy services", services),
            (
                "alternative_provision", "AP / PRU places and top-ups (mostly pupils without plans)",
                alternativeProvision
            ),
        ].map { key, name, figure in
            let growth = Self.priceGrowth.filter { $0.year > figure.year }.map {
                ($0.year, $0.value, $0.year == figure.year + 1 ? "priced forward as unit costs are (ASSUMPTION)" : "")
            }
            return YAMLEntry(
                key,
                .block([
                    YAMLEntry("name", .text(name)),
                    YAMLEntry(
                        "amounts", .flow([("\(figure.year)", Self.pounds(figure.amount))]), trailing: figure.source,
                        gap: 3),
                    Self.dated("growth", growth, start: baseYear, last: last, inline: true),
                ]))
        }
        return YAMLEntry("other_spend", .block(lines))
    }

    /// A dated value: years after `last` left out, the first moved back to `start` when
    /// later; on one line when `inline` or when no year has a comment (the first comment
    /// then follows the line).
    static func dated(
        _ key: String, _ entries: [(Int, YAMLNode, String)], start: Int, last: Int, inline: Bool = false
    ) -> YAMLEntry {
        var kept = entries.filter { $0.0 <= last }.sorted { $0.0 < $1.0 }
        if kept.isEmpty, let first = entries.min(by: { $0.0 < $1.0 }) { kept = [first] }
        if kept[0].0 > start { kept[0].0 = start }
        if inline || kept.allSatisfy({ $0.2.isEmpty }) {
            return YAMLEntry(
                key, .flow(kept.map { ("\($0.0)", $0.1) }), trailing: kept.first { !$0.2.isEmpty }?.2, gap: 3)
        }
        return YAMLEntry(
            key,
            .block(kept.map { YAMLEntry("\($0.0)", $0.1, trailing: $0.2.isEmpty ? nil : $0.2, gap: 3) }))
    }

    static func pounds(_ amount: Double) -> YAMLNode { .integer(Int(amount.rounded())) }
}
