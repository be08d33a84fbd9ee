import HNFCore
import HNFScenario

extension DrawSimulation {
    /// Kernel 1, **age, leave, move**: one fused pass over the children (see
    /// `DrawSimulation`), run by `AgeLeaveMoveKernel` on unsafe pointers. The random
    /// stream and the arrivals are handed to it as locals, so that the loop keeps the
    /// stream in registers rather than writing it back into the draw after every child.
    mutating func ageLeaveMove<Offsets: FlowGroupOffsets>(
        _ tables: YearTables, _ out: inout StepOutcome, _ offsets: Offsets
    ) {
        let cells = plan.localityCount * plan.settingCount
        let flows = OwnedBuffer<Int32>(repeating: 0, count: cells * AgeLeaveMoveKernel<Offsets>.flowKinds)
        let capped = plan.capacityKind.map { $0 != .none }
        var rng = child
        var arrived = arrivals
        arrivals = []
        capped.withUnsafeBufferPointer { capped in
            let kernel = AgeLeaveMoveKernel(
                plan: plan, tables: tables, population: population.storage, counts: counts.pointer,
                flows: flows.pointer, capped: capped.baseAddress!, offsets: offsets)
            population.storage.count = kernel.run(&rng, &arrived)
        }
        child = rng
        arrivals = arrived
        let kinds = AgeLeaveMoveKernel<Offsets>.flowKinds
        func flow(_ kind: Int) -> [Int32] { (0..<cells).map { flows[$0 &* kinds &+ kind] } }
        out.leavers = flow(0)
        out.transfersOut = flow(1)
        out.movedOut = flow(2)
        out.movedIn = flow(3)
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

/// The age/leave/move loop and everything it reads, as plain values and pointers. It
/// reads the year's tables and the population's columns, compacts survivors to the front
/// and counts into `counts` (locality x setting x band) and `flows` (locality x setting
/// x `flowKinds`: leavers, transfers out, moved out, moved in); it allocates nothing per
/// child and has no uniqueness or bounds checks in the common path.
struct AgeLeaveMoveKernel<Offsets: FlowGroupOffsets> {
    static var flowKinds: Int { 4 }
    let plan: ProjectionPlan
    let tables: YearTables
    let population: Population.Storage
    let counts: UnsafeMutablePointer<Int32>
    let flows: UnsafeMutablePointer<Int32>
    let capped: UnsafePointer<Bool>
    let offsets: Offsets

    /// Runs the pass; returns how many children stay.
    func run(_ stream: inout ChildStream, _ arrivals: inout [Int32]) -> Int {
        // A local copy: an `inout` stream is written back to memory after every number.
        var rng = stream
        defer { stream = rng }
        let S = plan.settingCount, B = plan.bandCount, maxAge = plan.maxAge
        let st = population, n = st.count
        let loc = st.locality, age = st.age, need = st.need, setting = st.setting, band = st.band,
            years = st.yearsWithPlan, term = st.fundingTerm
        let leave = tables.leave.pointer, transferOut = tables.transferOut.pointer, move = tables.move.pointer,
            allowed = plan.allowed.pointer, counts = counts, flows = flows, capped = capped
        let stride = tables.needStride, byNeed = stride == 1 ? 0 : 1
        var written = 0
        for i in 0..<n {
            let l = Int(loc[i]), s = Int(setting[i])
            let a = Int(age[i]) &+ 1
            let from = (l &* S &+ s) &* Self.flowKinds
            if a > maxAge { flows[from] &+= 1; continue }
            let r = rng.next()
            let childNeed = need[i]
            // (The offsets pick the locality's flow group; specialised away when no locality has its own flows.)
            let cell = (a &* S &+ s) &* stride &+ Int(childNeed) &* byNeed &+ offsets.cell(l)
            if r & 0xFFFF_FFFF < leave[cell] {
                flows[from &+ (r & 0xFFFF_FFFF < transferOut[offsets.age(l) &+ a] ? 1 : 0)] &+= 1
                continue
            }
            var s2 = s
            if r >> 32 < move[cell] { s2 = DrawSimulation.destination(tables, cell, r >> 32) }
            if !allowed[a &* S &+ s2] { s2 = DrawSimulation.pick(plan.ageOutDestination[a &* S &+ s2], rng.next()) }
            if s2 != s {
                flows[from &+ 2] &+= 1
                flows[(l &* S &+ s2) &* Self.flowKinds &+ 3] &+= 1
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
        return written
    }

    /// Kept out of the loop: arrivals in a setting with commissioned places are rare.
    @inline(never)
    static func arrive(_ arrivals: inout [Int32], _ index: Int) {
        arrivals.append(Int32(index))
    }
}
