import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf explain` as a document: each block a table of its lines and their £ (the title
/// gives the block's total and the running total), then a note of how each line is worked
/// out and the values it read with the file and line they came from; then the total.
/// Built once here; table, Markdown, JSON's `report` and the workbook's Report sheet render
/// it (the CSV keeps its row a figure; `html()` is `hnf serve`'s page).
extension Explanation {
    public var document: ReportDocument {
        var blocks: [ReportBlock] = []
        var running = 0.0
        for block in self.blocks {
            running += block.total
            var rows: [[ReportCell]] = [["Line", "£"]]
            for step in block.steps {
                rows.append([
                    ReportCell(step.label), step.amount.map { ReportCell(Self.money($0), .pounds, value: $0) } ?? "",
                ])
            }
            blocks.append(
                .table(
                    ReportTable(
                        id: Self.tableID(block.name),
                        title: "\(block.name): \(Self.money(block.total)); running total \(Self.money(running))",
                        rows)))
            // How each line is worked out, and the values it read.
            let workings = block.steps.filter { !$0.detail.isEmpty || !$0.parameters.isEmpty }.flatMap { step in
                [step.label + (step.detail.isEmpty ? "" : " — \(step.detail)")]
                    + step.parameters.map { "  " + Self.line($0) }
            }
            if !workings.isEmpty { blocks.append(.note(ReportNote(.info, workings))) }
        }
        blocks.append(.note(ReportNote(.info, ["Total: \(Self.money(total))"])))
        return ReportDocument(
            title: "\(locality.name) (\(locality.id)): what it receives in \(label)",
            lead:
                "Means over \(Text.thousands(draws)) draws, seed \(seed): the statistic that adds up, and the mean `hnf run` reports.",
            blocks: blocks)
    }

    /// "settings.mainstream.top_up.B1 = £3,230  [baseline.yaml:69]  # its comment": a value
    /// read, where it came from (none for a figure derived from the reads, or a default).
    static func line(_ p: Parameter) -> String {
        let place = p.location.map { "  [\(($0.file as NSString).lastPathComponent):\($0.line)]" } ?? ""
        return "\(p.keyPath) = \(p.value)\(place)" + (p.source.map { "  # \($0)" } ?? "")
    }

    /// A block's table id: its name up to a colon or bracket ("place-plus",
    /// "communities_of_schools").
    static func tableID(_ name: String) -> String {
        let head = name.prefix { $0 != ":" && $0 != "(" }.trimmingCharacters(in: .whitespaces)
        return head.lowercased().replacingOccurrences(of: " ", with: "-")
    }
}
