import Foundation
import HNFCore
import HNFScenario

/// Why one locality receives what it does in one financial year (`hnf explain`): a
/// waterfall of the blocks of money, each with the parameters it read (key path, value,
/// file and line, the source written beside it) and the intermediate figures.
///
/// Figures are means over the draws, the one statistic that adds up: the lines' means
/// sum to the mean total, which is the `mean` `hnf run` reports for the locality's
/// spend on plans and formula funding (same scenario, draws and seed).
public struct Explanation: Sendable {
    /// A parameter as the scenario states it.
    public struct Parameter: Sendable {
        public var keyPath: String
        public var value: String
        public var location: SourceLocation?
        /// The comment on the parameter's line, where its source is stated.
        public var source: String?
    }

    public struct Step: Sendable {
        public var label: String
        /// £, the mean over draws (nil for a line that only informs).
        public var amount: Double?
        public var detail: String
        public var parameters: [Parameter]

        package init(label: String, amount: Double? = nil, detail: String, parameters: [Parameter]) {
            self.label = label
            self.amount = amount
            self.detail = detail
            self.parameters = parameters
        }
    }

    public struct Block: Sendable {
        public var name: String
        public var steps: [Step]
        public var total: Double
    }

    public var locality: (id: String, name: String)
    /// The financial year (2027 = 2027-28).
    public var year: Int
    public var draws: Int
    public var seed: UInt64
    public var blocks: [Block]
    public var total: Double

    public enum Problem: InputProblem {
        case unknownLocality(String, [String])
        case yearOutside(Int, ClosedRange<Int>)
        public var description: String {
            switch self {
            case .unknownLocality(let id, let known):
                return
                    "--locality \(id): not a locality of the scenario; expected one of \(known.joined(separator: ", "))"
            case .yearOutside(let year, let range):
                return
                    "--financial-year \(FinancialYear(year)): not a projected financial year; expected \(FinancialYear(range.lowerBound)) to \(FinancialYear(range.upperBound)) (by the year each starts in: \(range.lowerBound) to \(range.upperBound))"
            }
        }
    }

    public init(_ projection: Projection, locality id: String, year: Int) throws {
        let plan = projection.plan, layout = projection.layout, scenario = plan.scenario
        guard let l = plan.localityIndex(id) else { throw Problem.unknownLocality(id, scenario.localities.map(\.id)) }
        guard let t = plan.stepYears.firstIndex(of: year) else {
            throw Problem.yearOutside(year, plan.stepYears.first!...plan.stepYears.last!)
        }
        locality = (id, scenario.localities[l].name)
        self.year = year
        draws = projection.draws
        seed = projection.seed
        let o = layout.area(l + 1, year: t)
        func mean(_ offset: Int) -> Double {
            (0..<projection.draws).reduce(0.0) { $0 + projection.rows[$1 * layout.rowWidth + o + offset] }
                / Double(projection.draws)
        }
        // What the plan recorded as it compiled each figure: parameters are never rebuilt here.
        func recorded(_ scope: TraceScope, _ suffixes: [String]? = nil) -> [Parameter] {
            plan.trace.entries(scope: scope, year: year)
                .filter { entry in suffixes.map { $0.contains { entry.keyPath.hasSuffix("." + $0) } } ?? true }
                .map { Parameter(keyPath: $0.keyPath, value: $0.value, location: $0.location, source: $0.source) }
        }

        // Place-plus: each setting's children, costed child by child.
        var placePlus: [Step] = []
        for (s, setting) in scenario.settings.enumerated() {
            let spend = mean(layout.spend(s)), children = mean(layout.setting(s))
            guard spend != 0 || children != 0 else { continue }
            let parameters = recorded(.setting(setting.id))
            let perChild = children > 0 ? spend / children : 0
            var detail = "\(Self.number(children)) children in January \(year + 1) x \(Self.money(perChild)) on average"
            if plan.replaced[t][s] { detail += " (top-ups replaced by a locality budget: fees and place funding only)" }
            if plan.capacityKind[s] != .none {
                detail += "; place funding on commissioned places, shared by the children placed"
            }
            placePlus.append(Step(label: setting.name, amount: spend, detail: detail, parameters: parameters))
        }
        let responses = recorded(.children)
        if !responses.isEmpty {
            placePlus.append(
                Step(
                    label: "Behavioural responses in force (they change the children counted above)", amount: nil,
                    detail: "", parameters: responses))
        }
        // A locality's own flows (`localities.ID.flows`) are read in place of the LA's.
        let own = recorded(.locality(id))
        if !own.isEmpty {
            placePlus.append(
                Step(
                    label:
                        "This locality's own flows, read in place of the LA's (they change the children counted above)",
                    amount: nil, detail: "", parameters: own))
        }
        var blocks = [
            Block(
                name: "Place-plus: top-ups, fees and place funding, child by child", steps: placePlus,
                total: mean(layout.spendOnPlans))
        ]

        for (k, block) in plan.blocks.enumerated() {
            let amount = mean(layout.funding(k))
            let context = BlockContext(
                projection: projection, locality: l, localityName: locality.name, step: t, year: year, amount: amount,
                recorded: { recorded(.block(block.id), $0) }, mean: mean)
            let steps = block.formula.explain(block, context)
            blocks.append(
                Block(
                    name: "\(block.id) (\(block.typeName))"
                        + (block.description.isEmpty ? "" : ": \(block.description)"), steps: steps, total: amount))
        }
        self.blocks = blocks
        total = blocks.reduce(0) { $0 + $1.total }
    }

    package static func isDynamic(_ factor: String) -> Bool {
        ["plans", "plans_in_mainstream", "sen_support"].contains(factor)
    }

    /// A locality factor's value in the locality and in the LA in a step (means over draws
    /// for those counted each January).
    package static func factor(
        _ name: String, projection: Projection, locality l: Int, step t: Int
    ) -> (value: Double, total: Double) {
        let plan = projection.plan, layout = projection.layout
        if let values = plan.localityFactors[name], !isDynamic(name) { return (values[l], values.reduce(0, +)) }
        func mean(_ area: Int) -> Double {
            let o = layout.area(area, year: t)
            let offset: Int
            switch name {
            case "plans": offset = layout.plans
            case "sen_support": offset = layout.senSupport
            default: offset = layout.group(layout.groups.firstIndex(of: .mainstream)!)
            }
            return (0..<projection.draws).reduce(0.0) { $0 + projection.rows[$1 * layout.rowWidth + o + offset] }
                / Double(projection.draws)
        }
        return (mean(l + 1), mean(0))
    }

    package static func money(_ value: Double) -> String { "£" + Text.thousands(Int(value.rounded())) }
    package static func number(_ value: Double) -> String {
        value == value.rounded() ? Text.thousands(Int(value)) : String(format: "%.2f", value)
    }
    package static func percent(_ value: Double, signed: Bool = true) -> String {
        (signed && value > 0 ? "+" : "") + String(format: "%.1f%%", value * 100)
    }
}
