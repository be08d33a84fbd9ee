import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// Records what each formula block reads in each year it is in force, and the
    /// behavioural responses (which change the children every setting's cost counts).
    static func recordBlocks(_ scenario: Scenario, years: [Int], _ recorder: TraceRecorder) {
        let blockKeys = scenario.fundingBlocks.map { tracedKeys(of: $0, in: scenario.document) }
        for year in years {
            for (block, keys) in zip(scenario.fundingBlocks, blockKeys) {
                let base = "funding.blocks.\(block.id)", scope = [TraceScope.block(block.id)]
                for key in keys { recorder.read("\(base).\(key)", for: scope, in: year) }
            }
            for response in scenario.responses where response.from <= year {
                for key in ["effect", "from"] {
                    recorder.read("funding.responses.\(response.id).\(key)", for: [.children], in: year)
                }
            }
        }
    }

    /// What a block's payment reads: every field its type declares, in the schema's order
    /// (so a new field is traced without a list to keep; a mapping by name, a pot's
    /// `factors`, by each name the block gives), then `from`. Fields the block leaves out
    /// are not recorded.
    static func tracedKeys(of block: NamedFundingBlock, in document: SourceNode) -> [String] {
        let node = document["funding"]?["blocks"]?[block.id]
        return type(of: block.rule).fields.flatMap { field -> [String] in
            guard case .map = field.shape, let entries = node?[field.name]?.entries else { return [field.name] }
            return entries.map { "\(field.name).\($0.key)" }
        } + ["from"]
    }
}
