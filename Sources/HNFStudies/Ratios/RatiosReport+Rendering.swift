import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension RatiosReport {
    /// Table and Markdown render `document`; JSON keeps its `hnf.ratios.v1` keys and adds
    /// the document under `report`; CSV stays a row a placement group, as analysts load it.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table, .xlsx: return document.table()
        case .json:
            var object = jsonObject()
            object["report"] = document.jsonObject
            return JSONOutput.encode(object)
        case .csv: return Self.csvHeader + "\n" + csvRows().joined(separator: "\n") + "\n"
        case .markdown: return document.markdown()
        }
    }

    /// The name readers know the area by: "Kent (LA 886)", "South East", "England".
    public var title: String {
        area.level == .la ? "\(area.name) (LA \(area.code))" : area.name
    }

    /// A line for each group whose computed share differs from the DfE's published one.
    func discrepancyNotes() -> [String] {
        mix.discrepancies.map {
            "Note: \($0.group.label): computed \(Text.decimal1($0.computed))% from the counts, the DfE publishes \(Text.decimal1($0.published))%."
        }
    }

    // MARK: JSON

    public func jsonObject() -> [String: Any] {
        func groupMap(_ mix: PlacementMix, _ value: (PlacementGroup) -> Any?) -> [String: Any] {
            var out: [String: Any] = [:]
            for group in mix.groups { if let v = value(group) { out[group.rawValue] = v } }
            return out
        }
        func detailMap(_ mix: PlacementMix) -> [String: Any] {
            var counts: [String: Any] = [:], shares: [String: Any] = [:]
            for (detail, n) in mix.details {
                counts[detail.rawValue] = n
                shares[detail.rawValue] = mix.share(detail).map(Percent.round1)
            }
            return ["counts": counts, "shares": shares]
        }
        func summary(_ mix: PlacementMix) -> [String: Any] {
            [
                "plans": mix.plans,
                "counts": groupMap(mix) { mix.counts[$0] },
                "shares": groupMap(mix) { mix.share($0).map(Percent.round1) },
                "detail": detailMap(mix),
            ]
        }
        var areaObject: [String: Any] = ["code": area.code, "name": area.name, "level": area.level.rawValue]
        if let region { areaObject["region"] = ["code": region.code, "name": region.name] }
        var object: [String: Any] = [
            "schema": "hnf.ratios.v1",
            "year": year,
            "area": areaObject,
            "plans": mix.plans,
            "counts": groupMap(mix) { mix.counts[$0] },
            "shares": groupMap(mix) { share($0) },
            "detail": detailMap(mix),
            "published_shares": mix.published.reduce(into: [String: Any]()) { $0[$1.key.rawValue] = $1.value },
            "discrepancies": mix.discrepancies.map {
                ["group": $0.group.rawValue, "computed": $0.computed, "published": $0.published]
            },
            "unallocated": mix.unallocated,
            "england": summary(england),
            "england_published": summary(englandPublished),
            "comparator_excludes": comparatorExcludes.map { ["code": $0.code, "name": $0.name] },
            "source": Attribution.sen2,
        ]
        var gaps: [String: Any] = ["england": groupMap(mix) { gap($0, to: england) }]
        if let region, let regionMix {
            var regionObject = summary(regionMix)
            regionObject["code"] = region.code
            regionObject["name"] = region.name
            object["region"] = regionObject
            gaps["region"] = groupMap(mix) { gap($0, to: regionMix) }
        } else {
            object["region"] = NSNull()
        }
        object["gap_pp"] = gaps
        if let previous {
            object["previous"] = [
                "year": year - 1, "plans": previous.plans,
                "shares": groupMap(previous) { previous.share($0).map(Percent.round1) },
            ]
            object["change_pp"] = groupMap(mix) { change($0) }
        }
        return object
    }

    // MARK: CSV

    public static let csvHeader =
        "year,area_code,area_name,level,group,plans,count,share_pc,published_pc,region_pc,england_pc,gap_region_pp,gap_england_pp,change_pp"

    public func csvRows() -> [String] {
        func cell(_ value: Double?) -> String { value.map { Text.decimal1($0) } ?? "" }
        return groups.map { group in
            Text.csvLine([
                String(year), area.code, area.name, area.level.rawValue, group.rawValue, String(mix.plans),
                mix.counts[group].map(String.init) ?? "", cell(share(group)), cell(mix.published[group]),
                cell(regionMix?.share(group)), cell(england.share(group)),
                cell(gap(group, to: regionMix)), cell(gap(group, to: england)), cell(change(group)),
            ])
        }
    }
}

// MARK: - Every LA

/// `hnf ratios --all`: every LA in one January, sorted by a gap.
public struct RatiosTable: Sendable {
    public var year: Int
    public var reports: [RatiosReport]
    /// The group whose gap to England orders the rows.
    public var sortGroup: PlacementGroup
    public var descending: Bool

    public init(
        year: Int, data: NationalData, sortBy group: PlacementGroup = .mainstream, descending: Bool = false
    ) throws {
        self.year = year
        sortGroup = group
        self.descending = descending
        let unsorted = try RatiosReport.all(year: year, data: data)
        // Areas without the group sort last; ties keep code order, so the output is stable.
        reports = unsorted.enumerated().sorted { a, b in
            let x = a.element.gap(group, to: a.element.england), y = b.element.gap(group, to: b.element.england)
            switch (x, y) {
            case let (x?, y?) where x != y: return descending ? x > y : x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Table and Markdown render `document`; JSON stays the array of each LA's
    /// `hnf.ratios.v1` object (an array has no key to put the overview's document under);
    /// CSV stays a row an LA and group.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONOutput.encode(reports.map { $0.jsonObject() })
        case .csv:
            return RatiosReport.csvHeader + "\n" + reports.flatMap { $0.csvRows() }.joined(separator: "\n") + "\n"
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
        }
    }

    /// The columns of the overview: the three largest groups.
    static let columns: [PlacementGroup] = [.mainstream, .special, .post16]

    /// Spread of each column's share across LAs (GSL statistics), for the footer.
    public func spread(_ group: PlacementGroup) -> Summary? {
        Summary(reports.compactMap { $0.mix.share(group) })
    }
}

/// Word-wraps prose for the table format.
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
        if current.isEmpty {
            current = String(word)
        } else if current.count + 1 + word.count <= width {
            current += " " + word
        } else {
            lines.append(current)
            current = String(word)
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}
