import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// Where children may be: each setting's overflow and ceasing factor, and its
    /// commissioned places by step.
    struct Places {
        var overflow: [Int]
        var ceasingFactor: [Double]
        var capacityKind: [CapacityKind]
        var localCapacity: [[Double]]
        var wideCapacity: [[Double]]
    }

    static func compilePlaces(_ c: Compiling) -> Places {
        let settings = c.settings, S = c.S, L = c.L
        let localCapacity = c.stepYears.map { year in
            var out = [Double](repeating: .infinity, count: L * S)
            for (s, setting) in settings.enumerated() {
                for (key, places) in setting.capacity {
                    if let l = c.localityIndex[key] { out[l * S + s] = places.value(in: year) }
                }
            }
            return out
        }
        return Places(
            overflow: settings.map { $0.overflow.flatMap { c.settingIndex[$0] } ?? -1 },
            ceasingFactor: settings.map { c.scenario.flows.ceasingSettingFactor[$0.id] ?? 1 },
            capacityKind: settings.map {
                $0.capacity.isEmpty ? .none : ($0.capacity["all"] != nil ? .laWide : .perLocality)
            },
            localCapacity: localCapacity,
            wideCapacity: c.stepYears.map { year in settings.map { $0.capacity["all"]?.value(in: year) ?? .infinity } })
    }
}
