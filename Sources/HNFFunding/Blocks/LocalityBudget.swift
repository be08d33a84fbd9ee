import HNFCore
import HNFEngine
import HNFScenario

/// A locality budget (`type: locality_budget`): `pot` £ a year shared between localities.
///
/// Each locality's formula share is Σ weight(k) × its share of factor k (the factor's
/// value in the locality over its total in the LA), so the shares add up to 1. With
/// `protection` p, no locality gets less than (1 − p) × its previous allocation; with
/// `cap` c, none more than (1 + c) × it. The clamped allocations are scaled by the one
/// factor λ that makes them add up to the pot (`LocalityBudget.allocate`).
public struct LocalityBudget: FundingFormula {
    public var pot: DatedValue<Double>
    /// Factor name (`ScenarioSchema.localityFactors`) → weight; weights add up to 1.
    public var factors: [(name: String, weight: Double)]
    public var protection: Double?
    public var cap: Double?
    /// Settings whose top-ups the pot replaces: their children are no longer funded one
    /// by one (fees and place funding are still paid).
    public var replaces: [String]

    // MARK: Schema and decoding

    package static let typeName = "locality_budget"
    package static let fields: [Field] = [
        .optional("pot", .dated(ScenarioSchema.money)),
        .optional("factors", .map(keys: .namespace(.localityFactor), values: ScenarioSchema.share, total: 1)),
        .optional("protection", .number(min: 0, max: 1, unit: "the largest yearly loss, a share")),
        .optional("cap", .number(min: 0, max: 10, unit: "the largest yearly gain, a share")),
        .optional("replaces", .list(.reference(.setting), minCount: 1)),
    ]
    package static let requiredFields = ["pot", "factors"]

    /// A factor read from the localities must be given for every locality.
    package static func check(_ block: SourceNode, path: String, document: SourceNode) -> [Diagnostic] {
        let fieldOf = [
            "pupils_on_roll": "pupils_on_roll", "fsm": "fsm", "low_prior_attainment": "low_prior_attainment",
            "sen_support": "sen_support", "deprivation": "deprivation",
        ]
        var out: [Diagnostic] = []
        for factor in block["factors"]?.entries ?? [] {
            guard let field = fieldOf[factor.key] else { continue }
            for locality in document["localities"]?.entries ?? [] where locality.value[field] == nil {
                out.append(
                    Diagnostic(
                        at: locality.value.location, keyPath: "localities.\(locality.key).\(field)",
                        found: "no `\(field)`",
                        expected: "`\(field)`, which \(path).factors weights"))
            }
        }
        return out
    }

    package init(decoding b: SourceNode) {
        self.init(
            pot: b["pot"].flatMap(ScenarioDecoding.money) ?? DatedValue(0),
            factors: (b["factors"]?.entries ?? []).map { ($0.key, $0.value.number ?? 0) },
            protection: b["protection"]?.number, cap: b["cap"]?.number,
            replaces: b["replaces"]?.items?.compactMap(\.text) ?? [])
    }

    public init(
        pot: DatedValue<Double>, factors: [(name: String, weight: Double)], protection: Double?, cap: Double?,
        replaces: [String]
    ) {
        (self.pot, self.factors, self.protection, self.cap, self.replaces) = (pot, factors, protection, cap, replaces)
    }

    // MARK: Payment

    package func payer(plan: ProjectionPlan, prices: [Double]) -> any FundingPayer {
        Payer(budget: self, plan: plan, prices: prices)
    }

    /// A draw's allocations: each year's depends on the year before's.
    struct Payer: FundingPayer {
        let budget: LocalityBudget
        let replacedSettings: [Int]
        /// Each locality's allocation last year (nil before the block's first), and the
        /// top-ups the settings it replaces would have cost there last year.
        var previousAllocation: [Double]?
        var previousReplacedTopUps: [Double]

        init(budget: LocalityBudget, plan: ProjectionPlan, prices: [Double]) {
            self.budget = budget
            replacedSettings = budget.replaces.compactMap { plan.settingIndex($0) }
            // The top-ups each locality's replaced settings cost at the start, at the first
            // year's prices: the baseline a locality budget protects against in its first year.
            let firstPrices = prices.first ?? 1, base = plan.base, B = plan.bandCount
            guard !budget.replaces.isEmpty, let topUp = plan.topUp.first?.map({ $0 * firstPrices }) else {
                previousReplacedTopUps = []
                return
            }
            // A table by setting, not a Set: this runs over every child at the start of every
            // draw, and hashing each child's setting was 8% of a what-if's time (perf).
            var replaced = [Bool](repeating: false, count: plan.settingCount)
            for s in budget.replaces.compactMap({ plan.settingIndex($0) }) { replaced[s] = true }
            var out = [Double](repeating: 0, count: plan.localityCount)
            for i in 0..<base.count where replaced[Int(base.setting[i])] {
                out[Int(base.locality[i])] += topUp[Int(base.setting[i]) * B + Int(base.band[i])]
            }
            previousReplacedTopUps = out
        }

        mutating func pay(_ y: FundingYear, block k: Int, _ out: inout StepOutcome) {
            let plan = y.plan, S = plan.settingCount, L = plan.localityCount, B = plan.bandCount, counts = y.counts
            // What the replaced top-ups cost (or would have) this year, per locality.
            let topUps = (0..<L).map { l in
                replacedSettings.reduce(0.0) { sum, s in
                    (0..<B).reduce(sum) {
                        $0 + Double(counts[(l * S + s) * B + $1]) * plan.topUp[y.t][s * B + $1] * y.price
                    }
                }
            }
            defer { previousReplacedTopUps = topUps }
            guard y.active else { return }
            let shares = LocalityBudget.formulaShares(budget, plan: plan, stock: out.stock, senSupport: y.senSupport)
            // In its first year a block that replaces top-ups protects against them.
            let previous =
                previousAllocation
                ?? (budget.replaces.isEmpty || previousReplacedTopUps.isEmpty ? nil : previousReplacedTopUps)
            let allocation = LocalityBudget.allocate(
                pot: budget.pot.value(in: y.year), shares: shares, previous: previous,
                protection: budget.protection, cap: budget.cap)
            out.fundingFeasible[k] = allocation.feasible
            for l in 0..<L {
                out.funding[k * L + l] = allocation.amounts[l]
                let children = replacedSettings.reduce(0) { $0 + Int(out.stock[l * S + $1]) }
                for s in replacedSettings where children > 0 {
                    out.fundingBySetting[(k * L + l) * S + s] =
                        allocation.amounts[l] * Double(out.stock[l * S + s]) / Double(children)
                }
            }
            previousAllocation = allocation.amounts
        }
    }

    /// Each locality's formula share: Σ weight × its share of the factor (equal shares
    /// where a factor is 0 everywhere).
    static func formulaShares(
        _ budget: LocalityBudget, plan: ProjectionPlan, stock: [Int32], senSupport: [Double]
    ) -> [Double] {
        let S = plan.settingCount, L = plan.localityCount, phases = Phase.allCases.count
        var shares = [Double](repeating: 0, count: L)
        for factor in budget.factors {
            let values: [Double]
            switch factor.name {
            case "plans": values = (0..<L).map { l in (0..<S).reduce(0.0) { $0 + Double(stock[l * S + $1]) } }
            case "plans_in_mainstream":
                values = (0..<L).map { l in
                    (0..<S).reduce(0.0) { $0 + (plan.settingGroups[$1] == .mainstream ? Double(stock[l * S + $1]) : 0) }
                }
            case "sen_support":
                values = (0..<L).map { l in (0..<phases).reduce(0.0) { $0 + senSupport[l * phases + $1] } }
            default: values = plan.localityFactors[factor.name] ?? [Double](repeating: 0, count: L)
            }
            let total = values.reduce(0, +)
            for l in 0..<L { shares[l] += factor.weight * (total > 0 ? values[l] / total : 1 / Double(L)) }
        }
        return shares
    }

    // MARK: Explanation

    package func explain(_ block: NamedFundingBlock, _ c: Explanation.BlockContext) -> [Explanation.Step] {
        typealias E = Explanation
        let pot = self.pot.value(in: c.year)
        var steps: [E.Step] = []
        steps.append(
            E.Step(
                label: "Pot", amount: nil,
                detail: E.money(pot) + (block.isActive(in: c.year) ? "" : " (not paying until \(block.from!))"),
                parameters: c.recorded(["pot", "from", "replaces"])))
        for factor in factors {
            let (value, total) = E.factor(factor.name, projection: c.projection, locality: c.locality, step: c.step)
            let share = total > 0 ? value / total : 1 / Double(c.projection.plan.localityCount)
            // Children weighted by a score are a count too: shown whole, like the others.
            let shown = { (v: Double) in factor.name == "deprivation" ? Text.thousands(Int(v.rounded())) : E.number(v) }
            steps.append(
                E.Step(
                    label: "Factor \(factor.name)", amount: nil,
                    detail:
                        "weight \(E.number(factor.weight)); \(c.localityName) \(shown(value)) of \(shown(total)) (\(E.percent(share, signed: false)))\(E.isDynamic(factor.name) ? ", mean over draws" : "")\(factor.name == "deprivation" ? ", children aged 0-25 × deprivation score" : "")",
                    parameters: c.recorded(["factors.\(factor.name)"])))
        }
        steps.append(
            E.Step(
                label: "Protection and cap", amount: nil,
                detail:
                    "no locality below \(E.percent(-(protection ?? 1))) or above \(cap.map { E.percent($0) } ?? "any") of last year; all allocations then scaled so the pot is spent exactly",
                parameters: c.recorded(["protection", "cap"])))
        steps.append(
            E.Step(
                label: "Allocation", amount: c.amount,
                detail: pot > 0 ? "\(E.percent(c.amount / pot, signed: false)) of the pot, on average over draws" : "",
                parameters: []))
        return steps
    }
}
