/// The placement of one area's EHC plans in one January: counts by DfE group (and the
/// finer split where the data has it), shares computed from those counts, and the DfE's
/// own published percentages beside them.
public struct PlacementMix: Sendable {
    public var plans: Int
    /// Counts by group, for the groups the area's return has (missing ones are absent).
    public var counts: [PlacementGroup: Int]
    /// Counts of the finer split, where every column of it is available.
    public var details: [PlacementDetail: Int]
    /// The DfE's published percentage for each group, where published.
    public var published: [PlacementGroup: Double]

    public init(
        plans: Int, counts: [PlacementGroup: Int], details: [PlacementDetail: Int] = [:],
        published: [PlacementGroup: Double] = [:]
    ) {
        self.plans = plans
        self.counts = counts
        self.details = details
        self.published = published
    }

    /// Reads a SEN2 caseload row. `nil` when the row has no plan total.
    public init?(row: NationalData.Row) {
        guard let plans = row.value("plans") else { return nil }
        self.plans = Int(plans)
        counts = [:]
        for group in PlacementGroup.allCases {
            if let n = row.value(group.totalColumn) { counts[group] = Int(n) }
        }
        details = [:]
        for detail in PlacementDetail.allCases {
            let parts = detail.columns.map(row.value)
            if parts.allSatisfy({ $0 != nil }) { details[detail] = Int(parts.reduce(0) { $0 + $1! }) }
        }
        published = [:]
        for group in PlacementGroup.published {
            if let pc = row.value("published_pc_\(group.rawValue)") { published[group] = pc }
        }
    }

    /// The groups this mix reports, in the DfE's order: the seven published groups (those
    /// the return has) and the pre-2023 ones where present.
    public var groups: [PlacementGroup] {
        PlacementGroup.allCases.filter { counts[$0] != nil }
    }

    /// Percentage of all plans, from the counts (unrounded).
    public func share(_ group: PlacementGroup) -> Double? {
        guard let n = counts[group], plans > 0 else { return nil }
        return Double(n) / Double(plans) * 100
    }

    public func share(_ detail: PlacementDetail) -> Double? {
        guard let n = details[detail], plans > 0 else { return nil }
        return Double(n) / Double(plans) * 100
    }

    /// Plans in no group (returns before 2023 do not always add up).
    public var unallocated: Int { plans - counts.values.reduce(0, +) }

    /// Groups whose computed share, rounded to one decimal as the DfE rounds, differs from
    /// the published percentage.
    public var discrepancies: [(group: PlacementGroup, computed: Double, published: Double)] {
        PlacementGroup.published.compactMap { group in
            guard let computed = share(group).map(Percent.round1), let published = published[group],
                abs(computed - published) > 0.05
            else { return nil }
            return (group, computed, published)
        }
    }
}

/// Percentages as the DfE publishes them: one decimal, halves rounded away from zero.
public enum Percent {
    public static func round1(_ value: Double) -> Double {
        // The small nudge keeps 33.45 (stored as 33.4499…) rounding to 33.5 as a person expects.
        (value * 10 + (value >= 0 ? 1e-9 : -1e-9)).rounded(.toNearestOrAwayFromZero) / 10
    }
}
