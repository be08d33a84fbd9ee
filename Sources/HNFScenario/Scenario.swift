import HNFCore

/// A validated scenario: one what-if world, typed, with the document it was read from
/// (so any value can be traced to its file and line).
public struct Scenario: Sendable {
    public struct Meta: Sendable {
        public var name: String
        public var description: String
        /// The SEN2 area the scenario describes (an LA code), when it describes one.
        public var area: String?
        /// The January whose caseload is the starting stock.
        public var baseYear: Int
        public var horizon: Int
        public var draws: Int
        public var seed: Int
        public var priceBase: String
        /// Figures the data does not publish for the area and what stands in
        /// (`meta.estimated`): every report warns of each.
        public var estimated: [String] = []
    }

    public struct Setting: Sendable {
        public var id: String
        public var name: String
        public var group: PlacementGroup
        public var sen2Columns: [String]
        public var placeFunding: DatedValue<Double>
        public var topUp: [String: DatedValue<Double>]
        public var fee: DatedValue<Double>?
        /// Commissioned places by locality id, or under `all` for the whole LA.
        public var capacity: [String: DatedValue<Double>]
        public var overflow: String?
        /// The ages the setting takes (all ages when not declared).
        public var ages: ClosedRange<Int>
        /// The needs the setting takes (all when not declared).
        public var needs: [String]?
        /// The settings a child may move to from here (any when not declared), as
        /// witan.send's `valid-states.csv` declares them.
        public var movesTo: [String]?
    }

    public struct Locality: Sendable {
        public var id: String
        public var name: String
        /// Children by phase (summed from single ages where given by age), in the base year.
        public var population: [Phase: Double]
        /// Children by single age, by year, where the scenario gives them by age.
        public var populationByAge: [Int: DatedValue<Double>]
        public var pupilsOnRoll: Double?
        public var fsm: Double?
        public var lowPriorAttainment: Double?
        public var senSupport: [Phase: Double]
        public var planShare: Double?
        /// A deprivation score (mySociety's composite IMD, higher = more deprived), where given.
        public var deprivation: Double? = nil

        public var totalPopulation: Double { population.values.reduce(0, +) }

        /// Children of one age in `year`: the by-age figure, or the phase's figure spread
        /// evenly over the phase's ages.
        public func population(atAge age: Int, in year: Int) -> Double {
            if !populationByAge.isEmpty { return populationByAge[age]?.value(in: year) ?? 0 }
            let phase = Phase.of(age: age)
            return (population[phase] ?? 0) / Double(phase.ages.count)
        }
    }

    /// Children with EHC plans at the start, by locality x age x need x setting.
    public struct StockCell: Sendable, Equatable {
        public var locality: String
        public var age: Int
        public var need: String
        public var setting: String
        public var count: Int
    }

    public struct Move: Sendable {
        public var from: String
        public var to: String
        public var phase: Phase?
        public var transfer: Transfer?
        public var rate: DatedValue<Distribution>
    }

    /// Flows of one setting at one age (the age after the year's birthday), estimated
    /// from person-level data; each replaces the general rule for that cell.
    public struct SettingAgeFlows: Sendable {
        public var leave: Distribution?
        public var move: Distribution?
        /// Dirichlet concentrations of the destinations of moves, by setting id.
        public var destinations: [String: Double]
        /// Flows of children with a given need in this cell, in place of the cell's own.
        public var byNeed: [String: SettingAgeFlows]
    }

    /// New plans at one age: a chance per child of the locality's population of that age,
    /// and Dirichlet concentrations of where they start and with which need.
    public struct JoinersAtAge: Sendable {
        public var rate: Distribution
        public var settings: [String: Double]
        public var needs: [String: Double]
    }

    /// Plans arriving from other LAs a year at one age, and the settings they arrive in
    /// (Dirichlet concentrations by setting id).
    public struct TransfersAtAge: Sendable {
        public var perYear: Distribution
        public var settings: [String: Double]
    }

    public struct Flows: Sendable {
        public var newPlanRatePer1000: [Phase: DatedValue<Distribution>]
        /// New plans a year in the whole LA by phase, shared between localities by their
        /// children (the alternative to rates, when populations are not known).
        public var newPlansPerYear: [Phase: DatedValue<Distribution>]
        /// Yearly growth of new plans: the year before the base year's figure grows by
        /// (1 + growth) each year after it.
        public var newPlanGrowth: Distribution?
        /// New plans by single age (the alternative to rates by phase).
        public var newPlansByAge: [Int: JoinersAtAge]
        public var newPlanSettingMix: [String: [String: Double]]
        /// Weights of new plans by age (counts in a reference year); uniform within a phase when empty.
        public var newPlanAgeProfile: [Int: Double]
        public var ceasingRate: [Phase: DatedValue<Distribution>]
        /// Rates for single ages (after ageing), in place of their phase's rate.
        public var ceasingByAge: [Int: DatedValue<Distribution>]
        /// Multipliers of the rate by age for children in a setting (1 when not given):
        /// the chance a plan ends is min(1, rate(age) × factor(setting)).
        public var ceasingSettingFactor: [String: Double]
        public var maxAge: Int
        public var moves: [Move]
        /// The chance a child moves house to another locality in a year (keeping its
        /// setting type), to one chosen in proportion to the localities' children.
        public var localityMoveRate: DatedValue<Distribution>?
        /// Leaving and moving by setting x age, where estimated (setting id → age → flows).
        public var bySettingAndAge: [String: [Int: SettingAgeFlows]]
        public var senSupportGrowth: [Phase: DatedValue<Distribution>]
        /// Plans arriving from other LAs, by age (after the year's birthday).
        public var transfersIn: [Int: TransfersAtAge] = [:]
        /// The chance a year a plan transfers to another LA, by age (in addition to ceasing).
        public var transfersOut: [Int: Distribution] = [:]
        /// The yearly change of each setting's log share of new plans from the base year
        /// (setting id →), each year's change `newPlanSettingTrendFade` times the year before's.
        public var newPlanSettingTrend: [String: Double] = [:]
        public var newPlanSettingTrendFade = 1.0
        /// Year-to-year random effects on the placement mix (`flows.mix_shocks`).
        public var mixShocks: MixShocks? = nil
    }

    public struct Income: Sendable {
        public var id: String
        public var name: String
        public var amounts: [Int: Double]
        /// Paid only while conditions hold (a Safety Valve agreement).
        public var conditional: Bool = false
    }

    /// Unit costs, fees and place values are stated at `base` year prices; each later
    /// year uplifts them by `growth` (and each earlier year deflates them).
    public struct Prices: Sendable {
        public var base: Int
        public var growth: DatedValue<Distribution>
    }

    public struct Spend: Sendable {
        public var id: String
        public var name: String
        public var amounts: [Int: Double]
        /// Yearly growth after the last listed year (none: the last amount holds).
        public var growth: DatedValue<Distribution>?
    }

    public struct Budget: Sendable {
        /// False when the scenario has no `budget` section: spend is projected, income and
        /// balances are not.
        public var declared: Bool
        /// The high needs block in one financial year (2023 = 2023-24).
        public var blockYear: Int
        public var blockAmount: Double
        public var increments: [Int: Double]
        public var growth: DatedValue<Distribution>?
        /// The yearly growth's floor and cap (the formula's per-head floor and gains cap), by year.
        public var floor: DatedValue<Double>?
        public var cap: DatedValue<Double>?
        public var otherIncome: [Income]
        /// Other high needs spend (services, hospital education...), by financial year.
        public var otherSpend: [Spend]
        public var openingBalance: (year: Int, amount: Double)?
        /// Published cumulative balances at the end of financial years (2021 = 31 March 2022).
        public var publishedBalances: [Int: Double] = [:]
        public var prices: Prices? = nil
        /// `unmitigated` or `mitigated`, when the scenario says.
        public var basis: String? = nil
        /// Money figures the area's data does not publish, each with what stood in for it
        /// (`budget.fallbacks`): every report carries them as warnings.
        public var fallbacks: [String] = []
        /// Published figures to set beside the modelled ones (`budget.comparators`).
        public var comparators: [Comparator] = []
    }

    /// A published figure about the money: a measure in a financial year, with its source.
    public struct Comparator: Sendable {
        /// The run's money measures a comparator may name.
        public enum Measure: String, CaseIterable, Sendable {
            case spend, income
            case highNeedsBlock = "high_needs_block", inYearBalance = "in_year_balance"
            case cumulativeBalance = "cumulative_balance"

            public var label: String {
                switch self {
                case .spend: return "High needs spend"
                case .income: return "Income"
                case .highNeedsBlock: return "High needs block"
                case .inYearBalance: return "In-year balance"
                case .cumulativeBalance: return "Cumulative balance"
                }
            }

            /// Balances are signed (negative for a deficit); spend and income are not.
            public var isBalance: Bool { self == .inYearBalance || self == .cumulativeBalance }
        }
        public var measure: Measure
        /// The financial year (for a cumulative balance, the year that closes on 31 March).
        public var year: Int
        public var amount: Double
        public var source: String
    }

    public var meta: Meta
    public var needs: [(code: String, name: String)]
    public var bands: [(id: String, name: String)]
    public var settings: [Setting]
    public var localities: [Locality]
    public var needMix: [String: Double]
    public var stock: [StockCell]
    public var flows: Flows
    public var budget: Budget
    /// The formula blocks, in the order written.
    public var fundingBlocks: [NamedFundingBlock]
    /// Behavioural responses to the formula, as stated assumptions.
    public var responses: [Response]
    /// New band systems for top-ups (`banded_top_up` blocks), in the order written.
    public var bandSystems: [BandSystem]
    /// `funding.element2_threshold`: what a mainstream school meets of a child's support
    /// before top-up (nil: the national £6,000 top-ups are stated at).
    public var element2Threshold: DatedValue<Double>? = nil
    /// `need_profile.band_mix`: band weights by phase (or `all`), then need code (or `all`),
    /// then band id.
    public var bandMix: [String: [String: [String: Double]]] = [:]
    /// The merged document after overlays.
    public var document: SourceNode
    /// The files read, base first, then overlays in order.
    public var files: [String]
    /// Responses sampled as usual but given no effect (the same random numbers are used):
    /// a what-if with its own responses switched off is its mechanical part.
    public var responsesOff: Set<String> = []
    /// The overlays' names, in order (what a what-if's reports are titled with).
    public var overlayNames: [String] = []
    /// Each file's text as the loader read it: where `explain` and the page read a value's
    /// comment (a file edited since, or a document built in memory, is read as loaded).
    public var sourceTexts: [String: String] = [:]
    /// The schema the scenario was checked against (with its registry's funding blocks):
    /// each value's unit for `hnf explain`'s trace.
    public var schema: Shape = .anything

    /// The scenario's name, with its overlays' names and the money's basis when stated:
    /// "Kent baseline + Communities of schools (mitigated)".
    public var title: String {
        ([meta.name] + overlayNames).joined(separator: " + ") + (budget.basis.map { " (\($0))" } ?? "")
    }

    public func setting(_ id: String) -> Setting? { settings.first { $0.id == id } }

    /// Plans at the start by DfE placement group.
    public func stockByGroup(locality: String? = nil) -> [PlacementGroup: Int] {
        var out: [PlacementGroup: Int] = [:]
        let groups = Dictionary(uniqueKeysWithValues: settings.map { ($0.id, $0.group) })
        for cell in stock where locality == nil || cell.locality == locality {
            out[groups[cell.setting] ?? .unknown, default: 0] += cell.count
        }
        return out
    }

    public var totalPlans: Int { stock.reduce(0) { $0 + $1.count } }
}
