import Foundation
import HNFCore
import HNFScenario

/// A scenario compiled once for the kernels. Settings, localities, needs and bands become
/// small integers, and every figure a kernel reads per child sits in a flat table indexed
/// by them, so the loops never look up a string or a dictionary.
///
/// Year convention (the scenario format's): the step from January `c` to January `c + 1`
/// reads every dated value in force in year `c` — flows of calendar year `c`, money of
/// financial year `c` (April `c` to March `c + 1`), whose children are those counted in
/// January `c + 1`.
public final class ProjectionPlan: Sendable {
    public let scenario: Scenario
    /// The element 2 threshold top-ups are stated at (DfE's national £6,000).
    public static let nationalElement2Threshold = 6000.0
    /// Numbers of settings, localities, needs and bands.
    public let settingCount, localityCount, needCount, bandCount: Int
    /// Ages 0...maximumAge are tracked; a child older than `maxAge` leaves.
    public static let ageCount = Phase.maximumAge + 2
    public let maxAge: Int
    public let baseYear: Int
    /// Calendar / financial years of the steps: base year ... base year + horizon − 1.
    public let stepYears: [Int]

    public let settingGroups: [PlacementGroup]
    /// `allowed[age * S + s]`: setting s takes children of that age.
    let allowed: OwnedBuffer<Bool>
    let overflow: [Int]
    /// Per setting, the multiplier of the ceasing rate by age.
    let ceasingFactor: [Double]
    let capacityKind: [CapacityKind]
    /// Per step: commissioned places `[l * S + s]` (per-locality settings) and `[s]` (LA-wide).
    let localCapacity: [[Double]]
    let wideCapacity: [[Double]]
    /// Per step: the cost of one child in setting s with band b, `[s * B + b]` (top-up, fee,
    /// and place funding where places are not commissioned), and place funding per place.
    let perChildCost: [[Double]]
    let placeFunding: [[Double]]

    /// The formula blocks (`FundingFormula`, `FundingRegistry.standard`), in the scenario's order.
    public let blocks: [NamedFundingBlock]
    /// Per step: the top-up of one child of setting s in band b, `[s * B + b]`, whether
    /// paid child by child or replaced by a locality budget.
    package let topUp: [[Double]]
    /// Per step and setting: the band system (index in `scenario.bandSystems`) whose
    /// `protected` rule applies, and per step `[s * B + b]` what a protected child costs
    /// beyond the new value (its old top-up minus the new).
    let protectedBandSystem: [[Int?]]
    let protectedTopUpExtra: [[Double]]
    /// Per step: the settings whose top-ups a locality budget pays instead.
    let replaced: [[Bool]]
    /// Locality factors that do not change in a projection, by name, per locality.
    package let localityFactors: [String: [Double]]

    let joinerAges: [Phase: (ages: [Int], table: Categorical)]
    /// Per age: where a new plan starts (nil when no setting both takes the age and has a share).
    let joinerSetting: [Categorical?]
    /// Per age: the weights `joinerSetting` is built from, by setting index (the mix shocks
    /// and trend reweight them year by year, `MixPath`).
    let joinerWeights: [[Double]]
    /// Children at the start by age and setting, `[age * S + s]` (a setting shock moves
    /// children between settings in proportion to these, `YearTables.shockMoves`).
    let baseByAgeSetting: [Double]
    /// Per age x setting `[age * S + s]`: where a child of setting s goes when s stops
    /// taking its age (the settings new plans of that age start in, among those s allows
    /// moves to).
    let ageOutDestination: [[Double]]
    /// Per age: 1 for each setting that takes it (where a new plan starts when no mix says).
    let settingsTaking: [[Double]]
    /// New plans by single age, when the scenario gives them so (`flows.new_plans.by_age`).
    let joinersByAge: [JoinersAtAge]
    /// Plans arriving from other LAs a year, by age: LA-wide means shared between
    /// localities by their children (`transferShare`), Dirichlet concentrations by setting.
    let transfersIn: [TransfersAtAge]
    let transferShare: [Double]
    let transferLocality: Categorical
    /// `[age]`: the chance a year a plan transfers to another LA (nil: none).
    let transfersOut: [Distribution?]
    /// Per step: children by locality x single age, `[l * ageCount + a]` (by_age joiners only).
    let populationByAge: [[Double]]
    /// Estimated leaving and moving of single (setting, age) cells, or (setting, age,
    /// need): setting-wide cells first.
    package let settingAgeCells: [SettingAgeCell]
    /// The yearly tables' cells are `(age * S + setting) * needStride + need`: the stride
    /// is the number of needs when any estimated cell is by need, else 1.
    let needStride: Int
    /// The destinations of every estimated cell, flat: cell k's are
    /// `destinationStart[k] ..< destinationStart[k + 1]` of `destinationTo` (setting
    /// indices) and `destinationAlpha` (positive Dirichlet concentrations).
    let destinationStart: [Int]
    let destinationTo: [Int]
    let destinationAlpha: [Double]
    /// Per table cell: the index of the estimated cell that governs it, or −1.
    let cellOf: [Int32]
    /// Per `age * S + setting`: the `moves` that leave from it.
    let movesFrom: [[Int]]
    /// An upper bound on a year's move entries (to reserve the tables once).
    let moveEntryCount: Int
    let needTable: Categorical
    /// Per phase x need: the band mix, `[phase * N + need]`.
    let bandTable: [Categorical]
    /// Children by locality x phase, `[l * phases + p]`.
    let population: [Double]
    /// Pupils on SEN support (without a plan) at the start, by locality x phase.
    let senSupport: [Double]

    let moves: [CompiledMove]
    /// The starting stock, one record per child, bands shared out by largest remainders.
    public let base: Population
    /// Financial years before the base year whose money is costed on actual SEN2 counts,
    /// to carry the opening balance forward to the projection.
    public let history: [HistoryYear]
    /// Spend on plans in each history year, £, at the scenario's unit costs at the price
    /// base (bands in the proportions of the starting stock of each setting; place funding
    /// on the children there). Each draw uplifts it by its price index.
    public let historySpend: [Double]
    /// The parameters each setting's costs and each block read, by year, recorded as the
    /// plan compiled them (`hnf explain` prints it).
    public let trace: ParameterTrace
    /// The flows of localities that override the LA's (`localities.ID.flows`); nil when none do.
    package let localityFlows: LocalityFlowPlans?

    enum CapacityKind: Sendable, Equatable { case none, perLocality, laWide }

    struct TransfersAtAge: Sendable {
        var age: Int
        var perYear: Distribution
        /// Dirichlet concentrations by setting index (0 where the setting does not take the age).
        var settings: [Double]
    }

    struct JoinersAtAge: Sendable {
        var age: Int
        var rate: Distribution
        /// Dirichlet concentrations by setting index (0 where new plans cannot start) and need index.
        var settings: [Double]
        var needs: [Double]
    }

    package struct SettingAgeCell: Sendable {
        package var setting: Int, age: Int
        /// The need the cell is for; nil for every need.
        package var need: Int?
        var leave: Distribution?
        var move: Distribution?
        /// (setting index, Dirichlet concentration), positive concentrations only.
        var destinations: [(to: Int, alpha: Double)]
    }

    struct CompiledMove: Sendable {
        var from: Int, to: Int
        /// The phase transfer the move is made at, when declared `at` one.
        var transfer: Transfer?
        var ages: [Int]
        var rate: DatedValue<Distribution>
    }

    /// One financial year before the projection, costed on the January SEN2 caseload that
    /// falls in it.
    public struct HistoryYear: Sendable {
        public var year: Int
        public var plansBySetting: [Double]
    }

    public func settingIndex(_ id: String) -> Int? { scenario.settings.firstIndex { $0.id == id } }
    public func localityIndex(_ id: String) -> Int? { scenario.localities.firstIndex { $0.id == id } }

    /// Compiles `scenario`. `national` is needed only to cost history years, when the
    /// opening balance is dated before the base year. Each concern has its compiler, in
    /// its own file (`ProjectionPlan+Places.swift`, `+Costs`, `+BandSystems`, `+Localities`,
    /// `+Joiners`, `+FlowCells`, `+NeedProfile`, `+Trace`, `+Stock`, `+History`). Keep the
    /// order of the calls: the trace lists parameters in the order they are first read
    /// (costs, then the band mix, then the blocks, then the history years' costs).
    public init(_ scenario: Scenario, national: NationalData? = nil) throws {
        self.scenario = scenario
        let c = Compiling(scenario)
        (settingCount, localityCount, needCount, bandCount) = (c.S, c.L, c.N, c.B)
        maxAge = scenario.flows.maxAge
        baseYear = scenario.meta.baseYear
        stepYears = c.stepYears
        settingGroups = scenario.settings.map(\.group)
        blocks = scenario.fundingBlocks

        allowed = OwnedBuffer(c.allowed)
        let places = Self.compilePlaces(c)
        (overflow, ceasingFactor, capacityKind) = (places.overflow, places.ceasingFactor, places.capacityKind)
        (localCapacity, wideCapacity) = (places.localCapacity, places.wideCapacity)

        let costs = CostCompiler(c: c, capacityKind: places.capacityKind)
        let replaced = costs.replacedSettings()
        self.replaced = replaced
        protectedBandSystem = costs.protectedBandSystems()
        protectedTopUpExtra = costs.protectedTopUpExtras()
        topUp = c.stepYears.map { costs.topUps(in: $0) }
        let stepCosts = c.stepYears.indices.map { costs.costs(in: c.stepYears[$0], replacing: replaced[$0]) }
        perChildCost = stepCosts.map(\.perChild)
        placeFunding = stepCosts.map(\.place)

        let localities = Self.compileLocalities(scenario)
        (localityFactors, population, senSupport) = (
            localities.localityFactors, localities.population, localities.senSupport
        )

        let joiners = Self.compileJoiners(c)
        (joinerAges, joinerSetting, settingsTaking, joinerWeights) = (
            joiners.joinerAges, joiners.joinerSetting, joiners.settingsTaking, joiners.joinerWeights
        )
        (ageOutDestination, joinersByAge, populationByAge) = (
            joiners.ageOutDestination, joiners.joinersByAge, joiners.populationByAge
        )
        let transfers = Self.compileTransfers(c, joiners.joinerWeights)
        (transfersIn, transferShare) = (transfers.transfersIn, transfers.transferShare)
        (transferLocality, transfersOut) = (transfers.transferLocality, transfers.transfersOut)

        let cells = Self.compileFlowCells(c)
        (settingAgeCells, needStride, cellOf) = (cells.settingAgeCells, cells.needStride, cells.cellOf)
        (destinationStart, destinationTo, destinationAlpha) = (
            cells.destinationStart, cells.destinationTo, cells.destinationAlpha
        )
        (moves, movesFrom, moveEntryCount) = (cells.moves, cells.movesFrom, cells.moveEntryCount)

        let profile = Self.compileNeedProfile(c)
        (needTable, bandTable) = (profile.needTable, profile.bandTable)
        Self.recordBlocks(scenario, years: c.stepYears, c.recorder)

        let base = Self.startingStock(c, bandShares: profile.bandShares)
        self.base = base
        var byAgeSetting = [Double](repeating: 0, count: ProjectionPlan.ageCount * c.S)
        for i in 0..<base.count { byAgeSetting[Int(base.age[i]) * c.S + Int(base.setting[i])] += 1 }
        baseByAgeSetting = byAgeSetting
        let history = try Self.history(scenario, national: national, settingIndex: c.settingIndex)
        self.history = history
        historySpend = Self.historySpend(history, base: base, costs: costs)
        localityFlows = try LocalityFlowPlans(scenario, national: national, c.recorder)
        trace = c.recorder.trace
    }
}
