/// Children and young people with EHC plans in one draw, one record per child, held as a
/// struct of arrays so each yearly kernel streams through only the fields it reads.
///
/// Indices refer to the compiled `ProjectionPlan`: locality, need, setting and band are
/// positions in the scenario's lists; age is in years (0...25).
public struct Population: Sendable {
    public var locality: [UInt16] = []
    public var age: [UInt8] = []
    public var need: [UInt8] = []
    public var setting: [UInt8] = []
    public var band: [UInt8] = []
    /// Whole years since the plan started (0 for the starting stock and for joiners).
    public var yearsWithPlan: [UInt8] = []

    public init(capacity: Int = 0) {
        reserve(capacity)
    }

    public var count: Int { locality.count }

    public mutating func reserve(_ capacity: Int) {
        locality.reserveCapacity(capacity); age.reserveCapacity(capacity); need.reserveCapacity(capacity)
        setting.reserveCapacity(capacity); band.reserveCapacity(capacity); yearsWithPlan.reserveCapacity(capacity)
    }

    public mutating func append(locality l: Int, age a: Int, need n: Int, setting s: Int, band b: Int, yearsWithPlan y: Int) {
        locality.append(UInt16(l)); age.append(UInt8(a)); need.append(UInt8(n))
        setting.append(UInt8(s)); band.append(UInt8(b)); yearsWithPlan.append(UInt8(min(y, 255)))
    }

    /// Keeps the first `n` records (after a kernel compacted the survivors to the front).
    mutating func truncate(to n: Int) {
        let drop = count - n
        guard drop > 0 else { return }
        locality.removeLast(drop); age.removeLast(drop); need.removeLast(drop)
        setting.removeLast(drop); band.removeLast(drop); yearsWithPlan.removeLast(drop)
    }
}
