import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// The need mix of new plans, and the band mix by phase x need (`need_profile`).
    struct NeedProfile {
        var needTable: Categorical
        /// `[phase * N + need]`.
        var bandTable: [Categorical]
        /// The weights behind `bandTable`, `[phase * N + need][band]` (to share the starting
        /// stock out between bands).
        var bandShares: [[Double]]
    }

    /// Reads `need_profile.band_mix` from the typed scenario: a phase's mix, else `all`'s;
    /// within it a need's, else `all`'s; equal bands where it gives no positive weight.
    /// Every child's band, so every setting's cost, reads the mix: it is recorded for
    /// every setting and step.
    static func compileNeedProfile(_ c: Compiling) -> NeedProfile {
        let scenario = c.scenario, B = c.B, bandIDs = c.bandIDs
        let needWeights = scenario.needs.map { scenario.needMix[$0.code] ?? 0 }
        var bandTable: [Categorical] = []
        var bandShares: [[Double]] = []
        let bandMix = scenario.bandMix
        for phase in Phase.allCases {
            let phaseKey = bandMix[phase.rawValue] != nil ? phase.rawValue : "all"
            let byNeed = bandMix[phaseKey]
            for need in scenario.needs {
                let needKey = byNeed?[need.code] != nil ? need.code : "all"
                let mix = byNeed?[needKey]
                for year in c.stepYears {
                    c.recorder.read(
                        "need_profile.band_mix.\(phaseKey).\(needKey)", for: (0..<c.S).flatMap(c.scope), in: year)
                }
                var w = (0..<B).map { b in bandIDs.indices.contains(b) ? (mix?[bandIDs[b]] ?? 0) : 0 }
                if !w.contains(where: { $0 > 0 }) { w = [Double](repeating: 1, count: B) }
                bandTable.append(Categorical(w))
                bandShares.append(w)
            }
        }
        return NeedProfile(
            needTable: Categorical(needWeights.contains { $0 > 0 } ? needWeights : needWeights.map { _ in 1 }),
            bandTable: bandTable, bandShares: bandShares)
    }
}
