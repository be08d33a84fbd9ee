import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf ratios --la` as a document: the shares of plans by placement group (and the finer
/// split under each) against the region and England, then the gaps and the change since the
/// January before in percentage points, and the notes on the counts and comparators. Built
/// once here; table, Markdown, JSON's `report` and the workbook's Report sheet render it.
extension RatiosReport {
    public var document: ReportDocument {
        var lead = "\(Text.thousands(mix.plans)) plans"
        if let region, let regionMix { lead += "; \(region.name) \(Text.thousands(regionMix.plans))" }
        lead += "; England \(Text.thousands(england.plans))"
        var blocks: [ReportBlock] = [
            .note(ReportNote(.info, ["Shares are percentages of all plans; gaps are in percentage points."])),
            .table(englandTable),
        ]
        if let regionTable { blocks.append(.table(regionTable)) }
        if mix.unallocated != 0 {
            blocks.append(
                .note(
                    ReportNote(
                        .info,
                        wrap(
                            "\(Text.thousands(mix.unallocated)) plans are in no placement group in this return (before 2023 the groups did not always add up to the total); shares are of all \(Text.thousands(mix.plans)) plans.",
                            width: 80))))
        }
        let notes = discrepancyNotes()
        if !notes.isEmpty { blocks.append(.note(ReportNote(.info, notes))) }
        if let note = comparatorNote { blocks.append(.note(ReportNote(.info, wrap(note, width: 80)))) }
        return ReportDocument(
            title: "EHC plan placements: \(title), January \(year)", lead: lead, blocks: blocks,
            attribution: Attribution.sen2)
    }

    /// A share as a cell: the text to one decimal, the value unrounded.
    static func shareCell(_ value: Double?) -> ReportCell {
        ReportCell(Text.decimal1(value), .percent, value: value)
    }

    static func pointsCell(_ value: Double?) -> ReportCell {
        ReportCell(Text.decimal1(value, signed: true), .points, value: value)
    }

    static func countCell(_ count: Int?) -> ReportCell {
        ReportCell(count.map(Text.thousands) ?? "n/a", .count, value: count.map(Double.init))
    }

    /// Plans and shares by group, each group's finer split under it, against England.
    var englandTable: ReportTable {
        var rows: [[ReportCell]] = [["Placement", "Plans", "%", "England %", "Gap pp"]]
        for group in groups {
            rows.append([
                ReportCell(group.label), Self.countCell(mix.counts[group]), Self.shareCell(mix.share(group)),
                Self.shareCell(england.share(group)), Self.pointsCell(gap(group, to: england)),
            ])
            for detail in PlacementDetail.allCases where detail.group == group {
                rows.append([
                    ReportCell("  of which " + detail.label), Self.countCell(mix.details[detail]),
                    Self.shareCell(mix.share(detail)), Self.shareCell(england.share(detail)), "",
                ])
            }
        }
        return ReportTable(id: "england", title: "Against England", rows)
    }

    /// The shares of the area's region and the gaps to them, and each group's change since
    /// the January before; nil for England in its first January.
    var regionTable: ReportTable? {
        guard region != nil || previous != nil else { return nil }
        var header: [ReportCell] = ["Placement"]
        if let region { header += [ReportCell("\(region.name) %"), "Gap pp"] }
        if previous != nil { header.append(ReportCell("Since \(year - 1) pp")) }
        var rows = [header]
        for group in groups {
            var cells: [ReportCell] = [ReportCell(group.label)]
            if region != nil {
                cells += [Self.shareCell(regionMix?.share(group)), Self.pointsCell(gap(group, to: regionMix))]
            }
            if previous != nil { cells.append(Self.pointsCell(change(group))) }
            rows.append(cells)
            guard region != nil else { continue }
            for detail in PlacementDetail.allCases where detail.group == group {
                rows.append(
                    [ReportCell("  of which " + detail.label), Self.shareCell(regionMix?.share(detail)), ""]
                        + (previous == nil ? [] : [""]))
            }
        }
        let since = "since January \(year - 1)"
        let title =
            region.map { "Against \($0.name)" + (previous == nil ? "" : ", and " + since) } ?? "Change " + since
        return ReportTable(id: "region", title: title, rows)
    }
}

/// `hnf ratios --all` as a document: a row per LA (code and name name it) with its plans
/// and the shares and gaps to England of the largest groups (and the sort's), England's
/// row, the spread of each share across LAs and the shares that differ from the DfE's.
extension RatiosTable {
    /// The groups shown: the three largest, and the one the rows are sorted by.
    var shown: [PlacementGroup] { Self.columns.contains(sortGroup) ? Self.columns : Self.columns + [sortGroup] }

    public var document: ReportDocument {
        var blocks: [ReportBlock] = [.table(lasTable)]
        let spreads = shown.compactMap { group in
            spread(group).map { s in
                "  \(Text.pad(group.rawValue, 11, right: false)) lowest \(Text.decimal1(s.min)), lower quartile \(Text.decimal1(s.quantile(0.25))), median \(Text.decimal1(s.quantile(0.5))), upper quartile \(Text.decimal1(s.quantile(0.75))), highest \(Text.decimal1(s.max))"
            }
        }
        blocks.append(.note(ReportNote(.info, ["Across the \(reports.count) LAs (share of plans, %):"] + spreads)))
        let discrepancies = reports.flatMap { report in
            report.mix.discrepancies.map {
                "  \(report.area.name) \($0.group.rawValue): computed \(Text.decimal1($0.computed)), published \(Text.decimal1($0.published))"
            }
        }
        if !discrepancies.isEmpty {
            blocks.append(
                .note(
                    ReportNote(
                        .info, ["Computed shares that differ from the DfE's published percentage:"] + discrepancies)))
        }
        return ReportDocument(
            title: "EHC plan placements by LA, January \(year): share of plans (%) and gap to England (pp)",
            lead: "sorted by the gap in \(sortGroup.rawValue) share, \(descending ? "largest" : "smallest") first",
            blocks: blocks, attribution: Attribution.sen2)
    }

    /// A row per LA, then England's.
    var lasTable: ReportTable {
        var rows: [[ReportCell]] = [
            ["Code", "LA", "Plans"] + shown.flatMap { [ReportCell("\($0.rawValue) %"), "gap pp"] }
        ]
        for report in reports {
            rows.append(
                [ReportCell(report.area.code), ReportCell(report.area.name), RatiosReport.countCell(report.mix.plans)]
                    + shown.flatMap {
                        [
                            RatiosReport.shareCell(report.mix.share($0)),
                            RatiosReport.pointsCell(report.gap($0, to: report.england)),
                        ]
                    })
        }
        if let england = reports.first?.england {
            rows.append(
                ["", "England", RatiosReport.countCell(england.plans)]
                    + shown.flatMap { [RatiosReport.shareCell(england.share($0)), ""] })
        }
        return ReportTable(id: "las", title: "\(reports.count) LAs", rows, labelColumns: 2)
    }
}
