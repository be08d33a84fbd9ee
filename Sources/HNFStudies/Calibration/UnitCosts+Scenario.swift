import HNFCore
import HNFScenario

extension UnitCosts {
    /// Each calibrated setting's cost entries (one band, `B1`), every figure with the
    /// lines and children it came from; settings without an S251 line are absent.
    func scenarioCosts() -> [String: [YAMLEntry]] {
        var out: [String: [YAMLEntry]] = [:]
        for cost in costs {
            let whose = cost.fallback.map { "England's (\($0))" } ?? "\(area.name)'s"
            let comment =
                "\(whose) S251 outturn \(FinancialYear(year)) £\(Text.thousands(Int(cost.money.rounded()))) "
                + "(\(cost.spec.lines.joined(separator: " + "))) / \(Text.thousands(Int(cost.children))) children, January \(january) [hnf calibrate --unit-costs]"
            let amount = YAMLNode.integer(Int(cost.amount.rounded()))
            let entry: YAMLEntry
            switch cost.spec.component {
            case .topUp: entry = YAMLEntry("top_up", .flow([("B1", amount)]), comments: [comment])
            case .placeFunding: entry = YAMLEntry("place_funding", amount, comments: [comment])
            case .fee: entry = YAMLEntry("fee", amount, comments: [comment])
            }
            out[cost.spec.setting, default: []].append(entry)
        }
        out["elsewhere"] = [
            YAMLEntry(
                "top_up", .flow([("B1", .integer(0))]),
                comments: ["no S251 line pays for children educated elsewhere: ASSUMPTION 0"])
        ]
        return out
    }
}
