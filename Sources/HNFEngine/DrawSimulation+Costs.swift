import HNFCore
import HNFScenario

extension DrawSimulation {
    /// Kernel 4, **cost**: spend by locality x setting at the year's unit costs, place
    /// funding on commissioned places, protected top-ups, uplifted by the price index.
    mutating func cost(_ t: Int, _ out: inout StepOutcome) {
        let S = plan.settingCount, L = plan.localityCount, B = plan.bandCount
        let perChild = plan.perChildCost[t], placeFunding = plan.placeFunding[t]
        for l in 0..<L {
            for s in 0..<S {
                var spend = 0.0
                for b in 0..<B { spend += Double(counts[(l * S + s) * B + b]) * perChild[s * B + b] }
                let occupied = Double(out.stock[l * S + s])
                switch plan.capacityKind[s] {
                case .none: break
                case .perLocality:
                    let places = plan.localCapacity[t][l * S + s]
                    spend += placeFunding[s] * (places.isFinite ? places : occupied)
                case .laWide:
                    // Commissioned places are paid whether filled or not, shared between
                    // localities by the children they place there.
                    let places = plan.wideCapacity[t][s]
                    let total = (0..<L).reduce(0.0) { $0 + Double(out.stock[$1 * S + s]) }
                    let share = total > 0 ? occupied / total : 1 / Double(L)
                    spend += placeFunding[s] * (places.isFinite ? places * share : occupied)
                }
                out.spend[l * S + s] = spend
            }
        }
        protectBands(t, &out)
        // Unit costs are stated at the price base: the year's index uplifts them all.
        if prices[t] != 1 { for c in out.spend.indices { out.spend[c] *= prices[t] } }
    }

    /// Children a new band system protects — with a plan in the January it starts, and no
    /// phase transfer since — keep the top-up of the year before it.
    func protectBands(_ t: Int, _ out: inout StepOutcome) {
        let systems = plan.protectedBandSystem[t]
        guard systems.contains(where: { $0 != nil }) else { return }
        let S = plan.settingCount, B = plan.bandCount
        let extra = plan.protectedTopUpExtra[t]
        let transferAge = Transfer.allCases.map(\.age)
        let st = population.storage
        for i in 0..<st.count {
            let s = Int(st.setting[i])
            // (A setting whose top-ups a locality budget pays has none to protect.)
            guard let k = systems[s], !plan.replaced[t][s] else { continue }
            // Steps since the January the system started (the starting stock counts as funded then).
            let started = max(plan.scenario.bandSystems[k].from - plan.baseYear, 0)
            let steps = t - started + 1
            guard steps > 0, Int(st.yearsWithPlan[i]) >= steps else { continue }
            let age = Int(st.age[i])
            if transferAge.contains(where: { $0 > age - steps && $0 <= age }) { continue }
            out.spend[Int(st.locality[i]) * S + s] += extra[s * B + Int(st.band[i])]
        }
    }
}
