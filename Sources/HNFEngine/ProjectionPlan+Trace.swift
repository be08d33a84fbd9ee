import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// Records what each formula block reads in each year it is in force, and the
    /// behavioural responses (which change the children every setting's cost counts).
    static func recordBlocks(_ scenario: Scenario, years: [Int], _ recorder: TraceRecorder) {
        for year in years {
            for block in scenario.fundingBlocks {
                let base = "funding.blocks.\(block.id)", scope = ["block:\(block.id)"]
                for key in block.rule.tracedKeys { recorder.read("\(base).\(key)", for: scope, in: year) }
            }
            for response in scenario.responses where response.from <= year {
                for key in ["effect", "from"] {
                    recorder.read("funding.responses.\(response.id).\(key)", for: ["children"], in: year)
                }
            }
        }
    }
}
