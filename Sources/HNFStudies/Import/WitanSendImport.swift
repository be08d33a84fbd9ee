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
}
