/// `hnf ratios`: where one area's EHC plans are placed in one January, against England
/// and its region, and the change since the January before. A report model: renderers
/// format it and compute nothing.
public struct RatiosReport: Sendable {
    public var year: Int
    public var area: Area
    public var mix: PlacementMix
    public var england: PlacementMix
    public var region: Area?
    public var regionMix: PlacementMix?
    /// The same area a year earlier, when the data has it.
    public var previous: PlacementMix?

    /// Builds the report for an area and a January. Throws when the area has no return
    /// that year.
    public init(area: Area, year: Int, data: NationalData) throws {
        guard let row = data.caseload(of: area, in: year), let mix = PlacementMix(row: row) else {
            let years = data.caseload.filter { $0.area.code == area.code && $0.area.level == area.level }.map { String($0.year) }
            throw NationalDataError.noData("\(area.name) (\(area.code)) has no SEN2 caseload for January \(year); it has \(years.isEmpty ? "none" : years.joined(separator: ", "))")
        }
        let englandArea = data.england
        guard let englandRow = data.caseload(of: englandArea, in: year), let englandMix = PlacementMix(row: englandRow) else {
            throw NationalDataError.noData("England has no SEN2 caseload for January \(year); the data covers \(data.years.map(String.init).joined(separator: ", "))")
        }
        self.year = year
        self.area = area
        self.mix = mix
        self.england = englandMix
        region = data.region(of: area)
        regionMix = region.flatMap { data.caseload(of: $0, in: year) }.flatMap(PlacementMix.init(row:))
        previous = data.caseload(of: area, in: year - 1).flatMap(PlacementMix.init(row:))
    }

    /// Every LA with a return in `year`, in code order.
    public static func all(year: Int, data: NationalData) throws -> [RatiosReport] {
        let las = data.areas(in: year).filter { $0.level == .la }.sorted { $0.code < $1.code }
        guard !las.isEmpty else {
            throw NationalDataError.noData("no LA has a SEN2 caseload for January \(year); the data covers \(data.years.map(String.init).joined(separator: ", "))")
        }
        return try las.map { try RatiosReport(area: $0, year: year, data: data) }
    }

    /// The groups shown: the area's, plus England's (so a group the area lacks shows as n/a).
    public var groups: [PlacementGroup] {
        PlacementGroup.allCases.filter { mix.counts[$0] != nil || england.counts[$0] != nil }
    }

    /// Rounded share (one decimal, as published).
    public func share(_ group: PlacementGroup) -> Double? { mix.share(group).map(Percent.round1) }

    /// Gap in percentage points to a comparator: the difference of the two rounded shares,
    /// so that the numbers in a report add up as a reader checks them.
    public func gap(_ group: PlacementGroup, to comparator: PlacementMix?) -> Double? {
        guard let ours = share(group), let theirs = comparator?.share(group).map(Percent.round1) else { return nil }
        return Percent.round1(ours - theirs)
    }

    /// Change in percentage points since the January before.
    public func change(_ group: PlacementGroup) -> Double? { gap(group, to: previous) }
}
