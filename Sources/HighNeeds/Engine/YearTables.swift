/// The per-child probabilities of one step of one draw, as 32-bit thresholds: a child
/// leaves when the low 32 bits of its random number fall below `leave[age * S + s]`, and
/// moves when the high 32 bits fall below `move[age * S + s]` (given it stays), to the
/// destination whose cumulative threshold the same bits first fall below. One 64-bit
/// number decides both, so the loop draws one number per child-year.
///
/// Thresholds are `p × 2³²` rounded down, held in 64 bits so that p = 1 is exact.
struct YearTables {
    let leave: OwnedBuffer<UInt64>
    let move: OwnedBuffer<UInt64>
    /// Destinations of the moves from `age * S + s`: `moveStart[i] ..< moveStart[i + 1]`
    /// index `moveCumulative` and `moveTo`.
    var moveStart: [Int32]
    var moveCumulative: [UInt64]
    var moveTo: [UInt8]

    static let one: UInt64 = 1 << 32

    static func threshold(_ p: Double) -> UInt64 {
        guard p > 0 else { return 0 }
        guard p < 1 else { return one }
        return UInt64(p * 4_294_967_296.0)
    }

    init(plan: ProjectionPlan, assumptions: DrawAssumptions, step t: Int) {
        let S = plan.settingCount, A = ProjectionPlan.ageCount
        var leave = [UInt64](repeating: 0, count: A * S)
        var move = [UInt64](repeating: 0, count: A * S)
        for a in 0..<A {
            for s in 0..<S {
                let p = a > plan.maxAge ? 1 : min(1, assumptions.ceasing[t][a] * plan.ceasingFactor[s])
                leave[a * S + s] = Self.threshold(p)
            }
        }
        // Rates from one (age, setting) that add up to more than 1 are scaled to 1.
        var byCell = [[(to: Int, rate: Double)]](repeating: [], count: A * S)
        for (k, cell) in plan.settingAgeCells.enumerated() {
            let i = cell.age * S + cell.setting
            if let p = assumptions.cellLeave[k], cell.age <= plan.maxAge { leave[i] = Self.threshold(p) }
            if let p = assumptions.cellMove[k], p > 0 {
                for destination in assumptions.cellDestinations[k] where destination.share > 0 {
                    byCell[i].append((destination.to, p * destination.share))
                }
            }
        }
        for (m, compiled) in plan.moves.enumerated() {
            let rate = assumptions.moveRate[t][m]
            guard rate > 0 else { continue }
            for a in compiled.ages where a < A { byCell[a * S + compiled.from].append((compiled.to, rate)) }
        }
        moveStart = [0]
        moveCumulative = []
        moveTo = []
        for (i, list) in byCell.enumerated() {
            let total = list.reduce(0) { $0 + $1.rate }
            let scale = total > 1 ? 1 / total : 1
            var cumulative = 0.0
            for entry in list {
                cumulative += entry.rate * scale
                moveCumulative.append(Self.threshold(cumulative))
                moveTo.append(UInt8(entry.to))
            }
            move[i] = Self.threshold(min(total, 1))
            moveStart.append(Int32(moveCumulative.count))
        }
        self.leave = OwnedBuffer(leave)
        self.move = OwnedBuffer(move)
    }
}
