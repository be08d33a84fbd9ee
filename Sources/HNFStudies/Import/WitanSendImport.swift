import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Turns witan.send's inputs into an hnf scenario (`hnf import witan-send`).
///
/// The scenario has one locality (the whole area); settings and needs are witan.send's
/// codes; ages are academic years + 4; flows are `WitanSendEstimates`; costs by need x
/// setting become bands, one per need, each child's band its need; the population by age
/// and year is the denominator of new plans. It has no budget (witan.send models no
/// income), so a run reports spend, not balances.
public struct WitanSendImport: Sendable {
    public let inputs: WitanSendInputs
    public let estimates: WitanSendEstimates
    /// witan.send setting group → DfE placement group, where known.
    public let groups: [String: PlacementGroup]
    public let horizon: Int

    /// `groups` maps witan.send's setting groups to DfE placement groups (others are read
    /// from their names, or `unknown`). `horizon` defaults to the years the population
    /// file covers after the base year.
    public init(
        _ inputs: WitanSendInputs, priorWeight: Double = 1, groups: [String: PlacementGroup] = [:], horizon: Int? = nil
    ) throws {
        self.inputs = inputs
        estimates = WitanSendEstimates(inputs, priorWeight: priorWeight)
        var mapped: [String: PlacementGroup] = [:]
        for state in inputs.validStates { mapped[state.group] = groups[state.group] ?? Self.guessGroup(state.group) }
        self.groups = mapped
        let base = estimates.baseYear
        let lastPopulationYear = inputs.population.keys.max() ?? base
        self.horizon = horizon ?? max(1, lastPopulationYear - base)
        try checkPopulation()
    }

    /// A DfE placement group from a setting group's name ("Mainstream", "Special - ASD", "FE college" …).
    static func guessGroup(_ name: String) -> PlacementGroup {
        let n = name.lowercased()
        let rules: [(words: [String], group: PlacementGroup)] = [
            (["mainstream", "resourced", "unit"], .mainstream), (["special"], .special),
            (["pru", "alternative", "ap "], .ap),
            (["post16", "post-16", "post 16", "fe", "college"], .post16), (["early", "nursery"], .earlyYears),
            (["elsewhere", "home", "ehe"], .elsewhere),
        ]
        return rules.first { $0.words.contains { n.contains($0) } }?.group ?? .unknown
    }

    /// Every year the estimates and the projection read must be in population.csv, with
    /// at least as many children as joined.
    func checkPopulation() throws {
        var problems: [Diagnostic] = []
        let file = (inputs.directory as NSString).appendingPathComponent("population.csv")
        let needed = estimates.years + Array(estimates.baseYear..<(estimates.baseYear + horizon))
        for age in estimates.joiners.keys.sorted() {
            let year = CurriculumYear.year(ofAge: age)
            let missing = needed.filter { inputs.population[$0]?[year] == nil }
            if !missing.isEmpty {
                problems.append(
                    Diagnostic(
                        at: nil, file: file, keyPath: "academic-year \(year)",
                        found:
                            "no children for calendar year\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", "))",
                        expected:
                            "children of every academic year with new plans, in each year of transitions and of the projection"
                    ))
            } else if estimates.joiners[age]!.rate.beta <= 0 {
                problems.append(
                    Diagnostic(
                        at: nil, file: file, keyPath: "academic-year \(year)",
                        found: "fewer children than new plans in the transitions",
                        expected: "the whole population of the year, of which new plans are a part"))
            }
        }
        problems += bounds(populationFile: file)
        if !problems.isEmpty { throw InvalidInput(problems) }
    }

    /// What the scenario's checks would refuse, refused here at the file it comes from
    /// (the scenario is never written, so a line of it helps nobody): its one locality's
    /// children — each age's largest year, as `ScenarioChecks.populationTotal` counts them —
    /// and each January stock cell, counted from transitions.csv.
    func bounds(populationFile: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let years = Set(estimates.years + Array(estimates.baseYear..<(estimates.baseYear + horizon)))
        let total = estimates.joiners.keys.reduce(0.0) { sum, age in
            sum + (years.compactMap { inputs.population[$0]?[CurriculumYear.year(ofAge: age)] }.max() ?? 0)
        }
        if total > ScenarioChecks.largestTotalPopulation {
            problems.append(
                Diagnostic(
                    at: nil, file: populationFile, keyPath: "population",
                    found:
                        "\(Text.thousands(Int(min(total, 9e15)))) children (each academic year with new plans in its largest year) together",
                    expected: "at most 20,000,000 (England has about 17 million aged 0–25)"))
        }
        let transitions = (inputs.directory as NSString).appendingPathComponent("transitions.csv")
        for cell in estimates.stock where cell.count > 1_000_000 {
            problems.append(
                Diagnostic(
                    at: nil, file: transitions, keyPath: "setting-2",
                    found:
                        "\(Text.thousands(cell.count)) children in \(cell.setting), need \(cell.need), academic year \(CurriculumYear.year(ofAge: cell.age)) in January \(estimates.baseYear)",
                    expected: "at most 1,000,000 in one setting, need and year of the stock"))
        }
        return problems
    }

    /// The scenario, as YAML, with a header saying where every number came from.
    public func scenarioYAML() -> String {
        let lines =
            headerLines() + needsAndSettingsLines() + stockLines() + newPlanLines() + ceasingLines() + cellLines()
        return lines.map { $0 + "\n" }.joined()
    }

    /// The provenance comment and `meta`.
    private func headerLines() -> [String] {
        let e = estimates
        var lines: [String] = []
        func line(_ text: String = "") { lines.append(text) }
        let transitions = inputs.transitions.count
        line("# Imported from witan.send inputs by `hnf import witan-send` (hnf \(HighNeedsVersion.current)).")
        for path in inputs.files { line("#   \(path)  sha256 \(Provenance.sha256(ofFile: path) ?? "unreadable")") }
        line(
            "# \(transitions) transitions, calendar years \(e.years.first!)-\(e.years.last!); the stock is January \(e.baseYear) (the -2 side of \(e.years.last!))."
        )
        line("# Ages are national curriculum years + 4 (reception = 4, year 7 = 11). Each flow below is")
        line("# estimated from the transitions as witan.send estimates it (beta-binomial leaving and moving")
        line(
            "# pooled toward each age with prior weight \(Self.number(e.priorWeight)); Dirichlet destinations and starting settings),"
        )
        line("# by need x setting x age: see Sources/HNFStudies/Import/WitanSendEstimates.swift.")
        line("# New plans at an age are a chance per child of that age in population.csv, read in the year")
        line("# the step starts (as the estimate divides joiners by the population of the transition's year).")
        line("# Costs by need x setting are bands, one per need: every child's band is its need.")
        line("# No budget: witan.send models spend, not income.")
        line("schema: \(ScenarioSchema.version)")
        line("meta:")
        line("  name: \(Text.yamlQuoted("witan.send import: \((inputs.directory as NSString).lastPathComponent)"))")
        line(
            "  description: \(Text.yamlQuoted("Person-level transitions \(e.years.first!)-\(e.years.last!), projected from January \(e.baseYear)"))"
        )
        line("  base_year: \(e.baseYear)")
        line("  horizon: \(horizon)")
        line("  draws: \(inputs.simulations ?? 1000)")
        line("  seed: \(inputs.seed ?? 0)")
        return lines
    }

    /// Needs, one band per need, and the settings with their costs.
    private func needsAndSettingsLines() -> [String] {
        let needs = inputs.needs
        let settings = inputs.validStates
        var lines: [String] = []
        func line(_ text: String = "") { lines.append(text) }
        line("needs:")
        for need in needs { line("  \(need): {name: \(Text.yamlQuoted("need \(need)"))}") }
        line("bands:  # one per need, so that costs can differ by need (costs.csv)")
        for need in needs { line("  \(need): {name: \(Text.yamlQuoted("cost of need \(need)"))}") }
        line("settings:")
        for state in settings {
            let group = groups[state.group] ?? .unknown
            line("  \(state.setting):")
            line("    name: \(Text.yamlQuoted("\(state.setting) (\(state.group))"))")
            line(
                "    group: \(group.rawValue)\(group == .unknown ? "  # witan.send group \(state.group): no DfE group known; map it with --group \(state.group)=GROUP" : "")"
            )
            line(
                "    ages: {min: \(WitanSendEstimates.age(state.years.lowerBound)), max: \(WitanSendEstimates.age(state.years.upperBound))}"
            )
            line("    needs: [\(state.needs.joined(separator: ", "))]")
            line("    moves_to: [\(state.movesTo.filter { $0 != state.setting }.joined(separator: ", "))]")
            let costs = needs.map { inputs.costs[$0]?[state.setting] }
            if costs.contains(where: { $0 != nil }) {
                line(
                    "    top_up: {\(zip(needs, costs).map { "\($0): \(Self.number($1 ?? 0))" }.joined(separator: ", "))}  # costs.csv, £ a year"
                )
            }
        }
        return lines
    }

    /// The one locality's population, the need mix and the January stock.
    private func stockLines() -> [String] {
        let e = estimates
        let needs = inputs.needs
        var lines: [String] = []
        func line(_ text: String = "") { lines.append(text) }
        line("localities:")
        line("  la:")
        line("    name: Whole area")
        line("    population:")
        line("      by_age:  # population.csv, children by year")
        let projectionYears = Array(Set(e.years + Array(e.baseYear..<(e.baseYear + horizon)))).sorted()
        for age in e.joiners.keys.sorted() {
            let byYear = projectionYears.compactMap { year in
                inputs.population[year]?[CurriculumYear.year(ofAge: age)].map { "\(year): \(Self.number($0))" }
            }
            line("        \(age): {\(byYear.joined(separator: ", "))}")
        }
        let stockByNeed = Dictionary(grouping: e.stock, by: \.need).mapValues { $0.reduce(0) { $0 + $1.count } }
        let stockTotal = max(1, stockByNeed.values.reduce(0, +))
        let needShares = StockDerivation.largestRemainder(
            1_000_000, needs.map { Double(stockByNeed[$0] ?? 0) / Double(stockTotal) })
        line("need_profile:")
        line(
            "  mix: {\(zip(needs, needShares).map { "\($0): \(Self.number(Double($1) / 1_000_000))" }.joined(separator: ", "))}  # January \(e.baseYear) stock"
        )
        line("  band_mix:")
        line("    all: {\(needs.map { "\($0): {\($0): 1}" }.joined(separator: ", "))}")
        line("ehc_plans:")
        line("  cells:  # January \(e.baseYear): the -2 side of transitions.csv for \(e.years.last!)")
        for cell in e.stock {
            line(
                "    - {locality: la, age: \(cell.age), need: \(cell.need), setting: \(cell.setting), count: \(cell.count)}"
            )
        }
        return lines
    }

    /// New plans by age.
    private func newPlanLines() -> [String] {
        let e = estimates
        var lines: [String] = []
        func line(_ text: String = "") { lines.append(text) }
        line("flows:")
        line("  new_plans:")
        line(
            "    by_age:  # rate: Beta(joiners, children without a new plan), each a mean over the years; settings and needs: Dirichlet pseudo-counts"
        )
        for (age, j) in e.joiners.sorted(by: { $0.key < $1.key }) {
            line("      \(age):")
            line("        rate: {dist: beta, alpha: \(Self.number(j.rate.alpha)), beta: \(Self.number(j.rate.beta))}")
            line(
                "        settings: {\(j.settings.sorted { $0.key < $1.key }.map { "\($0.key): \(Self.number($0.value))" }.joined(separator: ", "))}"
            )
            line(
                "        needs: {\(j.needs.sorted { $0.key < $1.key }.map { "\($0.key): \(Self.number($0.value))" }.joined(separator: ", "))}"
            )
        }
        return lines
    }

    /// Leaving by phase and age, where no cell applies.
    private func ceasingLines() -> [String] {
        let e = estimates
        var lines: [String] = []
        func line(_ text: String = "") { lines.append(text) }
        line("  ceasing:  # where no setting x age cell below applies: the share leaving at each age over all settings")
        let byPhase = Dictionary(grouping: e.leavingByAge, by: { Phase.of(age: $0.key) })
        line(
            "    rate: {\(Phase.allCases.compactMap { phase in byPhase[phase].map { "\(phase.rawValue): \(Self.number($0.map(\.value).reduce(0, +) / Double($0.count)))" } }.joined(separator: ", "))}"
        )
        line(
            "    by_age: {\(e.leavingByAge.sorted { $0.key < $1.key }.map { "\($0.key): \(Self.number($0.value))" }.joined(separator: ", "))}"
        )
        line("    max_age: \(WitanSendEstimates.age(WitanSendInputs.yearRange.upperBound) - 1)")
        return lines
    }

    /// Leaving and moving by setting x age, with each observed need's estimate.
    private func cellLines() -> [String] {
        let e = estimates
        let settings = inputs.validStates
        var lines: [String] = []
        func line(_ text: String = "") { lines.append(text) }
        line("  by_setting_and_age:  # age reached in January. Each cell: the prior every need without observations")
        line("    # shares, then by_need the estimate of each need observed there (n = children observed).")
        line("    # leave, move: Beta; destinations: Dirichlet pseudo-counts")
        func flows(_ cell: WitanSendEstimates.Cell) -> String {
            var parts = [
                "leave: {dist: beta, alpha: \(Self.number(cell.leave.alpha)), beta: \(Self.number(cell.leave.beta))}"
            ]
            if let move = cell.move {
                parts.append("move: {dist: beta, alpha: \(Self.number(move.alpha)), beta: \(Self.number(move.beta))}")
                parts.append(
                    "destinations: {\(cell.destinations.sorted { $0.key < $1.key }.map { "\($0.key): \(Self.number($0.value))" }.joined(separator: ", "))}"
                )
            }
            return parts.joined(separator: ", ")
        }
        for state in settings {
            guard let byAge = e.cells[state.setting], !byAge.isEmpty else { continue }
            line("    \(state.setting):")
            for (age, group) in byAge.sorted(by: { $0.key < $1.key }) {
                guard !group.byNeed.isEmpty else { line("      \(age): {\(flows(group.prior))}"); continue }
                line("      \(age):")
                line(
                    "        \(flows(group.prior).replacingOccurrences(of: "}, ", with: "}\n        ").replacingOccurrences(of: ": {dist", with: ": {dist"))"
                )
                line("        by_need:")
                for (need, cell) in group.byNeed.sorted(by: { $0.key < $1.key }) {
                    line("          \(need): {\(flows(cell))}  # n = \(cell.children)")
                }
            }
        }
        return lines
    }

    /// Up to 8 significant digits, no exponent for the magnitudes that occur here.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(Int(value)) }
        var text = String(format: "%.8g", value)
        if text.contains("e") { text = String(format: "%.10f", value) }
        if text.contains(".") { while text.hasSuffix("0") { text.removeLast() } }
        return text
    }
}
