import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// Compiles what a child costs: each setting's own top-ups (after the element 2
    /// threshold), the band systems' values over them (`ProjectionPlan+BandSystems.swift`),
    /// fees and place funding, and the settings a locality budget pays instead. Each
    /// parameter read is recorded in the plan's trace as it is read, so the order of the
    /// calls is the order `hnf explain` lists them in.
    struct CostCompiler {
        let c: Compiling
        let capacityKind: [CapacityKind]

        /// Per step: the settings whose top-ups a locality budget pays instead. A locality
        /// budget that replaces settings' top-ups takes them out of each child's cost in
        /// the years it pays.
        func replacedSettings() -> [[Bool]] {
            c.stepYears.map { year -> [Bool] in
                var out = [Bool](repeating: false, count: c.S)
                for block in c.scenario.fundingBlocks where block.isActive(in: year) {
                    for id in block.rule.replaces { if let s = c.settingIndex[id] { out[s] = true } }
                }
                return out
            }
        }

        /// The settings' own top-ups, before any new band system, `[s * B + b]`. In
        /// mainstream settings without place funding the school meets the first
        /// `element2_threshold` of a child's support; top-ups are stated at the national
        /// £6,000, so a threshold above it lowers each top-up by the difference (not below
        /// 0), and one below raises it. `traced` is the year the reads are recorded for,
        /// when not `year` (a protected child's old top-up).
        func ownTopUps(in year: Int, for traced: Int? = nil) -> [Double] {
            let S = c.S, B = c.B, settings = c.settings, bandIDs = c.bandIDs, recorder = c.recorder
            let threshold = c.scenario.element2Threshold
            let shift =
                (threshold?.value(in: year) ?? ProjectionPlan.nationalElement2Threshold)
                - ProjectionPlan.nationalElement2Threshold
            return (0..<(S * B)).map { i in
                let b = i % B, setting = settings[i / B]
                let stated = bandIDs.indices.contains(b) ? (setting.topUp[bandIDs[b]]?.value(in: year) ?? 0) : 0
                if bandIDs.indices.contains(b) {
                    recorder.read(
                        "settings.\(setting.id).top_up.\(bandIDs[b])", for: c.scope(i / B), in: traced ?? year,
                        valueIn: year)
                }
                let schoolPays = setting.group == .mainstream && setting.placeFunding.steps.allSatisfy { $0.value == 0 }
                guard schoolPays && stated > 0 else { return stated }
                recorder.read(
                    "funding.element2_threshold", for: c.scope(i / B), in: traced ?? year, valueIn: year,
                    note: "£6,000 (not stated: the national threshold top-ups are stated at)")
                let used = max(0, stated - shift)
                if shift != 0 {
                    recorder.derived(
                        "settings.\(setting.id).top_up.\(bandIDs[b]) after the threshold",
                        "£" + Text.thousands(Int(used.rounded())),
                        for: c.scope(i / B), in: traced ?? year,
                        because: shift > 0
                            ? "the stated top-up less £\(Text.thousands(Int(shift.rounded()))), what the threshold asks of the school above the national £6,000 (not below £0)"
                            : "the stated top-up plus £\(Text.thousands(Int((-shift).rounded()))), what a threshold below the national £6,000 leaves to the LA"
                    )
                }
                return used
            }
        }

        /// The cost of one child of setting s in band b in `year`, `[s * B + b]` (top-up,
        /// fee, and place funding where places are not commissioned), and place funding
        /// per place, `[s]`. `replacing[s]`: a locality budget pays setting s's top-ups.
        func costs(in year: Int, replacing: [Bool]? = nil) -> (perChild: [Double], place: [Double]) {
            let S = c.S, B = c.B, recorder = c.recorder, kinds = capacityKind
            var perChild = [Double](repeating: 0, count: S * B)
            var place = [Double](repeating: 0, count: S)
            let topUp = topUps(in: year)
            for (s, setting) in c.settings.enumerated() {
                let pf = setting.placeFunding.value(in: year)
                place[s] = pf
                let fee = setting.fee?.value(in: year) ?? 0
                for key in ["fee", "place_funding"] {
                    recorder.read("settings.\(setting.id).\(key)", for: c.scope(s), in: year)
                }
                for key in setting.capacity.keys.sorted() where kinds[s] != .none {
                    recorder.read("settings.\(setting.id).capacity.\(key)", for: c.scope(s), in: year)
                }
                if replacing?[s] == true { recordReplacing(s, in: year) }
                if let prices = c.scenario.budget.prices {
                    recorder.read("budget.prices.base", for: c.scope(s), in: year)
                    if year != prices.base { recorder.read("budget.prices.growth", for: c.scope(s), in: year) }
                }
                for b in 0..<B {
                    perChild[s * B + b] =
                        (replacing?[s] == true ? 0 : topUp[s * B + b]) + fee + (kinds[s] == .none ? pf : 0)
                }
            }
            return (perChild, place)
        }

        /// Records the blocks that pay setting s's top-ups in `year`.
        private func recordReplacing(_ s: Int, in year: Int) {
            let setting = c.settings[s]
            for block in c.scenario.fundingBlocks where block.isActive(in: year) {
                if block.rule.replaces.contains(setting.id) {
                    c.recorder.read("funding.blocks.\(block.id).replaces", for: c.scope(s), in: year)
                }
            }
        }
    }
}
