import Foundation
import HNFCore
import HNFEngine
import HNFScenario

extension WitanSendImport {
    /// The scenario, as YAML, with a header saying where every number came from.
    public func scenarioYAML() -> String {
        YAMLDocument(
            headerEntries() + needsAndSettingsEntries() + stockEntries()
                + [YAMLEntry("flows", .block([newPlansEntry(), ceasingEntry(), cellsEntry()]))]
        ).text
    }

    /// Up to 8 significant digits, no exponent for the magnitudes that occur here.
    static func number(_ value: Double) -> YAMLNode { .number(value, .significant(8)) }

    /// `{key: number, …}` in the keys' order.
    static func numbers(_ pairs: [(String, Double)]) -> YAMLNode { .flow(pairs.map { ($0.0, number($0.1)) }) }

    static func beta(_ beta: WitanSendEstimates.Beta) -> YAMLNode {
        .flow([("dist", .word("beta")), ("alpha", number(beta.alpha)), ("beta", number(beta.beta))])
    }

    /// The provenance comment, `schema` and `meta`.
    private func headerEntries() -> [YAMLEntry] {
        let e = estimates
        let header =
            ["Imported from witan.send inputs by `hnf import witan-send` (hnf \(HighNeedsVersion.current))."]
            + inputs.files.map { "  \($0)  sha256 \(Provenance.sha256(ofFile: $0) ?? "unreadable")" } + [
                "\(inputs.transitions.count) transitions, calendar years \(e.years.first!)-\(e.years.last!); the stock is January \(e.baseYear) (the -2 side of \(e.years.last!)).",
                "Ages are national curriculum years + 4 (reception = 4, year 7 = 11). Each flow below is",
                "estimated from the transitions as witan.send estimates it (beta-binomial leaving and moving",
                "pooled toward each age with prior weight \(YAMLNumber.significant(8).text(e.priorWeight)); Dirichlet destinations and starting settings),",
                "by need x setting x age: see Sources/HNFStudies/Import/WitanSendEstimates.swift.",
                "New plans at an age are a chance per child of that age in population.csv, read in the year",
                "the step starts (as the estimate divides joiners by the population of the transition's year).",
                "Costs by need x setting are bands, one per need: every child's band is its need.",
                "No budget: witan.send models spend, not income.",
            ]
        return [
            YAMLEntry("schema", .word(ScenarioSchema.version), comments: header),
            YAMLEntry(
                "meta",
                .block([
                    YAMLEntry(
                        "name", .quoted("witan.send import: \((inputs.directory as NSString).lastPathComponent)")),
                    YAMLEntry(
                        "description",
                        .quoted(
                            "Person-level transitions \(e.years.first!)-\(e.years.last!), projected from January \(e.baseYear)"
                        )),
                    YAMLEntry("base_year", .integer(e.baseYear)), YAMLEntry("horizon", .integer(horizon)),
                    YAMLEntry("draws", .integer(inputs.simulations ?? 1000)),
                    YAMLEntry("seed", .integer(inputs.seed ?? 0)),
                ])),
        ]
    }

    /// Needs, one band per need, and the settings with their costs.
    private func needsAndSettingsEntries() -> [YAMLEntry] {
        let needs = inputs.needs
        let settings = inputs.validStates.map { state -> YAMLEntry in
            let group = groups[state.group] ?? .unknown
            var fields = [
                YAMLEntry("name", .quoted("\(state.setting) (\(state.group))")),
                YAMLEntry(
                    "group", .word(group.rawValue),
                    trailing: group == .unknown
                        ? "witan.send group \(state.group): no DfE group known; map it with --group \(state.group)=GROUP"
                        : nil),
                YAMLEntry(
                    "ages",
                    .flow([
                        ("min", .integer(WitanSendEstimates.age(state.years.lowerBound))),
                        ("max", .integer(WitanSendEstimates.age(state.years.upperBound))),
                    ])),
                YAMLEntry("needs", .flowList(state.needs.map { .word($0) })),
                YAMLEntry("moves_to", .flowList(state.movesTo.filter { $0 != state.setting }.map { .word($0) })),
            ]
            let costs = needs.map { inputs.costs[$0]?[state.setting] }
            if costs.contains(where: { $0 != nil }) {
                fields.append(
                    YAMLEntry(
                        "top_up", Self.numbers(zip(needs, costs).map { ($0, $1 ?? 0) }), trailing: "costs.csv, £ a year"
                    ))
            }
            return YAMLEntry(state.setting, .block(fields))
        }
        return [
            YAMLEntry("needs", .block(needs.map { YAMLEntry($0, .flow([("name", .quoted("need \($0)"))])) })),
            YAMLEntry(
                "bands", .block(needs.map { YAMLEntry($0, .flow([("name", .quoted("cost of need \($0)"))])) }),
                trailing: "one per need, so that costs can differ by need (costs.csv)"),
            YAMLEntry("settings", .block(settings)),
        ]
    }

    /// The one locality's population, the need mix and the January stock.
    private func stockEntries() -> [YAMLEntry] {
        let e = estimates
        let needs = inputs.needs
        let projectionYears = Array(Set(e.years + Array(e.baseYear..<(e.baseYear + horizon)))).sorted()
        let byAge = e.joiners.keys.sorted().map { age in
            YAMLEntry(
                "\(age)",
                Self.numbers(
                    projectionYears.compactMap { year in
                        inputs.population[year]?[CurriculumYear.year(ofAge: age)].map { ("\(year)", $0) }
                    }))
        }
        let stockByNeed = Dictionary(grouping: e.stock, by: \.need).mapValues { $0.reduce(0) { $0 + $1.count } }
        let stockTotal = max(1, stockByNeed.values.reduce(0, +))
        let needShares = StockDerivation.largestRemainder(
            1_000_000, needs.map { Double(stockByNeed[$0] ?? 0) / Double(stockTotal) })
        let cells = e.stock.map { cell in
            YAMLItem(
                .flow([
                    ("locality", .word("la")), ("age", .integer(cell.age)), ("need", .word(cell.need)),
                    ("setting", .word(cell.setting)), ("count", .integer(cell.count)),
                ]))
        }
        return [
            YAMLEntry(
                "localities",
                .block([
                    YAMLEntry(
                        "la",
                        .block([
                            YAMLEntry("name", .text("Whole area")),
                            YAMLEntry(
                                "population",
                                .block([
                                    YAMLEntry("by_age", .block(byAge), trailing: "population.csv, children by year")
                                ])),
                        ]))
                ])),
            YAMLEntry(
                "need_profile",
                .block([
                    YAMLEntry(
                        "mix", Self.numbers(zip(needs, needShares).map { ($0, Double($1) / 1_000_000) }),
                        trailing: "January \(e.baseYear) stock"),
                    YAMLEntry(
                        "band_mix",
                        .block([YAMLEntry("all", .flow(needs.map { ($0, .flow([($0, .integer(1))])) }))])),
                ])),
            YAMLEntry(
                "ehc_plans",
                .block([
                    YAMLEntry(
                        "cells", .blockList(cells),
                        trailing: "January \(e.baseYear): the -2 side of transitions.csv for \(e.years.last!)")
                ])),
        ]
    }

    /// New plans by age.
    private func newPlansEntry() -> YAMLEntry {
        let byAge = estimates.joiners.sorted(by: { $0.key < $1.key }).map { age, j in
            YAMLEntry(
                "\(age)",
                .block([
                    YAMLEntry("rate", Self.beta(j.rate)),
                    YAMLEntry("settings", Self.numbers(j.settings.sorted { $0.key < $1.key })),
                    YAMLEntry("needs", Self.numbers(j.needs.sorted { $0.key < $1.key })),
                ]))
        }
        return YAMLEntry(
            "new_plans",
            .block([
                YAMLEntry(
                    "by_age", .block(byAge),
                    trailing:
                        "rate: Beta(joiners, children without a new plan), each a mean over the years; settings and needs: Dirichlet pseudo-counts"
                )
            ]))
    }

    /// Leaving by phase and age, where no cell applies.
    private func ceasingEntry() -> YAMLEntry {
        let e = estimates
        let byPhase = Dictionary(grouping: e.leavingByAge, by: { Phase.of(age: $0.key) })
        let rates = Phase.allCases.compactMap { phase in
            byPhase[phase].map { (phase.rawValue, $0.map(\.value).reduce(0, +) / Double($0.count)) }
        }
        return YAMLEntry(
            "ceasing",
            .block([
                YAMLEntry("rate", Self.numbers(rates)),
                YAMLEntry(
                    "by_age", Self.numbers(e.leavingByAge.sorted { $0.key < $1.key }.map { ("\($0.key)", $0.value) })),
                YAMLEntry("max_age", .integer(WitanSendEstimates.age(WitanSendInputs.yearRange.upperBound) - 1)),
            ]),
            trailing: "where no setting x age cell below applies: the share leaving at each age over all settings")
    }

    /// A cell's leaving, moving and destinations.
    static func flows(_ cell: WitanSendEstimates.Cell) -> [(String, YAMLNode)] {
        var parts: [(String, YAMLNode)] = [("leave", beta(cell.leave))]
        if let move = cell.move {
            parts.append(("move", beta(move)))
            parts.append(("destinations", numbers(cell.destinations.sorted { $0.key < $1.key })))
        }
        return parts
    }

    /// Leaving and moving by setting x age, with each observed need's estimate.
    private func cellsEntry() -> YAMLEntry {
        var settings: [YAMLEntry] = []
        for state in inputs.validStates {
            guard let byAge = estimates.cells[state.setting], !byAge.isEmpty else { continue }
            let ages = byAge.sorted(by: { $0.key < $1.key }).map { age, group -> YAMLEntry in
                guard !group.byNeed.isEmpty else { return YAMLEntry("\(age)", .flow(Self.flows(group.prior))) }
                let byNeed = group.byNeed.sorted(by: { $0.key < $1.key }).map { need, cell in
                    YAMLEntry(need, .flow(Self.flows(cell)), trailing: "n = \(cell.children)")
                }
                return YAMLEntry(
                    "\(age)",
                    .block(
                        Self.flows(group.prior).map { YAMLEntry($0.0, $0.1) } + [YAMLEntry("by_need", .block(byNeed))]))
            }
            settings.append(YAMLEntry(state.setting, .block(ages)))
        }
        return YAMLEntry(
            "by_setting_and_age",
            .block(
                settings,
                comments: [
                    "shares, then by_need the estimate of each need observed there (n = children observed).",
                    "leave, move: Beta; destinations: Dirichlet pseudo-counts",
                ]),
            trailing: "age reached in January. Each cell: the prior every need without observations")
    }
}
