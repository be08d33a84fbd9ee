import HNFCore

/// Typed reads of a projection's metric rows, so that no study computes
/// `rows[d * rowWidth + offset]` by hand. `area` is 0 for the LA and `l + 1` for locality
/// `l`; `year` is a projected step (0: the first January after the base year); offsets
/// within an area are `MetricLayout`'s (`plans`, `group(g)`, `spend(s)`, `funding(k)`, …).
extension Projection {
    /// The value at `offset` (a `MetricLayout` offset within a draw's row) in draw `d`.
    @inlinable public func value(draw d: Int, at offset: Int) -> Double { rows[d * layout.rowWidth + offset] }

    /// The value at `offset` in every draw, in draw order.
    public func values(at offset: Int) -> [Double] {
        let rows = self.rows, width = layout.rowWidth
        return (0..<draws).map { rows[$0 * width + offset] }
    }

    /// An area's metric in projected year `year`, in draw `d`: `metric` picks the offset
    /// within the area (`{ $0.plans }`, `{ $0.funding(k) }`).
    public func value(draw d: Int, area: Int = 0, year t: Int, _ metric: (MetricLayout) -> Int) -> Double {
        value(draw: d, at: layout.area(area, year: t) + metric(layout))
    }

    /// An area's metric in projected year `year`, in every draw.
    public func values(area: Int = 0, year t: Int, _ metric: (MetricLayout) -> Int) -> [Double] {
        values(at: layout.area(area, year: t) + metric(layout))
    }

    /// The LA's money line in the financial year of step `year`, in every draw.
    public func values(_ money: MetricLayout.Money, year t: Int) -> [Double] {
        values(at: layout.money(money, year: t))
    }

    /// A placement group's share of an area's plans in draw `d`, in percent: 0 when the
    /// area has no plans or the layout no such group (the one zero guard every report uses).
    public func share(of group: PlacementGroup, draw d: Int, area: Int = 0, year t: Int) -> Double {
        let plans = value(draw: d, area: area, year: t) { $0.plans }
        guard let g = layout.groups.firstIndex(of: group), plans > 0 else { return 0 }
        return value(draw: d, area: area, year: t) { $0.group(g) } / plans * 100
    }
}
