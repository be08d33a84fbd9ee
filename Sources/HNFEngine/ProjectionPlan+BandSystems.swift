import HNFCore
import HNFScenario

extension ProjectionPlan.CostCompiler {
    /// The band system (index in `scenario.bandSystems`) in force for setting s in a year:
    /// the latest started.
    func bandSystem(_ s: Int, in year: Int) -> Int? {
        let systems = c.scenario.bandSystems, id = c.settings[s].id
        return systems.indices.last { systems[$0].from <= year && systems[$0].settings.contains(id) }
    }

    /// The top-ups in force in `year`, `[s * B + b]`: a band system's values where one is
    /// in force for the setting, else the setting's own.
    func topUps(in year: Int) -> [Double] {
        let B = c.B, bandIDs = c.bandIDs, systems = c.scenario.bandSystems
        var out = ownTopUps(in: year)
        for s in 0..<c.S {
            guard let k = bandSystem(s, in: year) else { continue }
            let id = systems[k].id
            for key in ["from", "settings", "existing"] {
                c.recorder.read("funding.blocks.\(id).\(key)", for: c.scope(s), in: year)
            }
            for b in 0..<B where bandIDs.indices.contains(b) {
                out[s * B + b] = systems[k].values[bandIDs[b]] ?? 0
                c.recorder.read("funding.blocks.\(id).values.\(bandIDs[b])", for: c.scope(s), in: year)
            }
        }
        return out
    }

    /// Per step and setting: the band system whose `protected` rule applies (nil: none).
    func protectedBandSystems() -> [[Int?]] {
        let systems = c.scenario.bandSystems
        return c.stepYears.map { year in
            (0..<c.S).map { s -> Int? in
                guard let k = bandSystem(s, in: year), systems[k].existing == .protected else { return nil }
                return k
            }
        }
    }

    /// Children protected by a band system's transition rule keep the top-up of the year
    /// before it starts: the difference they add, per step, `[s * B + b]`.
    func protectedTopUpExtras() -> [[Double]] {
        let B = c.B, bandIDs = c.bandIDs, systems = c.scenario.bandSystems
        return c.stepYears.map { year in
            (0..<(c.S * B)).map { i in
                let s = i / B
                guard let k = bandSystem(s, in: year), systems[k].existing == .protected else { return 0 }
                let before = systems[k].from - 1
                var old = ownTopUps(in: before, for: year)
                // A band system before this one, in force the year before, sets the old value.
                if let earlier = bandSystem(s, in: before) {
                    for b in 0..<B where bandIDs.indices.contains(b) {
                        old[s * B + b] = systems[earlier].values[bandIDs[b]] ?? 0
                    }
                }
                return old[i] - topUps(in: year)[i]
            }
        }
    }
}
