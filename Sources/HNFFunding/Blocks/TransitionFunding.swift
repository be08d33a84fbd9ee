import HNFCore
import HNFEngine
import HNFScenario

/// Transition funding (`type: transition`): at each listed phase transfer, a child with a
/// plan who arrives in one of `settings` (any, when empty) is funded `amount(term)` for
/// `terms` terms, three a year, paid wherever the child then is (it follows moves between
/// settings and localities) and stopping when the plan ends.
public struct TransitionFunding: FundingFormula {
    public var transfers: [Transfer]
    public var settings: [String]
    public var amountPerTerm: DatedValue<Double>
    public var terms: Int
    public var taper: Taper

    public enum Taper: Sendable, Equatable {
        /// The same amount every term.
        case flat
        /// Falling in equal steps: term k (0-based) gets amount × (terms − k) / terms.
        case linear
        /// Listed multipliers of the amount, one per term.
        case listed([Double])
    }

    /// The share of the amount paid in term `k` (0-based).
    public func multiplier(term k: Int) -> Double {
        guard k >= 0 && k < terms else { return 0 }
        switch taper {
        case .flat: return 1
        case .linear: return Double(terms - k) / Double(terms)
        case .listed(let values): return k < values.count ? values[k] : 0
        }
    }

    /// Terms in a school year.
    public static let termsPerYear = 3

    // MARK: Schema and decoding

    package static let typeName = "transition"
    package static let fields: [Field] = [
        .optional("settings", .list(.reference(.setting), minCount: 1)),
        .optional("transfers", .list(.reference(.transfer), minCount: 1)),
        .optional("amount_per_term", .dated(ScenarioSchema.money)),
        .optional("terms", .integer(min: 1, max: 12)),
        .optional("taper", .text(choices: ["flat", "linear", "listed"])),
        .optional(
            "multipliers", .list(.number(min: 0, max: 10, unit: "a multiple of the amount per term"), minCount: 1)),
    ]
    package static let requiredFields = ["transfers", "amount_per_term", "terms"]
    /// Children are tracked term by term on one counter each.
    package static let onlyOne: String? = "list several transfers in it"

    package static func check(_ block: SourceNode, path: String, document: SourceNode) -> [Diagnostic] {
        guard block["taper"]?.text == "listed" else { return [] }
        let terms = block["terms"]?.integer ?? 0, listed = block["multipliers"]?.items?.count ?? 0
        guard listed != terms else { return [] }
        return [
            Diagnostic(
                at: (block["multipliers"] ?? block).location, keyPath: "\(path).multipliers",
                found: "\(listed) multipliers",
                expected: "one per term (\(terms)), since taper is listed")
        ]
    }

    package init(decoding b: SourceNode) {
        let taper: Taper
        switch b["taper"]?.text {
        case "linear": taper = .linear
        case "listed": taper = .listed(b["multipliers"]?.items?.compactMap(\.number) ?? [])
        default: taper = .flat
        }
        self.init(
            transfers: b["transfers"]?.items?.compactMap { $0.text.flatMap(Transfer.init(rawValue:)) } ?? [],
            settings: b["settings"]?.items?.compactMap(\.text) ?? [],
            amountPerTerm: b["amount_per_term"].flatMap(ScenarioDecoding.money) ?? DatedValue(0),
            terms: b["terms"]?.integer ?? 0, taper: taper)
    }

    public init(transfers: [Transfer], settings: [String], amountPerTerm: DatedValue<Double>, terms: Int, taper: Taper)
    {
        (self.transfers, self.settings, self.amountPerTerm, self.terms, self.taper) = (
            transfers, settings, amountPerTerm, terms, taper
        )
    }

    // MARK: Payment

    package func payer(plan: ProjectionPlan, prices: [Double]) -> any FundingPayer { Payer(plan: plan, rule: self) }

    /// Pays the children it follows, term by term, from each child's funding-term counter.
    struct Payer: FundingPayer {
        let rule: TransitionFunding
        /// By age: whether a transfer the block funds is made at it; by setting: whether a
        /// child arriving there is funded.
        let ages: [Bool]
        let settings: [Bool]

        init(plan: ProjectionPlan, rule: TransitionFunding) {
            self.rule = rule
            var ages = [Bool](repeating: false, count: ProjectionPlan.ageCount)
            for transfer in rule.transfers { ages[transfer.age] = true }
            self.ages = ages
            settings = plan.scenario.settings.map { rule.settings.isEmpty || rule.settings.contains($0.id) }
        }

        mutating func pay(_ y: FundingYear, block k: Int, _ out: inout StepOutcome) {
            guard y.active else { return }
            let S = y.plan.settingCount, L = y.plan.localityCount
            let amount = rule.amountPerTerm.value(in: y.year)
            let st = y.population.storage
            for i in 0..<st.count {
                var term = Int(st.fundingTerm[i])
                if term == 0 {
                    // Funded from the transfer it makes this year (not a new plan), if it arrives where the block funds.
                    guard ages[Int(st.age[i])], st.yearsWithPlan[i] >= 1, settings[Int(st.setting[i])] else { continue }
                    term = 1
                }
                guard term <= rule.terms else { continue }
                let last = min(term - 1 + TransitionFunding.termsPerYear, rule.terms)
                var paid = 0.0
                for j in (term - 1)..<last { paid += amount * rule.multiplier(term: j) }
                out.funding[k * L + Int(st.locality[i])] += paid
                out.fundingBySetting[(k * L + Int(st.locality[i])) * S + Int(st.setting[i])] += paid
                st.fundingTerm[i] = last >= rule.terms ? 255 : UInt8(last + 1)
            }
        }
    }

    // MARK: Explanation

    package func explain(_ block: NamedFundingBlock, _ c: Explanation.BlockContext) -> [Explanation.Step] {
        typealias E = Explanation
        return [
            E.Step(
                label: "Rule", amount: nil,
                detail:
                    "\(E.money(amountPerTerm.value(in: c.year))) a term for \(terms) terms (\(taper)), at \(transfers.map(\.rawValue).joined(separator: ", ")), into \(settings.isEmpty ? "any setting" : settings.joined(separator: ", "))",
                parameters: c.recorded(nil)),
            E.Step(label: "Paid to children it follows here", amount: c.amount, detail: "", parameters: []),
        ]
    }
}
