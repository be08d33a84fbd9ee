import HNFCore
import HNFScenario

extension ProjectionPlan {
    /// The starting stock, one record per child: bands within each cell of
    /// `ehc_plans.cells` shared out by largest remainders of the band mix
    /// (`bandShares[phase * N + need]`). Cells naming an unknown locality, setting or need
    /// are left out.
    static func startingStock(_ c: Compiling, bandShares: [[Double]]) -> Population {
        let base = Population(capacity: c.scenario.totalPlans)
        for cell in c.scenario.stock where cell.count > 0 {
            guard let l = c.localityIndex[cell.locality], let s = c.settingIndex[cell.setting],
                let n = c.needIndex[cell.need]
            else { continue }
            let phase = Phase.allCases.firstIndex(of: Phase.of(age: cell.age))!
            let perBand = StockDerivation.largestRemainder(cell.count, bandShares[phase * c.N + n])
            for (b, count) in perBand.enumerated() {
                for _ in 0..<count {
                    base.append(locality: l, age: cell.age, need: n, setting: s, band: b, yearsWithPlan: 0)
                }
            }
        }
        return base
    }
}
