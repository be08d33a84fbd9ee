import HNFCore
import HNFScenario

/// One draw's price index by financial year (`budget.prices`): 1 in the base year whose
/// prices unit costs, fees and place values are stated at; each later year multiplies by
/// (1 + that year's growth), each earlier year divides by the growth of the year after
/// it. Uncertain growth is sampled once per draw and dated step, from the draw's own
/// price generator, so a scenario without prices draws every other number unchanged.
/// Formula blocks' pots and amounts are cash and are not uplifted; neither is the
/// element 2 threshold (the national £6,000 is fixed in cash).
public struct PriceIndex: Sendable {
    public let base: Int
    public let growth: DatedValue<Double>?

    init(_ prices: Scenario.Prices?, seed: UInt64, draw: Int) {
        base = prices?.base ?? 0
        guard let prices else { growth = nil; return }
        let random = DrawRandom(seed: seed, draw: draw, purpose: .prices)
        growth = DatedValue(
            steps: prices.growth.steps.map { ($0.year, random.sample($0.value, clampedTo: -0.5...0.5)) })
    }

    public func value(in year: Int) -> Double {
        guard let growth else { return 1 }
        var index = 1.0
        if year > base { for y in (base + 1)...year { index *= 1 + growth.value(in: y) } }
        if year < base { for y in (year + 1)...base { index /= 1 + growth.value(in: y) } }
        return index
    }
}
