import HNFCore
import HNFEngine
import HNFScenario

/// High needs funding for pupils on SEN support without a plan (`type:
/// support_without_plan`): £ `per_pupil`, or a `pot` shared between localities by their
/// pupils on SEN support (exactly one of the two).
struct SupportWithoutPlan: FundingFormula {
    var perPupil: DatedValue<Double>?
    var pot: DatedValue<Double>?

    // MARK: Schema and decoding

    static let typeName = "support_without_plan"
    static let fields: [Field] = [
        .optional("per_pupil", .dated(ScenarioSchema.money)),
        .optional("pot", .dated(ScenarioSchema.money)),
    ]

    static func check(_ block: SourceNode, path: String, document: SourceNode) -> [Diagnostic] {
        guard (block["per_pupil"] == nil) == (block["pot"] == nil) else { return [] }
        return [
            Diagnostic(
                at: block.location, keyPath: path,
                found: block["pot"] == nil ? "neither `per_pupil` nor `pot`" : "both `per_pupil` and `pot`",
                expected: "one of them: £ per pupil on SEN support, or a pot shared by pupils on SEN support")
        ]
    }

    init(decoding b: SourceNode) {
        perPupil = b["per_pupil"].flatMap(ScenarioDecoding.money)
        pot = b["pot"].flatMap(ScenarioDecoding.money)
    }

    // MARK: Payment

    func payer(plan: ProjectionPlan, prices: [Double]) -> any FundingPayer { Payer(rule: self) }

    struct Payer: FundingPayer {
        let rule: SupportWithoutPlan

        func pay(_ y: FundingYear, block k: Int, _ out: inout StepOutcome) {
            guard y.active else { return }
            let L = y.plan.localityCount, phases = Phase.allCases.count
            let pupils = (0..<L).map { l in (0..<phases).reduce(0.0) { $0 + y.senSupport[l * phases + $1] } }
            let total = pupils.reduce(0, +)
            for l in 0..<L {
                if let perPupil = rule.perPupil { out.funding[k * L + l] = perPupil.value(in: y.year) * pupils[l] }
                if let pot = rule.pot {
                    out.funding[k * L + l] = pot.value(in: y.year) * (total > 0 ? pupils[l] / total : 1 / Double(L))
                }
            }
        }
    }

    // MARK: Explanation

    func explain(_ block: NamedFundingBlock, _ c: Explanation.BlockContext) -> [Explanation.Step] {
        typealias E = Explanation
        let pupils = c.mean(c.projection.layout.senSupport)
        return [
            E.Step(
                label: perPupil != nil
                    ? "Pupils on SEN support x per pupil" : "Share of the pot by pupils on SEN support",
                amount: c.amount,
                detail: perPupil.map { "\(E.number(pupils)) pupils x \(E.money($0.value(in: c.year)))" }
                    ?? "\(E.number(pupils)) pupils; pot \(E.money(pot?.value(in: c.year) ?? 0))",
                parameters: c.recorded(nil))
        ]
    }
}
