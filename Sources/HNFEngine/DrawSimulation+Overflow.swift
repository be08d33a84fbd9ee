import HNFCore
import HNFScenario

extension DrawSimulation {
    /// Kernel 3, **place**: where a setting has more children than commissioned places,
    /// this year's arrivals there, in random order, go to its overflow setting.
    mutating func place(_ t: Int, _ out: inout StepOutcome) {
        let S = plan.settingCount, L = plan.localityCount, B = plan.bandCount
        let st = population.storage
        func occupied(_ l: Int, _ s: Int) -> Int { (0..<B).reduce(0) { $0 + Int(counts[(l * S + s) * B + $1]) } }
        for s in 0..<S where plan.capacityKind[s] != .none {
            let target = plan.overflow[s]
            // Excess by locality (per-locality places) or for the whole LA (index 0).
            var excess: [Int]
            if plan.capacityKind[s] == .laWide {
                let total = (0..<L).reduce(0) { $0 + occupied($1, s) }
                excess = [max(0, total - Int(plan.wideCapacity[t][s].clampedPlaces))]
            } else {
                excess = (0..<L).map { max(0, occupied($0, s) - Int(plan.localCapacity[t][$0 * S + s].clampedPlaces)) }
            }
            if target >= 0, excess.contains(where: { $0 > 0 }) {
                var candidates = arrivals.filter { Int(st.setting[Int($0)]) == s }
                Self.shuffle(&candidates, &overflowOrder)
                for index in candidates {
                    let i = Int(index)
                    let l = Int(st.locality[i]), b = Int(st.band[i])
                    let slot = plan.capacityKind[s] == .laWide ? 0 : l
                    guard excess[slot] > 0 else { continue }
                    excess[slot] -= 1
                    st.setting[i] = UInt8(target)
                    out.overflowOut[l * S + s] += 1
                    out.overflowIn[l * S + target] += 1
                    counts[(l * S + s) * B + b] -= 1
                    counts[(l * S + target) * B + b] += 1
                }
            }
            // Whatever is left is over capacity with nowhere else to go (or no newcomer to send).
            if plan.capacityKind[s] == .laWide {
                out.overCapacity[s] += Int32(excess[0])
            } else {
                for l in 0..<L { out.overCapacity[l * S + s] += Int32(excess[l]) }
            }
        }
    }

    /// Fisher-Yates with the overflow stream: every order of the arrivals equally likely.
    static func shuffle(_ items: inout [Int32], _ stream: inout ChildStream) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = Int((stream.next() >> 11) % UInt64(i + 1))
            items.swapAt(i, j)
        }
    }
}

extension Double {
    /// Commissioned places as a whole number (unlimited stays far above any count).
    var clampedPlaces: Double { isFinite ? rounded(.down) : Double(Int32.max) }
}
