import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf explain --format xlsx`: a README sheet, the document as the Report sheet, and the
/// waterfall as a sheet (each figure once, £ formats; block totals in Amount, steps'
/// intermediate figures in Figure, parameters with file and line).
extension Explanation {
    public func writeWorkbook(to path: String) throws {
        let book = try Workbook(path: path)
        let title = "\(locality.name): what it receives in \(label)"
        book.setProperties(title: title, subject: "hnf explain, seed \(seed), \(draws) draws")
        let readme = book.sheet("README")
        document.write(to: book.sheet("Report"))
        let sheet = book.sheet("Explain \(label)")
        sheet.header(
            0, ["Kind", "Block", "Step", "Amount", "Figure", "Detail", "Key path", "Value", "File", "Line", "Source"],
            freezeColumns: 0)
        sheet.setWidth(5, 60)
        sheet.setWidth(10, 60)
        var r = 1
        for block in blocks {
            sheet.write(r, 0, "block"); sheet.write(r, 1, block.name); sheet.write(r, 3, block.total, .pence)
            r += 1
            for step in block.steps {
                sheet.write(r, 0, "step"); sheet.write(r, 1, block.name); sheet.write(r, 2, step.label)
                if let amount = step.amount { sheet.write(r, 4, amount, .pence) }
                sheet.write(r, 5, step.detail, .wrapped)
                r += 1
                for p in step.parameters {
                    for (c, text) in [
                        (0, "parameter"), (1, block.name), (2, step.label), (6, p.keyPath), (7, p.value),
                        (8, p.location?.file ?? ""),
                    ] { sheet.write(r, c, text) }
                    if let line = p.location?.line { sheet.write(r, 9, Double(line), .year) }
                    sheet.write(r, 10, p.source ?? "", .wrapped)
                    r += 1
                }
            }
        }
        sheet.write(r + 1, 0, "Total", .header)
        sheet.write(r + 1, 3, total, .pence)
        let lines = [
            (
                "Figures",
                "Means over \(draws) draws, seed \(seed): the statistic that adds up, and the mean `hnf run` reports."
            ),
            (
                "Adding up",
                "The block rows' Amounts add up to the Total; the steps' Figures explain each block and are not added again."
            ),
            ("Made by", "hnf \(HighNeedsVersion.current), `hnf explain --format xlsx`"),
        ]
        readme.writeReadme(title: title, lines)
        try book.close()
    }
}
