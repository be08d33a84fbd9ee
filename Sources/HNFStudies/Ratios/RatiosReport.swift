import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

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
    /// `england` and `regionMix` are over the LAs that record placements; these are the
    /// published figures over every LA, and the LAs the comparators leave out.
    public var englandPublished: PlacementMix
    public var regionPublished: PlacementMix?
    public var comparatorExcludes: [Area] = []

    /// Builds the report for an area and a January. Throws when the area has no return
    /// that year.
    /// `comparators`: England's and the regions' mixes over LAs that record placements, by
    /// area code (`comparators(year:data:)`), when building many reports; else computed.
    public init(
        area: Area, year: Int, data: NationalData, comparators: [String: (mix: PlacementMix, excluded: [Area])]? = nil
    ) throws {
        guard let row = data.caseload(of: area, in: year), let mix = PlacementMix(row: row) else {
            let years = data.caseload.filter { $0.area.code == area.code && $0.area.level == area.level }.map {
                String($0.year)
            }
            throw NationalDataError.noData(
                "\(area.name) (\(area.code)) has no SEN2 caseload for January \(year); it has \(years.isEmpty ? "none" : years.joined(separator: ", "))"
                    + (data.replacement(of: area).map { ". \($0): ask for those" } ?? ""))
        }
        let englandArea = data.england
        guard let englandRow = data.caseload(of: englandArea, in: year), let englandMix = PlacementMix(row: englandRow)
        else {
            throw NationalDataError.noData(
                "England has no SEN2 caseload for January \(year); the data covers \(data.years.map(String.init).joined(separator: ", "))"
            )
        }
        self.year = year
        self.area = area
        self.mix = mix
        func comparator(_ a: Area) -> (mix: PlacementMix, excluded: [Area])? {
            comparators.map { $0[a.code] } ?? data.recordingMix(of: a, in: year)
        }
        let recording = comparator(englandArea)
        self.england = recording?.mix ?? englandMix
        englandPublished = englandMix
        comparatorExcludes = recording?.excluded ?? []
        region = data.region(of: area)
        regionPublished = region.flatMap { data.caseload(of: $0, in: year) }.flatMap(PlacementMix.init(row:))
        regionMix = region.flatMap { comparator($0)?.mix } ?? regionPublished
        previous = data.caseload(of: area, in: year - 1).flatMap(PlacementMix.init(row:))
    }

    /// Every LA with a return in `year`, in code order.
    public static func all(year: Int, data: NationalData) throws -> [RatiosReport] {
        let las = data.areas(in: year).filter { $0.level == .la }.sorted { $0.code < $1.code }
        guard !las.isEmpty else {
            throw NationalDataError.noData(
                "no LA has a SEN2 caseload for January \(year); the data covers \(data.years.map(String.init).joined(separator: ", "))"
            )
        }
        var comparators: [String: (mix: PlacementMix, excluded: [Area])] = [:]
        for a in data.areas(in: year) where a.level != .la { comparators[a.code] = data.recordingMix(of: a, in: year) }
        return try las.map { try RatiosReport(area: $0, year: year, data: data, comparators: comparators) }
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

    /// The line every rendering puts under the comparison.
    public var comparatorNote: String? {
        guard !comparatorExcludes.isEmpty else { return nil }
        let published = PlacementGroup.published.compactMap { g in
            englandPublished.share(g).map { "\(g.label) \(Text.decimal1($0))%" }
        }
        return
            "England and region are over the LAs that record placements (leaving out \(comparatorExcludes.map(\.name).joined(separator: ", ")), "
            + "whose returns give totals only). Published England: " + published.joined(separator: ", ") + "."
    }

    /// Change in percentage points since the January before.
    public func change(_ group: PlacementGroup) -> Double? { gap(group, to: previous) }
}
