import HNFCore

/// What a study reads from a projection by name, in a year: the one vocabulary of `hnf
/// solve`'s `--metric`, a sweep's `metrics:`, `hnf sweep-report`, and the backtests' and
/// replays' plans and shares. Money is read in a financial year (by the calendar year it
/// starts in), the rest in a January.
public enum Metric: Hashable, Sendable {
    case inYearBalance, cumulativeBalance, spend
    /// Income in the year (block and other income): what a sweep stores beside the balances.
    case income
    /// Plans in January.
    case plans
    /// A placement group's share of the plans in January, in percent.
    case share(PlacementGroup)

    /// The metrics a command may name (`solve --metric`, a sweep's `metrics:`).
    public static let allCases: [Metric] = [
        .inYearBalance, .cumulativeBalance, .spend, .plans, .share(.mainstream), .share(.special), .income,
    ]

    /// The name commands and sweep files use.
    public var rawValue: String {
        switch self {
        case .inYearBalance: "in_year_balance"
        case .cumulativeBalance: "cumulative_balance"
        case .spend: "spend"
        case .income: "income"
        case .plans: "plans"
        case .share(let group): "\(group.rawValue)_share"
        }
    }

    /// The metric a command may name `rawValue`; nil for any other name.
    public init?(rawValue: String) {
        guard let metric = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = metric
    }

    public var isMoney: Bool {
        switch self {
        case .inYearBalance, .cumulativeBalance, .spend, .income: true
        case .plans, .share: false
        }
    }

    /// The metric in each draw of a projection, in `year` (a financial year's first year for
    /// money, a January for the rest); nil when the year is not projected.
    public func values(_ projection: Projection, year: Int) -> [Double]? {
        guard let t = projection.plan.stepYears.firstIndex(of: isMoney ? year : year - 1) else { return nil }
        return values(projection, step: t)
    }

    /// The metric in each draw after step `t` (the January ending it, the financial year it costs).
    public func values(_ projection: Projection, step t: Int) -> [Double] {
        switch self {
        case .inYearBalance: projection.values(.inYearBalance, year: t)
        case .cumulativeBalance: projection.values(.cumulativeBalance, year: t)
        case .spend: projection.values(.spend, year: t)
        case .income: projection.values(.income, year: t)
        case .plans: projection.values(year: t) { $0.plans }
        case .share(let group): (0..<projection.draws).map { projection.share(of: group, draw: $0, year: t) }
        }
    }
}
