import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// One locality's money line by line as `hnf serve`'s page shows it: each block a table of
/// its steps, the values read beside each with the file and line they came from.
extension Explanation {
    public func html() -> String {
        var out =
            "<p class=\"meta\">Means over \(Text.thousands(draws)) draws (the figures that add up to the total).</p>"
        var running = 0.0
        for block in blocks {
            running += block.total
            let rows = block.steps.map { step -> [String] in
                let read = step.parameters.map { p in
                    let place =
                        p.location.map { " (\(($0.file as NSString).lastPathComponent), line \($0.line))" } ?? ""
                    return "\(p.keyPath) = \(p.value)\(place)"
                }
                return [
                    step.label, step.amount.map(Self.money) ?? "",
                    ([step.detail] + read).filter { !$0.isEmpty }.joined(separator: "; "),
                ]
            }
            out += HTML.table(
                "\(block.name): \(Self.money(block.total)); running total \(Self.money(running))",
                header: ["Line", "£", "How it is worked out"], rows: rows, numeric: false)
        }
        out += "<p><strong>Total: \(HTML.figure("locality-total", total, Self.money(total)))</strong></p>"
        return out
    }
}
