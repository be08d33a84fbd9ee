import HNFCore
import HNFEngine
import HNFScenario

extension LocalityBudget {
    /// One year's allocation of a pot between localities.
    public struct Allocation: Sendable {
        /// £ per locality, in whole pence, adding up to the pot exactly.
        public var amounts: [Double]
        /// False when protection alone costs more than the pot (every locality is then
        /// paid its floor scaled down to fit), or caps alone less (scaled up).
        public var feasible: Bool
    }

    /// Shares `pot` between localities with formula shares `shares` (adding up to 1).
    /// `previous` is each locality's allocation the year before (nil: no protection or
    /// cap apply, as in a block's first year without a baseline).
    ///
    /// Each locality gets clamp(λ × pot × share, floor, ceiling), floor = (1 − protection)
    /// × previous and ceiling = (1 + cap) × previous; λ is the root of Σ allocations = pot,
    /// found by GSL's Brent solver (the sum is continuous and non-decreasing in λ). The
    /// result is rounded to pence by largest remainders, so it adds up to the pot to the
    /// penny (a locality may sit up to a penny from its floor or ceiling).
    public static func allocate(
        pot: Double, shares: [Double], previous: [Double]?, protection: Double?, cap: Double?
    ) -> Allocation {
        let n = shares.count
        let floor = (0..<n).map { l in previous.flatMap { p in protection.map { p[l] * (1 - $0) } } ?? 0 }
        let ceiling = (0..<n).map { l in previous.flatMap { p in cap.map { p[l] * (1 + $0) } } ?? .infinity }
        func clamped(_ lambda: Double) -> [Double] {
            (0..<n).map { Swift.min(Swift.max(lambda * pot * shares[$0], floor[$0]), ceiling[$0]) }
        }
        func excess(_ lambda: Double) -> Double { clamped(lambda).reduce(0, +) - pot }
        var amounts: [Double]
        var feasible = true
        let floors = floor.reduce(0, +), ceilings = ceiling.reduce(0, +)
        if floors >= pot && floors > 0 {
            feasible = floors == pot
            amounts = floor.map { $0 * pot / floors }
        } else if ceilings <= pot {
            feasible = ceilings == pot
            amounts = ceiling.map { ceilings > 0 ? $0 * pot / ceilings : pot / Double(n) }
        } else {
            var upper = 1.0
            while excess(upper) < 0 && upper < 1e12 { upper *= 2 }
            let root =
                excess(1) == 0
                ? 1 : BrentRoot.solve(lower: 0, upper: upper, absolute: 1e-14, relative: 1e-14, excess)?.x ?? 1
            amounts = clamped(root)
        }
        let pence = StockDerivation.largestRemainder(Int((pot * 100).rounded()), amounts)
        amounts = pence.map { Double($0) / 100 }
        return Allocation(amounts: amounts, feasible: feasible)
    }
}
