import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension RatiosReport {
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table, .xlsx: return table()
        case .json: return JSONOutput.encode(jsonObject())
        case .csv: return Self.csvHeader + "\n" + csvRows().joined(separator: "\n") + "\n"
        case .markdown: return markdown()
        }
    }

    /// The name readers know the area by: "Kent (LA 886)", "South East", "England".
    public var title: String {
        area.level == .la ? "\(area.name) (LA \(area.code))" : area.name
    }

    // MARK: Table

    func table() -> String {
        var lines: [String] = []
        lines.append("EHC plan placements: \(title), January \(year)")
        var context = "\(Text.thousands(mix.plans)) plans"
        if let region, let regionMix { context += "; \(region.name) \(Text.thousands(regionMix.plans))" }
        context += "; England \(Text.thousands(england.plans))"
        lines.append(context)
        lines.append("")
        let regionHeader = region == nil ? "" : "Region"
        lines.append(
            Text.pad("", 28, right: false) + Text.pad("Plans", 7) + Text.pad("%", 6) + Text.pad(regionHeader, 7)
                + Text.pad("England", 8)
                + Text.pad("vs Eng", 8) + Text.pad(region == nil ? "" : "vs reg", 8)
                + Text.pad(previous == nil ? "" : "vs \(year - 1)", 8))
        lines.append(
            Text.pad("", 28, right: false) + Text.pad("", 7) + Text.pad("", 6) + Text.pad(region == nil ? "" : "%", 7)
                + Text.pad("%", 8)
                + Text.pad("pp", 8) + Text.pad(region == nil ? "" : "pp", 8) + Text.pad(previous == nil ? "" : "pp", 8))
        for group in groups {
            lines.append(
                Text.pad(group.label, 28, right: false)
                    + Text.pad(mix.counts[group].map(Text.thousands) ?? "n/a", 7)
                    + Text.pad(Text.decimal1(mix.share(group)), 6)
                    + Text.pad(region == nil ? "" : Text.decimal1(regionMix?.share(group)), 7)
                    + Text.pad(Text.decimal1(england.share(group)), 8)
                    + Text.pad(Text.decimal1(gap(group, to: england), signed: true), 8)
                    + Text.pad(region == nil ? "" : Text.decimal1(gap(group, to: regionMix), signed: true), 8)
                    + Text.pad(previous == nil ? "" : Text.decimal1(change(group), signed: true), 8))
            for detail in PlacementDetail.allCases where detail.group == group {
                lines.append(
                    Text.pad("  - " + detail.label, 28, right: false)
                        + Text.pad(mix.details[detail].map(Text.thousands) ?? "n/a", 7)
                        + Text.pad(Text.decimal1(mix.share(detail)), 6)
                        + Text.pad(region == nil ? "" : Text.decimal1(regionMix?.share(detail)), 7)
                        + Text.pad(Text.decimal1(england.share(detail)), 8))
            }
        }
        if mix.unallocated != 0 {
            lines.append("")
            lines.append(
                "\(Text.thousands(mix.unallocated)) plans are in no placement group in this return (before 2023 the")
            lines.append(
                "groups did not always add up to the total); shares are of all \(Text.thousands(mix.plans)) plans.")
        }
        lines.append(contentsOf: discrepancyNotes())
        if let note = comparatorNote { lines.append(""); lines.append(contentsOf: wrap(note, width: 80)) }
        lines.append("")
        lines.append(contentsOf: wrap(Attribution.sen2, width: 80))
        return lines.joined(separator: "\n") + "\n"
    }

    func discrepancyNotes() -> [String] {
        let found = mix.discrepancies
        guard !found.isEmpty else { return [] }
        return [""]
            + found.map {
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

    // MARK: Markdown

    func markdown() -> String {
        var lines = ["### EHC plan placements: \(title), January \(year)", ""]
        lines.append(
            "\(Text.thousands(mix.plans)) plans. Shares are percentages of all plans; gaps are in percentage points.")
        lines.append("")
        let regionName = region?.name ?? "Region"
        lines.append(
            "| Placement | Plans | % | \(regionName) % | England % | Gap to England | Gap to region | Change since \(year - 1) |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for group in groups {
            lines.append(
                "| \(group.label) | \(mix.counts[group].map(Text.thousands) ?? "n/a") | \(Text.decimal1(mix.share(group))) | \(Text.decimal1(regionMix?.share(group))) | \(Text.decimal1(england.share(group))) | \(Text.decimal1(gap(group, to: england), signed: true)) | \(Text.decimal1(gap(group, to: regionMix), signed: true)) | \(Text.decimal1(change(group), signed: true)) |"
            )
            for detail in PlacementDetail.allCases where detail.group == group {
                lines.append(
                    "| &nbsp;&nbsp;of which \(detail.label) | \(mix.details[detail].map(Text.thousands) ?? "n/a") | \(Text.decimal1(mix.share(detail))) | \(Text.decimal1(regionMix?.share(detail))) | \(Text.decimal1(england.share(detail))) | | | |"
                )
            }
        }
        lines.append(contentsOf: discrepancyNotes())
        if let note = comparatorNote { lines.append(""); lines.append(note) }
        lines.append("")
        lines.append("_\(Attribution.sen2)_")
        return lines.joined(separator: "\n") + "\n"
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

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONOutput.encode(reports.map { $0.jsonObject() })
        case .csv:
            return RatiosReport.csvHeader + "\n" + reports.flatMap { $0.csvRows() }.joined(separator: "\n") + "\n"
        case .table, .xlsx: return table()
        case .markdown: return markdown()
        }
    }

    /// The columns of the overview: the three largest groups.
    static let columns: [PlacementGroup] = [.mainstream, .special, .post16]

    /// Spread of each column's share across LAs (GSL statistics), for the footer.
    public func spread(_ group: PlacementGroup) -> Summary? {
        Summary(reports.compactMap { $0.mix.share(group) })
    }

    func table() -> String {
        var lines = [
            "EHC plan placements by LA, January \(year): share of plans (%) and gap to England (pp)",
            "sorted by the gap in \(sortGroup.rawValue) share, \(descending ? "largest" : "smallest") first", "",
        ]
        var header = Text.pad("LA", 4, right: false) + " " + Text.pad("", 22, right: false) + Text.pad("Plans", 7)
        for group in Self.columns { header += Text.pad(group.rawValue.prefix(10).description, 11) + Text.pad("gap", 6) }
        if !Self.columns.contains(sortGroup) {
            header += Text.pad(sortGroup.rawValue.prefix(10).description, 11) + Text.pad("gap", 6)
        }
        lines.append(header)
        let shown = Self.columns.contains(sortGroup) ? Self.columns : Self.columns + [sortGroup]
        for report in reports {
            var line =
                Text.pad(report.area.code, 4, right: false) + " " + Text.pad(report.area.name, 22, right: false)
                + Text.pad(Text.thousands(report.mix.plans), 7)
            for group in shown {
                line +=
                    Text.pad(Text.decimal1(report.mix.share(group)), 11)
                    + Text.pad(Text.decimal1(report.gap(group, to: report.england), signed: true), 6)
            }
            lines.append(line)
        }
        if let england = reports.first?.england {
            var line =
                Text.pad("", 4, right: false) + " " + Text.pad("England", 22, right: false)
                + Text.pad(Text.thousands(england.plans), 7)
            for group in shown { line += Text.pad(Text.decimal1(england.share(group)), 11) + Text.pad("", 6) }
            lines.append(line)
        }
        lines.append("")
        lines.append("Across the \(reports.count) LAs (share of plans, %):")
        for group in shown {
            guard let s = spread(group) else { continue }
            lines.append(
                "  \(Text.pad(group.rawValue, 11, right: false)) lowest \(Text.decimal1(s.min)), lower quartile \(Text.decimal1(s.quantile(0.25))), median \(Text.decimal1(s.quantile(0.5))), upper quartile \(Text.decimal1(s.quantile(0.75))), highest \(Text.decimal1(s.max))"
            )
        }
        let notes = reports.filter { !$0.mix.discrepancies.isEmpty }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Computed shares that differ from the DfE's published percentage:")
            for report in notes {
                for d in report.mix.discrepancies {
                    lines.append(
                        "  \(report.area.name) \(d.group.rawValue): computed \(Text.decimal1(d.computed)), published \(Text.decimal1(d.published))"
                    )
                }
            }
        }
        lines.append("")
        lines.append(contentsOf: wrap(Attribution.sen2, width: 80))
        return lines.joined(separator: "\n") + "\n"
    }

    func markdown() -> String {
        let shown = Self.columns.contains(sortGroup) ? Self.columns : Self.columns + [sortGroup]
        var lines = ["### EHC plan placements by LA, January \(year)", ""]
        lines.append(
            "| Code | LA | Plans | " + shown.map { "\($0.rawValue) % | gap pp" }.joined(separator: " | ") + " |")
        lines.append("|---|---|---:|" + shown.map { _ in "---:|---:" }.joined(separator: "|") + "|")
        for report in reports {
            lines.append(
                "| \(report.area.code) | \(report.area.name) | \(Text.thousands(report.mix.plans)) | "
                    + shown.map {
                        "\(Text.decimal1(report.mix.share($0))) | \(Text.decimal1(report.gap($0, to: report.england), signed: true))"
                    }.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("_\(Attribution.sen2)_")
        return lines.joined(separator: "\n") + "\n"
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
