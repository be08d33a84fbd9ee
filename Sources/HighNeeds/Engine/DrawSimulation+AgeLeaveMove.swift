extension DrawSimulation {
    /// Kernel 1, **age, leave, move**: one fused pass over the children (see
    /// `DrawSimulation`). It reads the year's tables and the population's columns through
    /// unsafe pointers and counts into `OwnedBuffer`s, so the loop has no uniqueness or
    /// bounds checks and allocates nothing per child.
    mutating func ageLeaveMove<Offsets: FlowGroupOffsets>(
        _ tables: YearTables, _ out: inout StepOutcome, _ offsets: Offsets
    ) {
        let S = plan.settingCount, B = plan.bandCount
        let st = population.storage
        let n = st.count
        let maxAge = plan.maxAge
        let capped = plan.capacityKind.map { $0 != .none }
        var written = 0
        var rng = child
        let loc = st.locality, age = st.age, need = st.need, setting = st.setting, band = st.band,
            years = st.yearsWithPlan, term = st.fundingTerm
        let leave = tables.leave.pointer, transferOut = tables.transferOut.pointer, move = tables.move.pointer,
            allowed = plan.allowed.pointer, counts = counts.pointer
        let cells = plan.localityCount * S, stride = tables.needStride, byNeed = stride == 1 ? 0 : 1
        let leavers = OwnedBuffer<Int32>(repeating: 0, count: cells),
            movedOut = OwnedBuffer<Int32>(repeating: 0, count: cells)
        let movedIn = OwnedBuffer<Int32>(repeating: 0, count: cells),
            transfers = OwnedBuffer<Int32>(repeating: 0, count: cells)
        for i in 0..<n {
            let l = Int(loc[i]), s = Int(setting[i])
            let a = Int(age[i]) &+ 1
            if a > maxAge { leavers.pointer[l &* S &+ s] &+= 1; continue }
            let r = rng.next()
            let childNeed = need[i]
            // (The offsets pick the locality's flow group; specialised away when no locality has its own flows.)
            let cell = (a &* S &+ s) &* stride &+ Int(childNeed) &* byNeed &+ offsets.cell(l)
            if r & 0xFFFF_FFFF < leave[cell] {
                if r & 0xFFFF_FFFF < transferOut[offsets.age(l) &+ a] {
                    transfers.pointer[l &* S &+ s] &+= 1
                } else {
                    leavers.pointer[l &* S &+ s] &+= 1
                }
                continue
            }
            var s2 = s
            if r >> 32 < move[cell] { s2 = Self.destination(tables, cell, r >> 32) }
            if !allowed[a &* S &+ s2] { s2 = Self.pick(plan.ageOutDestination[a &* S &+ s2], rng.next()) }
            if s2 != s {
                movedOut.pointer[l &* S &+ s] &+= 1
                movedIn.pointer[l &* S &+ s2] &+= 1
                if capped[s2] { Self.arrive(&arrivals, written) }
            }
            let b = band[i]
            loc[written] = UInt16(truncatingIfNeeded: l)
            age[written] = UInt8(truncatingIfNeeded: a)
            need[written] = childNeed
            setting[written] = UInt8(truncatingIfNeeded: s2)
            band[written] = b
            years[written] = years[i] &+ (years[i] < 255 ? 1 : 0)
            term[written] = term[i]
            counts[(l &* S &+ s2) &* B &+ Int(b)] &+= 1
            written &+= 1
        }
        child = rng
        st.count = written
        out.leavers = leavers.array
        out.movedOut = movedOut.array
        out.movedIn = movedIn.array
        out.transfersOut = transfers.array
    }

    /// Kept out of the loop: arrivals in a setting with commissioned places are rare.
    @inline(never)
    static func arrive(_ arrivals: inout [Int32], _ index: Int) {
        arrivals.append(Int32(index))
    }

    @inline(__always)
    static func destination(_ tables: YearTables, _ cell: Int, _ high: UInt64) -> Int {
        let lower = Int(tables.moveStart[cell]), upper = Int(tables.moveStart[cell + 1])
        for k in lower..<upper where high < tables.moveCumulative[k] { return Int(tables.moveTo[k]) }
        return Int(tables.moveTo[upper - 1])
    }

    /// An index drawn in proportion to `weights` (for rare events: a child whose setting
    /// stops taking its age, read from `ageOutDestination`; a new plan with no mix).
    @inline(never)
    static func pick(_ weights: [Double], _ r: UInt64) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }
        let u = Double(r >> 11) * 0x1p-53 * total
        var cumulative = 0.0
        for (s, w) in weights.enumerated() where w > 0 {
            cumulative += w
            if u < cumulative { return s }
        }
        return weights.lastIndex { $0 > 0 }!
    }
}
