import ArgumentParser
import HighNeeds

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a scenario from another model's inputs.",
        subcommands: [WitanSend.self]
    )

    struct WitanSend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "witan-send",
            abstract:
                "Estimate a scenario from witan.send's inputs (transitions.csv, population.csv, costs.csv, valid-states.csv).",
            discussion: """
                Flows are estimated from the person-level transitions as witan.send does (beta-binomial \
                leaving and moving pooled toward each age; Dirichlet destinations and starting settings), \
                by setting x age. The seed and number of simulations come from config.edn (or the one \
                config*.edn in DIR; with several and no config.edn, name one with --config) when there is one.

                Example: hnf import witan-send data/demo --out demo.yaml && hnf run demo.yaml --draws 1000 --seed 50
                """
        )

        @Argument(help: "The folder holding witan.send's input files.")
        var directory: String

        @Option(name: .shortAndLong, help: "Write the scenario here (atomically) instead of standard output.")
        var out: String?

        @Option(help: "witan.send's run configuration (.edn), for its seed and simulation count.")
        var config: String?

        @Option(
            name: .customLong("group"),
            help: ArgumentHelp(
                "Map a witan.send setting group to a DfE placement group, e.g. --group Mainstream=mainstream (repeatable).",
                valueName: "NAME=GROUP"))
        var groups: [String] = []

        @Option(help: "Weight of the pooled prior, in observations (1, as witan.send).")
        var priorWeight: Double = 1

        @Option(help: "Years to project (default: those population.csv covers after the base year).")
        var horizon: Int?

        func validate() throws {
            guard priorWeight > 0, priorWeight <= 1e6 else {
                throw ValidationError(
                    "--prior-weight must be above 0 and at most 1,000,000 (observations), not \(priorWeight)")
            }
            if let horizon, !(1...30).contains(horizon) {
                throw ValidationError("--horizon must be 1 to 30, not \(horizon)")
            }
        }

        func run() throws {
            let target = try OutputTarget.prepare(out, inputs: [directory] + (config.map { [$0] } ?? []))
            var mapping: [String: PlacementGroup] = [:], order: [String] = []
            for entry in groups {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let group = PlacementGroup(rawValue: parts[1]),
                    PlacementGroup.published.contains(group)
                else {
                    throw fail(
                        "--group \(entry): expected NAME=GROUP with GROUP one of \(PlacementGroup.published.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                if mapping[parts[0]] != nil {
                    throw fail("--group \(parts[0]): given twice; expected each setting group once")
                }
                mapping[parts[0]] = group
                order.append(parts[0])
            }
            // Input problems (InvalidInput) end the command with status 2 in `HNF.main`.
            let inputs = try WitanSendInputs(directory: directory, config: config)
            // A group valid-states.csv does not have was ignored without a word.
            var known: [String] = []
            for state in inputs.validStates where !known.contains(state.group) { known.append(state.group) }
            if let unknown = order.first(where: { !known.contains($0) }) {
                throw fail(
                    "--group \(unknown)=\(mapping[unknown]!.rawValue): valid-states.csv has no setting group \"\(unknown)\"; expected one of \(known.map { "\"\($0)\"" }.joined(separator: ", "))"
                )
            }
            let yaml = try WitanSendImport(inputs, priorWeight: priorWeight, groups: mapping, horizon: horizon)
                .scenarioYAML()
            try WrittenScenario.check(
                yaml, shownAs: out ?? "imported from \(directory)", national: NationalDataOptions())
            try target.write(yaml)
        }
    }
}
