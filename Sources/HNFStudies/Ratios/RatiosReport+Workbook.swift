import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf ratios --format xlsx`: a README sheet naming the source, the document (one area's,
/// or `--all`'s overview) as the Report sheet, then one row per area x placement group,
/// shares as percentages and gaps as signed points.
extension RatiosReport {
    static let workbookHeader = [
        "Area code", "Area", "Level", "Group", "Plans", "Count", "Share", "Published share", "Region share",
        "England share", "Gap to region, points", "Gap to England, points", "Change since last year, points",
    ]

    func writeRows(_ sheet: Sheet, from row: Int) -> Int {
        var r = row
        for group in groups {
            sheet.write(r, 0, area.code)
            sheet.write(r, 1, area.name)
            sheet.write(r, 2, area.level.rawValue)
            sheet.write(r, 3, group.label)
            sheet.write(r, 4, Double(mix.plans), .count)
            if let count = mix.counts[group] { sheet.write(r, 5, Double(count), .count) }
            let shares: [Double?] = [share(group), mix.published[group], regionMix?.share(group), england.share(group)]
            for (c, value) in shares.enumerated() { if let value { sheet.write(r, 6 + c, value / 100, .percent) } }
            let points = [gap(group, to: regionMix), gap(group, to: england), change(group)]
            for (c, value) in points.enumerated() { if let value { sheet.write(r, 10 + c, value, .points) } }
            r += 1
        }
        return r
    }

    /// Writes the workbook for a set of reports of one January (one area, or every LA), with
    /// `document` (the area's, or the overview of every LA) as its Report sheet.
    public static func writeWorkbook(
        _ reports: [RatiosReport], year: Int, document: ReportDocument, to path: String
    ) throws {
        let title = document.title
        let book = try Workbook(path: path)
        book.setProperties(title: title, subject: "hnf ratios, January \(year)")
        let readme = book.sheet("README")
        document.write(to: book.sheet("Report"))
        let sheet = book.sheet("Placement mix \(year)")
        sheet.header(0, workbookHeader, freezeColumns: 2)
        var r = 1
        for report in reports { r = report.writeRows(sheet, from: r) }
        let lines = [
            (
                "What",
                "Where children with EHC plans are placed, January \(year), by the DfE's placement groups, against their region and England."
            ),
            (
                "Shares",
                "Percent of all plans; gaps and changes in percentage points, from shares rounded to one decimal as published."
            ),
            ("Made by", "hnf \(HighNeedsVersion.current), `hnf ratios --format xlsx`"), ("Source", Attribution.sen2),
        ]
        readme.writeReadme(title: title, lines)
        try book.close()
    }
}
