import HNFCore
import HNFScenario

/// Samples one draw's uncertain assumptions, parameter by parameter, so that a locality
/// with flows of its own (`localities.ID.flows`) shares the LA's draw of every parameter it
/// inherits and draws afresh only what it changes.
///
/// - `plain`: straight from the draw's generator (no locality has flows of its own).
/// - `recording`: the same numbers as `plain`, each kept by parameter (the LA's, when
///   localities have flows of their own).
/// - `inheriting`: the LA's value where the parameter (its place and its distribution) is
///   the LA's; else from the locality's own generator.
final class AssumptionSampler {
    /// A parameter: where it sits (kind and up to three indices: phase, age, setting, need,
    /// year) and what it is drawn from.
    struct Key: Hashable {
        var kind: Kind, i = 0, j = 0, k = 0
        var distribution: Distribution? = nil
        var lower = 0.0, upper = 0.0
        var alpha: [Double] = []
        var to: [Int] = []
    }

    enum Kind: UInt8, Hashable {
        case ceasingRate, ceasingByAge, newPlanRate, newPlansPerYear, newPlanGrowth, move, senSupportGrowth,
            blockGrowth, otherSpendGrowth
        case localityMove, cellLeave, cellMove, destinations, joinerRate, joinerSetting, joinerNeed, transferIn,
            transferInSetting, transferOut
    }

    enum Value { case number(Double), shares([Double]) }

    let random: DrawRandom
    private let recording: Bool
    private let inherited: [Key: Value]?
    private(set) var recorded: [Key: Value] = [:]

    init(_ random: DrawRandom, recording: Bool = false, inheriting: [Key: Value]? = nil) {
        self.random = random
        self.recording = recording
        inherited = inheriting
    }

    var isPlain: Bool { !recording && inherited == nil }

    func sample(
        _ distribution: Distribution, clampedTo range: ClosedRange<Double>, _ kind: Kind, _ i: Int = 0, _ j: Int = 0,
        _ k: Int = 0
    ) -> Double {
        if isPlain { return random.sample(distribution, clampedTo: range) }
        // A fixed value draws no number: nothing to share.
        if case .fixed = distribution { return random.sample(distribution, clampedTo: range) }
        let key = Key(
            kind: kind, i: i, j: j, k: k, distribution: distribution, lower: range.lowerBound, upper: range.upperBound)
        if let inherited {
            if case .number(let value)? = inherited[key] { return value }
            return random.sample(distribution, clampedTo: range)
        }
        let value = random.sample(distribution, clampedTo: range)
        recorded[key] = .number(value)
        return value
    }

    /// Dirichlet shares; `to` names what the concentrations are of, when not their positions.
    func dirichlet(
        _ alpha: [Double], _ kind: Kind, _ i: Int = 0, _ j: Int = 0, _ k: Int = 0, to: [Int] = []
    ) -> [Double] {
        guard !isPlain else { return random.dirichlet(alpha) }
        let key = Key(kind: kind, i: i, j: j, k: k, alpha: alpha, to: to)
        if let inherited {
            if case .shares(let shares)? = inherited[key] { return shares }
            return random.dirichlet(alpha)
        }
        let shares = random.dirichlet(alpha)
        recorded[key] = .shares(shares)
        return shares
    }

    func dated(
        _ value: DatedValue<Distribution>, _ range: ClosedRange<Double>, _ kind: Kind, _ i: Int = 0, _ j: Int = 0
    ) -> DatedValue<Double> {
        DatedValue(steps: value.steps.map { ($0.year, sample($0.value, clampedTo: range, kind, i, j, $0.year)) })
    }
}
