import Foundation

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

    /// Every LA's growth history over `from...to` (any LA that appears in one of those Januaries).
    static func growthHistories(from: Int, to: Int, tables: Tables) -> [StockGrowth.History] {
        let las = tables.national.areas().filter { $0.level == .la }
        return las.map { growthHistory($0, from: from, to: to, tables: tables) }
            .filter { $0.plans.contains { $0 > 0 } }
    }
}
