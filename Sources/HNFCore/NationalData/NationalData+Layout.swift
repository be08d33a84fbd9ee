/// What each shipped table holds and how its figures must add up, declared in one place so
/// that the checks on load (`NationalData+Reading.swift`, `NationalData+Totals.swift`)
/// read beside what they check.
extension NationalData {
    package struct Layout: Sendable {
        package var file: String
        /// The column splitting each area's rows (`age`, or `value` under `breakdown`).
        var breakdownColumn: String?
        /// Other label columns that are text, not numbers (`breakdown`: all, age or placement).
        var textColumns: [String] = []
        /// The number columns hnf reads by name; the file must have them (it may have more).
        var columns: [String]
        /// The columns whose England figure must be the sum of its parts (nil: every number column).
        var totals: [String]?
        var parts: Parts
        /// SEN2 counts and percentages are never negative; money (balances) can be.
        var nonNegative: Bool
        /// The table's latest year against caseload.csv's latest January: 0 for a January
        /// snapshot, -1 for a calendar year of activity (new plans in 2024 lead to January
        /// 2025); nil where no such tie holds. Every table is cut from the same release, so a
        /// table that ends earlier was cut short at a year's end, which no sum can show.
        var latestYear: Int? = nil

        /// Everything that decides what is read and checked, for the cache's key (written
        /// out: `String(describing:)` reflects, which costs milliseconds at start-up).
        var fingerprint: String {
            let partsText: String
            switch parts {
            case .regions(let shortfall): partsText = "regions(\(shortfall))"
            case .las: partsText = "las"
            }
            return [
                file, breakdownColumn ?? "-", textColumns.joined(separator: ","), columns.joined(separator: ","),
                totals?.joined(separator: ",") ?? "-", partsText, "\(nonNegative)", latestYear.map(String.init) ?? "-",
            ].joined(separator: "|")
        }

        /// `year`, `level`, `code`, `name`, `region_code`, then the breakdown and text columns.
        var labels: [String] {
            ["year", "level", "code", "name", "region_code"] + [breakdownColumn].compactMap { $0 } + textColumns
        }
    }

    /// How a table's rows for England, regions and LAs relate.
    enum Parts: Sendable {
        /// SEN2: England's row is its nine regions' sum and each region's its LAs' (up to
        /// `shortfall` of the region short where no LA is suppressed; see `NationalData+Totals`).
        case regions(shortfall: Double)
        /// The money tables have no region rows: England's row is the sum of its LAs'.
        case las
    }

    /// The columns of a table by placement: totals, each placement and each group's total.
    static func placementColumns(_ total: String) -> [String] {
        var columns = [total] + SEN2Placement.names
        for group in PlacementGroup.allCases where !columns.contains(group.totalColumn) {
            columns.append(group.totalColumn)
        }
        return columns
    }

    package static let caseloadLayout = Layout(
        file: "caseload.csv",
        columns: placementColumns("plans") + PlacementGroup.published.map { "published_pc_\($0.rawValue)" },
        totals: ["plans"], parts: .regions(shortfall: 0), nonNegative: true)

    package static let s251Layout = Layout(
        file: HighNeedsFinance.s251File, columns: ["population_2_18"] + UnitCosts.outturnColumns, totals: nil,
        parts: .las, nonNegative: false)

    static let balancesLayout = Layout(
        file: HighNeedsFinance.balancesFile,
        columns: [
            "total_dsg", "cumulative_balance_pc", "cumulative_balance", "hnb_before_deductions",
            "hnb_direct_funded_places", "hnb_after_deductions",
        ],
        // Not the balance: it is a rounded percentage of each LA's total (England's own
        // percentage makes a different rounding), so it adds up only roughly.
        totals: ["total_dsg", "hnb_before_deductions", "hnb_direct_funded_places", "hnb_after_deductions"],
        parts: .las, nonNegative: false)
}

extension NationalData.Table {
    package var layout: NationalData.Layout {
        switch self {
        case .caseloadByAge:
            return .init(
                file: rawValue, breakdownColumn: "age", columns: NationalData.placementColumns("plans"),
                totals: ["plans"], parts: .regions(shortfall: 0), nonNegative: true, latestYear: 0)
        case .newPlans:
            // The update script rebuilt the 2022 totals of the 15 Yorkshire and The Humber
            // LAs from their rows by age, which leave out suppressed small counts: they
            // add up to 5.8% less than the region's published total (Scenarios/national/README.md).
            return .init(
                file: rawValue, breakdownColumn: "age", columns: NationalData.placementColumns("new_plans"),
                totals: ["new_plans"], parts: .regions(shortfall: 0.06), nonNegative: true, latestYear: -1)
        case .needs:
            return .init(
                file: rawValue, breakdownColumn: "value", textColumns: ["breakdown"],
                columns: ["plans"] + NeedsColumns.all.sorted(), totals: ["plans"], parts: .regions(shortfall: 0),
                nonNegative: true, latestYear: 0)
        case .ceasedPlans:
            return .init(
                file: rawValue, breakdownColumn: "value", textColumns: ["breakdown"],
                columns: ["transfer", "total_ceased"], totals: ["total_ceased"], parts: .regions(shortfall: 0),
                nonNegative: true, latestYear: -1)
        case .requests:
            return .init(
                file: rawValue, columns: ["requests_received_in_year"], totals: ["requests_received_in_year"],
                parts: .regions(shortfall: 0), nonNegative: true, latestYear: -1)
        }
    }
}
