/// England and regions as comparators over the LAs that record placements: an LA whose
/// return places under half its plans (in January 2025 Cambridgeshire and North East
/// Lincolnshire give totals only, every placement "x") counts in England's total but in no
/// group, which pulls every group's share down (England mainstream 43.6% instead of
/// 44.3%). It is left out of the comparator, and the published figure is kept beside it.
extension NationalData {
    /// An LA records placements in a January when at least half its plans are in a known placement.
    public func recordsPlacements(_ area: Area, in year: Int) -> Bool {
        guard let row = caseload(of: area, in: year), let mix = PlacementMix(row: row) else { return false }
        return Self.places(mix)
    }

    /// The mix of England or a region summed over its LAs that record placements, and the
    /// LAs left out; nil when no LA of the area has a return that January.
    public func recordingMix(of area: Area, in year: Int) -> (mix: PlacementMix, excluded: [Area])? {
        var plans = 0, counts: [PlacementGroup: Int] = [:], details: [PlacementDetail: Int] = [:], excluded: [Area] = []
        var detailMissing = Set<PlacementDetail>()
        for row in caseload
        where row.year == year && row.area.level == .la && (area.level == .england || row.area.regionCode == area.code)
        {
            guard let mix = PlacementMix(row: row) else { continue }
            guard Self.places(mix) else { excluded.append(row.area); continue }
            plans += mix.plans
            for (g, n) in mix.counts { counts[g, default: 0] += n }
            for d in PlacementDetail.allCases {
                if let n = mix.details[d] { details[d, default: 0] += n } else { detailMissing.insert(d) }
            }
        }
        guard plans > 0 else { return nil }
        for d in detailMissing { details[d] = nil }
        return (PlacementMix(plans: plans, counts: counts, details: details), excluded.sorted { $0.name < $1.name })
    }

    static func places(_ mix: PlacementMix) -> Bool {
        let placed = mix.counts.filter { $0.key != .unknown }.values.reduce(0, +)
        return mix.plans > 0 && Double(placed) >= 0.5 * Double(mix.plans)
    }
}
