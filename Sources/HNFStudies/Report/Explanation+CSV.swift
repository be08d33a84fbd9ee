import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// `hnf explain --format csv`: each figure once. `amount` holds only the blocks' totals
/// (rows of kind `block`), so summing the column gives what the locality receives; the
/// steps' intermediate figures are in `figure` (kind `step`), and each parameter read is
/// its own row (kind `parameter`) with no amount at all.
extension Explanation {
    static let csvHeader = [
        "kind", "block", "step", "amount", "figure", "detail", "key_path", "value", "file", "line", "source",
    ]

    func csv() -> String {
        var lines = [Text.csvLine(Self.csvHeader)]
        for block in blocks {
            lines.append(Text.csvLine(["block", block.name, "", Text.pence(block.total), "", "", "", "", "", "", ""]))
            for step in block.steps {
                lines.append(
                    Text.csvLine([
                        "step", block.name, step.label, "", step.amount.map(Text.pence) ?? "", step.detail, "", "", "",
                        "", "",
                    ]))
                for p in step.parameters {
                    lines.append(
                        Text.csvLine([
                            "parameter", block.name, step.label, "", "", "", p.keyPath, p.value, p.location?.file ?? "",
                            p.location.map { String($0.line) } ?? "", p.source ?? "",
                        ]))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
