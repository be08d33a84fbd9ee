import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension UnitCosts {
    /// The unit costs as a table: setting, component, £ a child, the money and children
    /// divided, and the S251 lines and SEN2 columns each came from.
    public func renderTable() -> String {
        var out = "Unit costs calibrated to Section 251 outturn \(FinancialYear(year)): \(area.name)\n"
        out += "(money on the lines, net of income from other LAs, / SEN2 children in January \(january))\n\n"
        out += "setting              cost         £/child        money £    children  from\n"
        for c in costs {
            let name = c.spec.setting.padding(toLength: 20, withPad: " ", startingAt: 0)
            let component = c.spec.component.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
            out +=
                "\(name) \(component)\(Text.pad(Text.count(c.amount), 8)) \(Text.pad(Text.count(c.money), 14)) \(Text.pad(Text.count(c.children), 11))  "
            out += c.source.level == .england ? "England (\(c.fallback ?? "fallback"))" : c.source.name
            out +=
                "\n    lines: \(c.spec.lines.map { "outturn_" + $0 }.joined(separator: " + ")); children: \(c.spec.columns.joined(separator: " + "))\n"
        }
        out += "\nNot per child (budget.other_spend): services £\(Text.count(services)) "
        out +=
            "(\(Self.serviceLines.joined(separator: ", "))); AP/PRU £\(Text.count(alternativeProvision)) (\(Self.apLines.joined(separator: ", ")))\n"
        out +=
            "\nSource: DfE, High needs benchmarking tool 2021-22 (Section 251 outturn), and SEN2 (reporting year 2025), OGL v3.0.\n"
        return out
    }
}
