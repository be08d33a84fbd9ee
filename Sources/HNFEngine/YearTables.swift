import HNFCore
import HNFScenario

/// The per-child probabilities of one step of one draw, as 32-bit thresholds: a child
/// leaves when the low 32 bits of its random number fall below `leave[cell]`, and
/// moves when the high 32 bits fall below `move[cell]` (given it stays), to the
/// destination whose cumulative threshold the same bits first fall below. One 64-bit
/// number decides both, so the loop draws one number per child-year.
///
/// Thresholds are `p × 2³²` rounded down, held in 64 bits so that p = 1 is exact.
struct YearTables {
    /// Cells are `(age * S + setting) * needStride + need`; the stride is 1 (need ignored)
    /// unless the scenario gives flows by need.
    let needStride: Int
    let leave: OwnedBuffer<UInt64>
    /// `[age]`: the part of `leave` (its lowest thresholds) that is a transfer to another LA.
    let transferOut: OwnedBuffer<UInt64>
    let move: OwnedBuffer<UInt64>
    /// Destinations of the moves from `age * S + s`: `moveStart[i] ..< moveStart[i + 1]`
    /// index `moveCumulative` and `moveTo`.
    var moveStart: [Int32]
    var moveCumulative: [UInt64]
    var moveTo: [UInt8]
    /// Per locality: where its flow group's cells and ages start (`cell + cellOffset[l]`,
    /// `age + ageOffset[l]`); all 0 unless localities override the LA's flows.
    let cellOffset: OwnedBuffer<Int>
    let ageOffset: OwnedBuffer<Int>

    static let one: UInt64 = 1 << 32

    static func threshold(_ p: Double) -> UInt64 {
        guard p > 0 else { return 0 }
        guard p < 1 else { return one }
        return UInt64(p * 4_294_967_296.0)
    }

    init(plan: ProjectionPlan, assumptions: DrawAssumptions, step t: Int, mix: MixPath) {
        let S = plan.settingCount, A = ProjectionPlan.ageCount
        let stride = plan.needStride
        needStride = stride
        let slots = A * S * stride
        let leave = OwnedBuffer<UInt64>(repeating: 0, count: slots)
        let move = OwnedBuffer<UInt64>(repeating: 0, count: slots)
        var moveStart = [Int32](repeating: 0, count: slots + 1)
        var moveCumulative: [UInt64] = [], moveTo: [UInt8] = []
        // Setting shocks add up to S - 1 destinations a slot beyond the plan's moves.
        let entries = plan.moveEntryCount + (mix.settingShock.isEmpty ? 0 : slots * (S - 1))
        moveCumulative.reserveCapacity(entries)
        moveTo.reserveCapacity(entries)
        var shocked: [(to: Int, rate: Double)] = []
        shocked.reserveCapacity(S)
        let transferOut = OwnedBuffer<UInt64>(repeating: 0, count: A)
        for a in 0..<A { transferOut[a] = Self.threshold(assumptions.transferOut[a]) }
        let ceasing = assumptions.ceasing[t], moveRate = assumptions.moveRate[t], shares = assumptions.destinationShare
        let cellMoveFactor = assumptions.cellMoveFactor[t]
        for a in 0..<A {
            for s in 0..<S {
                let general = a > plan.maxAge ? 1 : min(1, ceasing[a] * plan.ceasingFactor[s])
                let listed = plan.movesFrom[a * S + s]
                Self.shockMoves(plan, mix, step: t, age: a, from: s, into: &shocked)
                for n in 0..<stride {
                    let i = (a * S + s) * stride + n
                    // The estimated cell governing this slot, if any (a need's over its setting's).
                    let k = Int(plan.cellOf[i])
                    let estimatedLeave = k >= 0 ? assumptions.cellLeave[k] : .nan
                    let ceases = estimatedLeave.isNaN || a > plan.maxAge ? general : estimatedLeave
                    // Transfers out come first in the threshold: [0, transfer) moves to another LA.
                    leave[i] = Self.threshold(min(1, ceases + assumptions.transferOut[a]))
                    // Rates from one slot that add up to more than 1 are scaled to 1.
                    let cellMove =
                        (k >= 0 && !assumptions.cellMove[k].isNaN ? assumptions.cellMove[k] : 0)
                        * cellMoveFactor[a * S + s]
                    let destinations = cellMove > 0 ? plan.destinationStart[k]..<plan.destinationStart[k + 1] : 0..<0
                    var total = 0.0
                    for d in destinations { total += cellMove * shares[d] }
                    for m in listed { total += moveRate[m] }
                    for d in shocked { total += d.rate }
                    let scale = total > 1 ? 1 / total : 1
                    var cumulative = 0.0
                    for d in destinations where shares[d] > 0 {
                        cumulative += cellMove * shares[d] * scale
                        moveCumulative.append(Self.threshold(cumulative))
                        moveTo.append(UInt8(plan.destinationTo[d]))
                    }
                    for m in listed where moveRate[m] > 0 {
                        cumulative += moveRate[m] * scale
                        moveCumulative.append(Self.threshold(cumulative))
                        moveTo.append(UInt8(plan.moves[m].to))
                    }
                    for d in shocked {
                        cumulative += d.rate * scale
                        moveCumulative.append(Self.threshold(cumulative))
                        moveTo.append(UInt8(d.to))
                    }
                    move[i] = Self.threshold(min(total, 1))
                    moveStart[i + 1] = Int32(moveCumulative.count)
                }
            }
        }
        self.leave = leave
        self.transferOut = transferOut
        self.move = move
        self.moveStart = moveStart
        self.moveCumulative = moveCumulative
        self.moveTo = moveTo
        cellOffset = OwnedBuffer(repeating: 0, count: plan.localityCount)
        ageOffset = OwnedBuffer(repeating: 0, count: plan.localityCount)
    }

    /// The moves the setting shocks (`MixPath`) make from setting s at age a in step t: a
    /// negative shock sends its share of s's children to the other settings taking the age,
    /// in proportion to their children of that age at the start; a positive shock on another
    /// setting s′ draws from every other setting the share that gives s′ its shock's share
    /// of its own children of that age.
    /// (Written into `out`, emptied first, so that a step's tables allocate nothing per slot.)
    static func shockMoves(
        _ plan: ProjectionPlan, _ mix: MixPath, step t: Int, age a: Int, from s: Int,
        into out: inout [(to: Int, rate: Double)]
    ) {
        out.removeAll(keepingCapacity: true)
        guard !mix.settingShock.isEmpty else { return }
        let S = plan.settingCount, u = mix.settingShock[t], n = plan.baseByAgeSetting
        let atAge = (0..<S).reduce(0.0) { $0 + (plan.allowed[a * S + $1] ? n[a * S + $1] : 0) }
        let others = atAge - n[a * S + s]
        for target in 0..<S where target != s && plan.allowed[a * S + target] {
            var rate = 0.0
            if u[s] < 0, others > 0 { rate += -u[s] * n[a * S + target] / others }
            let outside = atAge - n[a * S + target]
            if u[target] > 0, outside > 0 { rate += u[target] * n[a * S + target] / outside }
            if rate > 0 { out.append((target, Swift.min(rate, MixPath.maximumShock))) }
        }
    }
}
