/// The formula blocks a scenario funds high needs through, beyond each child's own top-up,
/// fee and place funding (the *place-plus* block, costed per child by the engine). Each
/// block is a rule with its units stated; all are paid per financial year, year *c* being
/// the step from January *c* to January *c + 1*.
public enum FundingBlock: Sendable {
    /// A pot shared between localities by weighted factors, with optional protection
    /// and cap against each locality's previous allocation, then scaled so that the pot
    /// is spent exactly (`LocalityBudget`).
    case localityBudget(LocalityBudget)
    /// Time-limited funding at phase transfers that follows the child (`TransitionFunding`).
    case transition(TransitionFunding)
    /// High needs funding for pupils on SEN support without a plan: £ per pupil, or a
    /// pot shared between localities by their pupils on SEN support.
    case supportWithoutPlan(perPupil: DatedValue<Double>?, pot: DatedValue<Double>?)

    public var typeName: String {
        switch self {
        case .localityBudget: return "locality_budget"
        case .transition: return "transition"
        case .supportWithoutPlan: return "support_without_plan"
        }
    }
}

/// A funding block as the scenario names it.
public struct NamedFundingBlock: Sendable {
    public var id: String
    public var description: String
    /// The first financial year the block pays in (every year when not given).
    public var from: Int?
    public var rule: FundingBlock

    public func isActive(in year: Int) -> Bool { from.map { year >= $0 } ?? true }
}

/// A locality budget: `pot` £ a year shared between localities.
///
/// Each locality's formula share is Σ weight(k) × its share of factor k (the factor's
/// value in the locality over its total in the LA), so the shares add up to 1. With
/// `protection` p, no locality gets less than (1 − p) × its previous allocation; with
/// `cap` c, none more than (1 + c) × it. The clamped allocations are scaled by the one
/// factor λ that makes them add up to the pot (`LocalityBudget.allocate`).
public struct LocalityBudget: Sendable {
    public var pot: DatedValue<Double>
    /// Factor name (`ScenarioSchema.localityFactors`) → weight; weights add up to 1.
    public var factors: [(name: String, weight: Double)]
    public var protection: Double?
    public var cap: Double?
    /// Settings whose top-ups the pot replaces: their children are no longer funded one
    /// by one (fees and place funding are still paid).
    public var replaces: [String]
}

/// Transition funding: at each listed phase transfer, a child with a plan who arrives in
/// one of `settings` (any, when empty) is funded `amount(term)` for `terms` terms, three a
/// year, paid wherever the child then is (it follows moves between settings and
/// localities) and stopping when the plan ends.
public struct TransitionFunding: Sendable {
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
}

/// A new band system for top-ups (`type: banded_top_up`): from `from`, children in
/// `settings` are topped up at `values` by band instead of the settings' own `top_up`.
/// Children already funded (with a plan in the January the system starts) either move
/// to the new values at once (`immediate`) or keep their old band value until their next
/// phase transfer (`protected`), the usual transition rule for a new banding system.
public struct BandSystem: Sendable {
    public enum Existing: String, Sendable { case immediate, protected }
    public var id: String
    public var from: Int
    public var settings: [String]
    /// £ a year by band id.
    public var values: [String: Double]
    public var existing: Existing
}

/// A behavioural response to a funding change: an assumption the scenario states, with
/// its uncertainty, applied to the flows from a year on. Never a hidden constant.
public struct Response: Sendable {
    public enum Effect: Sendable {
        /// Of the children who would move out of `setting` at `transfer`, this share stays.
        case retentionAtTransfer(transfer: Transfer, setting: String)
        /// New plans change by this share (−0.05: 5% fewer).
        case newPlanRate
        /// Of the new plans that would start in `settings` (in `phases`; all when empty),
        /// this share starts in `to` instead (where `to` takes the child's age): e.g. new
        /// resourced places taking children who would have gone to special schools.
        case joinerShift(settings: [String], to: String, phases: [Phase])
    }

    public var id: String
    public var effect: Effect
    public var size: Distribution
    public var from: Int
    /// Why the scenario believes it (shown in `hnf explain` and the report).
    public var because: String
}
