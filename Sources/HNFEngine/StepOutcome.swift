import HNFCore
import HNFScenario

/// What happened in one step of one draw, by locality x setting (`[l * S + s]`): enough to
/// check that every child is accounted for, and to cost the year.
public struct StepOutcome: Sendable {
    /// The January counted at the end of the step (step year + 1).
    public var year: Int
    /// Children at the start of the step (last January), in the setting they were in.
    public var start: [Int32]
    /// Plans ceased during the year, counted in the setting the child was in.
    public var leavers: [Int32]
    /// Plans that moved to another LA (not counted in `leavers`), and plans that arrived
    /// from one (not counted in `joiners`), in the setting they left from or arrived in.
    public var transfersOut: [Int32]
    public var transfersIn: [Int32]
    /// Setting changes, at a phase transfer or within a phase, including age-outs.
    public var movedOut: [Int32]
    public var movedIn: [Int32]
    /// New plans, in their starting setting.
    public var joiners: [Int32]
    /// Children sent from a full setting to its overflow setting.
    public var overflowOut: [Int32]
    public var overflowIn: [Int32]
    /// Children placed beyond commissioned places with nowhere to overflow to.
    public var overCapacity: [Int32]
    /// Children at the end of the step (this January).
    public var stock: [Int32]
    /// Spend on these children in the financial year, £: top-ups, fees, place funding.
    public var spend: [Double]
    /// Formula funding paid in the financial year, £, by block x locality (`[k * L + l]`).
    public var funding: [Double] = []
    /// The same by block x locality x setting (`[(k * L + l) * S + s]`), where a block's
    /// money goes to children in a setting: transition funding to the setting the child is
    /// in, a locality budget to the settings whose top-ups it replaces, by their children.
    public var fundingBySetting: [Double] = []
    /// Per block: false when its allocation could not meet its protection and cap with its
    /// pot (the allocator then scales every locality to fit), true otherwise.
    public var fundingFeasible: [Bool] = []
    /// Pupils on SEN support at the end of the step, by locality x phase (`[l * phases + p]`).
    public var senSupport: [Double] = []

    init(year: Int, cells: Int) {
        self.year = year
        let zeros = [Int32](repeating: 0, count: cells)
        (start, leavers, movedOut, movedIn, joiners) = (zeros, zeros, zeros, zeros, zeros)
        (transfersOut, transfersIn) = (zeros, zeros)
        (overflowOut, overflowIn, overCapacity, stock) = (zeros, zeros, zeros, zeros)
        spend = [Double](repeating: 0, count: cells)
    }
}
