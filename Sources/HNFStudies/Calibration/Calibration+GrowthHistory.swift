import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Calibration {
    /// An area's plans and requests for assessment over `from...to` for `StockGrowth`, with 0 /
    /// nil where SEN2 has no figure: LAs created or merged within the span still count for
    /// the years they have (the growth model is fitted on every LA-year it can use).
    public static func growthHistory(_ area: Area, from: Int, to: Int, tables: Tables) -> StockGrowth.History {
        let national = tables.national
        func flow(_ rows: [NationalData.Row], _ column: String, _ year: Int) -> Double? {
            rows.first {
                $0.year == year && $0.breakdown == "all" && $0.area.code == area.code && $0.area.level == area.level
            }?.value(column)
        }
        return StockGrowth.History(
            plans: (from...to).map { national.caseload(of: area, in: $0)?.value("plans") ?? 0 },
            requests: (from..<to).map { flow(tables.requests, "requests_received_in_year", $0) })
    }

    /// The area's growth history with what `series` filled standing in where SEN2 has no
    /// figure (published figures are kept as they are).
    static func growthHistory(_ area: Area, from: Int, to: Int, tables: Tables, filled: Series) -> StockGrowth.History {
        var history = growthHistory(area, from: from, to: to, tables: tables)
        guard !filled.fills.isEmpty else { return history }
        for (i, year) in (from...to).enumerated() where history.plans[i] == 0 {
            history.plans[i] = filled.stock[year]?.values.reduce(0, +) ?? 0
        }
        for i in history.requests.indices where history.requests[i] == nil && i < filled.requests.count {
            history.requests[i] = filled.requests[i]
        }
        return history
    }

    /// A filled figure the forecast starts from adds one LA-year's shock to the variance of
    /// its log plans: a January that is a share of its predecessors' plans, or a last year's
    /// requests (the growth signal) carried from other years, is off by about as much as an
    /// LA's year differs from England's (an ASSUMPTION; SEN2 has no way to measure it).
    static func fillVariance(_ filled: Series, to: Int, shocks: Double) -> Double {
        let touchesStart = filled.fills.contains {
            ($0.figure == .caseload && $0.years.contains(to)) || ($0.figure == .requests && $0.years.contains(to - 1))
        }
        return touchesStart ? shocks : 0
    }

    /// Every LA's growth history over `from...to` (any LA that appears in one of those Januaries).
    static func growthHistories(from: Int, to: Int, tables: Tables) -> [StockGrowth.History] {
        let las = tables.national.areas().filter { $0.level == .la }
        return las.map { growthHistory($0, from: from, to: to, tables: tables) }
            .filter { $0.plans.contains { $0 > 0 } }
    }
}
