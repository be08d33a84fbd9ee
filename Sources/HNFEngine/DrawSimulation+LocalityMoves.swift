import HNFCore
import HNFScenario

extension DrawSimulation {
    /// Kernel 1b, **moves between localities** (house moves). Each child moves house to
    /// another locality with the year's chance, to one drawn in proportion to the
    /// localities' children, keeping its setting type and band; any transition funding it
    /// carries goes with it.
    mutating func moveLocality(_ t: Int, _ out: inout StepOutcome) {
        let L = plan.localityCount
        let threshold = localityMoveThresholds(t)
        guard L > 1, threshold.contains(where: { $0 > 0 }) else { return }
        let S = plan.settingCount, B = plan.bandCount
        let weights = plan.scenario.localities.map(\.totalPopulation)
        let st = population.storage
        for i in 0..<st.count {
            let r = house.next()
            let l = Int(st.locality[i]), s = Int(st.setting[i]), b = Int(st.band[i])
            guard r & 0xFFFF_FFFF < threshold[l] else { continue }
            var others = weights
            others[l] = 0
            if !others.contains(where: { $0 > 0 }) { others = (0..<L).map { $0 == l ? 0 : 1 } }
            let l2 = Self.pick(others, house.next())
            st.locality[i] = UInt16(l2)
            out.movedOut[l * S + s] += 1
            out.movedIn[l2 * S + s] += 1
            counts[(l * S + s) * B + b] -= 1
            counts[(l2 * S + s) * B + b] += 1
            if plan.capacityKind[s] == .perLocality { arrivals.append(Int32(i)) }
        }
    }
}
