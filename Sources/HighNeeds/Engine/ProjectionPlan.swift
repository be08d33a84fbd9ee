import Foundation

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

    /// The formula blocks (`FundingRule`, `FundingBlocks.registry`), in the scenario's order.
    public let blocks: [NamedFundingBlock]
    /// Per step: the top-up of one child of setting s in band b, `[s * B + b]`, whether
    /// paid child by child or replaced by a locality budget.
    let topUp: [[Double]]
    /// Per step and setting: the band system (index in `scenario.bandSystems`) whose
    /// `protected` rule applies, and per step `[s * B + b]` what a protected child costs
    /// beyond the new value (its old top-up minus the new).
    let protectedBandSystem: [[Int?]]
    let protectedTopUpExtra: [[Double]]
    /// Per step: the settings whose top-ups a locality budget pays instead.
    let replaced: [[Bool]]
    /// Locality factors that do not change in a projection, by name, per locality.
    let localityFactors: [String: [Double]]

    let joinerAges: [Phase: (ages: [Int], table: Categorical)]
    /// Per age: where a new plan starts (nil when no setting both takes the age and has a share).
    let joinerSetting: [Categorical?]
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
    let settingAgeCells: [SettingAgeCell]
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
    let localityFlows: LocalityFlowPlans?

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

    struct SettingAgeCell: Sendable {
        var setting: Int, age: Int
        /// The need the cell is for; nil for every need.
        var need: Int?
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
    /// opening balance is dated before the base year.
    public init(_ scenario: Scenario, national: NationalData? = nil) throws {
        self.scenario = scenario
        let settings = scenario.settings
        let S = settings.count, L = scenario.localities.count, N = scenario.needs.count, B = max(scenario.bands.count, 1)
        (settingCount, localityCount, needCount, bandCount) = (S, L, N, B)
        maxAge = scenario.flows.maxAge
        baseYear = scenario.meta.baseYear
        stepYears = (0..<scenario.meta.horizon).map { scenario.meta.baseYear + $0 }
        settingGroups = settings.map(\.group)
        let ageCount = Self.ageCount
        let settingIndex = Dictionary(uniqueKeysWithValues: settings.enumerated().map { ($1.id, $0) })
        let localityIndex = Dictionary(uniqueKeysWithValues: scenario.localities.enumerated().map { ($1.id, $0) })
        let needIndex = Dictionary(uniqueKeysWithValues: scenario.needs.enumerated().map { ($1.code, $0) })
        let bandIDs = scenario.bands.map(\.id)

        var allowed = [Bool](repeating: false, count: ageCount * S)
        for a in 0..<ageCount { for s in 0..<S { allowed[a * S + s] = settings[s].ages.contains(a) } }
        self.allowed = OwnedBuffer(allowed)
        overflow = settings.map { $0.overflow.flatMap { settingIndex[$0] } ?? -1 }
        ceasingFactor = settings.map { scenario.flows.ceasingSettingFactor[$0.id] ?? 1 }

        capacityKind = settings.map { $0.capacity.isEmpty ? .none : ($0.capacity["all"] != nil ? .laWide : .perLocality) }
        localCapacity = stepYears.map { year in
            var out = [Double](repeating: .infinity, count: L * S)
            for (s, setting) in settings.enumerated() {
                for (key, places) in setting.capacity { if let l = localityIndex[key] { out[l * S + s] = places.value(in: year) } }
            }
            return out
        }
        wideCapacity = stepYears.map { year in settings.map { $0.capacity["all"]?.value(in: year) ?? .infinity } }
        let kinds = capacityKind
        // Every parameter a figure reads is recorded as it is read (for `hnf explain`).
        let recorder = TraceRecorder(scenario.document)
        func scope(_ s: Int) -> [String] { ["setting:\(settings[s].id)"] }
        // Funding blocks. A locality budget that replaces settings' top-ups takes them out
        // of each child's cost in the years it pays.
        blocks = scenario.fundingBlocks
        let replacedIn: [[Bool]] = stepYears.map { year -> [Bool] in
            var out = [Bool](repeating: false, count: S)
            for block in scenario.fundingBlocks where block.isActive(in: year) {
                for id in block.rule.replaces { if let s = settingIndex[id] { out[s] = true } }
            }
            return out
        }
        replaced = replacedIn
        // The settings' own top-ups, before any new band system. In mainstream settings
        // without place funding the school meets the first `element2_threshold` of a
        // child's support; top-ups are stated at the national £6,000, so a threshold
        // above it lowers each top-up by the difference (not below 0), and one below raises it.
        let threshold = scenario.document["funding"]?["element2_threshold"].flatMap { DatedValue<Double>($0, inner: .number(unit: ""), { $0.number }) }
        func ownTopUps(in year: Int, for traced: Int? = nil) -> [Double] {
            let shift = (threshold?.value(in: year) ?? Self.nationalElement2Threshold) - Self.nationalElement2Threshold
            return (0..<(S * B)).map { i in
                let b = i % B, setting = settings[i / B]
                let stated = bandIDs.indices.contains(b) ? (setting.topUp[bandIDs[b]]?.value(in: year) ?? 0) : 0
                if bandIDs.indices.contains(b) { recorder.read("settings.\(setting.id).top_up.\(bandIDs[b])", for: scope(i / B), in: traced ?? year, valueIn: year) }
                let schoolPays = setting.group == .mainstream && setting.placeFunding.steps.allSatisfy { $0.value == 0 }
                if schoolPays && stated > 0 {
                    recorder.read("funding.element2_threshold", for: scope(i / B), in: traced ?? year, valueIn: year,
                                  note: "£6,000 (not stated: the national threshold top-ups are stated at)")
                }
                return schoolPays && stated > 0 ? max(0, stated - shift) : stated
            }
        }
        // The band system in force for each setting in a year (the latest started).
        func bandSystem(_ s: Int, in year: Int) -> Int? {
            scenario.bandSystems.indices.last { scenario.bandSystems[$0].from <= year && scenario.bandSystems[$0].settings.contains(settings[s].id) }
        }
        func topUps(in year: Int) -> [Double] {
            var out = ownTopUps(in: year)
            for s in 0..<S {
                guard let k = bandSystem(s, in: year) else { continue }
                let id = scenario.bandSystems[k].id
                for key in ["from", "settings", "existing"] { recorder.read("funding.blocks.\(id).\(key)", for: scope(s), in: year) }
                for b in 0..<B where bandIDs.indices.contains(b) {
                    out[s * B + b] = scenario.bandSystems[k].values[bandIDs[b]] ?? 0
                    recorder.read("funding.blocks.\(id).values.\(bandIDs[b])", for: scope(s), in: year)
                }
            }
            return out
        }
        // Children protected by a band system's transition rule keep the top-up of the
        // year before it starts: the difference they add, per step, `[s * B + b]`.
        protectedBandSystem = stepYears.map { year in
            (0..<S).map { s -> Int? in
                guard let k = bandSystem(s, in: year), scenario.bandSystems[k].existing == .protected else { return nil }
                return k
            }
        }
        protectedTopUpExtra = stepYears.map { year in
            (0..<(S * B)).map { i in
                let s = i / B
                guard let k = bandSystem(s, in: year), scenario.bandSystems[k].existing == .protected else { return 0 }
                let before = scenario.bandSystems[k].from - 1
                var old = ownTopUps(in: before, for: year)
                // A band system before this one, in force the year before, sets the old value.
                if let earlier = bandSystem(s, in: before) {
                    for b in 0..<B where bandIDs.indices.contains(b) { old[s * B + b] = scenario.bandSystems[earlier].values[bandIDs[b]] ?? 0 }
                }
                return old[i] - topUps(in: year)[i]
            }
        }
        topUp = stepYears.map(topUps(in:))
        func costs(in year: Int, replacing: [Bool]? = nil) -> (perChild: [Double], place: [Double]) {
            var perChild = [Double](repeating: 0, count: S * B)
            var place = [Double](repeating: 0, count: S)
            let topUp = topUps(in: year)
            for (s, setting) in settings.enumerated() {
                let pf = setting.placeFunding.value(in: year)
                place[s] = pf
                let fee = setting.fee?.value(in: year) ?? 0
                for key in ["fee", "place_funding"] { recorder.read("settings.\(setting.id).\(key)", for: scope(s), in: year) }
                for key in setting.capacity.keys.sorted() where kinds[s] != .none { recorder.read("settings.\(setting.id).capacity.\(key)", for: scope(s), in: year) }
                if replacing?[s] == true {
                    for block in scenario.fundingBlocks where block.isActive(in: year) {
                        if block.rule.replaces.contains(setting.id) {
                            recorder.read("funding.blocks.\(block.id).replaces", for: scope(s), in: year)
                        }
                    }
                }
                if let prices = scenario.budget.prices {
                    recorder.read("budget.prices.base", for: scope(s), in: year)
                    if year != prices.base { recorder.read("budget.prices.growth", for: scope(s), in: year) }
                }
                for b in 0..<B {
                    perChild[s * B + b] = (replacing?[s] == true ? 0 : topUp[s * B + b]) + fee + (kinds[s] == .none ? pf : 0)
                }
            }
            return (perChild, place)
        }
        let years = stepYears
        let stepCosts = years.indices.map { costs(in: years[$0], replacing: replacedIn[$0]) }
        perChildCost = stepCosts.map(\.perChild)
        placeFunding = stepCosts.map(\.place)
        localityFactors = [
            "population": scenario.localities.map(\.totalPopulation),
            "pupils_on_roll": scenario.localities.map { $0.pupilsOnRoll ?? 0 },
            "fsm": scenario.localities.map { $0.fsm ?? 0 },
            "low_prior_attainment": scenario.localities.map { $0.lowPriorAttainment ?? 0 },
        ]

        // Who joins: age within phase, need, band, first setting.
        var joinerAges: [Phase: (ages: [Int], table: Categorical)] = [:]
        for phase in Phase.allCases {
            let ages = phase.ages.filter { $0 <= scenario.flows.maxAge }
            guard !ages.isEmpty else { continue }
            let profile = scenario.flows.newPlanAgeProfile
            var weights = ages.map { profile[$0] ?? 0 }
            if profile.isEmpty || weights.allSatisfy({ $0 <= 0 }) { weights = ages.map { _ in 1 } }
            joinerAges[phase] = (ages, Categorical(weights))
        }
        self.joinerAges = joinerAges
        let byAge = scenario.flows.newPlansByAge
        var joinerWeights: [[Double]] = []
        for a in 0..<ageCount {
            let mix = byAge[a]?.settings ?? scenario.flows.newPlanSettingMix[Phase.of(age: a).rawValue] ?? scenario.flows.newPlanSettingMix["all"] ?? [:]
            joinerWeights.append((0..<S).map { s in allowed[a * S + s] ? (mix[settings[s].id] ?? 0) : 0 })
        }
        joinerSetting = joinerWeights.map { w in w.contains { $0 > 0 } ? Categorical(w) : nil }
        settingsTaking = (0..<ageCount).map { a in (0..<S).map { allowed[a * S + $0] ? 1.0 : 0 } }
        let movesTo: [Set<Int>?] = settings.map { $0.movesTo.map { Set($0.compactMap { settingIndex[$0] }) } }
        ageOutDestination = (0..<ageCount).flatMap { a in
            (0..<S).map { from in
                func permitted(_ w: [Double]) -> [Double] {
                    guard let targets = movesTo[from] else { return w }
                    return w.indices.map { targets.contains($0) ? w[$0] : 0 }
                }
                let anyAllowed = (0..<S).map { allowed[a * S + $0] ? 1.0 : 0 }
                for w in [permitted(joinerWeights[a]), permitted(anyAllowed), joinerWeights[a]] where w.contains(where: { $0 > 0 }) { return w }
                return anyAllowed
            }
        }
        joinersByAge = byAge.keys.sorted().filter { $0 < ageCount }.map { a in
            let entry = byAge[a]!
            return JoinersAtAge(age: a, rate: entry.rate, settings: joinerWeights[a],
                                needs: scenario.needs.map { entry.needs[$0.code] ?? 0 })
        }
        transfersIn = scenario.flows.transfersIn.keys.sorted().filter { $0 < ageCount }.map { a in
            let entry = scenario.flows.transfersIn[a]!
            var weights = (0..<S).map { s in allowed[a * S + s] ? (entry.settings[settings[s].id] ?? 0) : 0 }
            if !weights.contains(where: { $0 > 0 }) { weights = joinerWeights[a].contains { $0 > 0 } ? joinerWeights[a] : (0..<S).map { allowed[a * S + $0] ? 1 : 0 } }
            return TransfersAtAge(age: a, perYear: entry.perYear, settings: weights)
        }
        let totals = scenario.localities.map(\.totalPopulation), total = totals.reduce(0, +)
        transferShare = totals.map { total > 0 ? $0 / total : 1 / Double(L) }
        transferLocality = Categorical(total > 0 ? totals : totals.map { _ in 1 })
        transfersOut = (0..<ageCount).map { scenario.flows.transfersOut[$0] }
        populationByAge = stepYears.map { year in
            scenario.localities.flatMap { l in (0..<ageCount).map { l.populationByAge[$0]?.value(in: year) ?? 0 } }
        }
        var cells: [SettingAgeCell] = [], needCells: [SettingAgeCell] = []
        for (id, byAge) in scenario.flows.bySettingAndAge.sorted(by: { $0.key < $1.key }) {
            guard let s = settingIndex[id] else { continue }
            for a in byAge.keys.sorted() where a < ageCount {
                func compile(_ flows: Scenario.SettingAgeFlows, need: Int?) -> SettingAgeCell {
                    let destinations = flows.destinations.compactMap { key, alpha in settingIndex[key].map { (to: $0, alpha: alpha) } }
                        .filter { $0.alpha > 0 && $0.to != s }.sorted { $0.to < $1.to }
                    return SettingAgeCell(setting: s, age: a, need: need, leave: flows.leave, move: flows.move, destinations: destinations)
                }
                let cell = byAge[a]!
                if cell.leave != nil || cell.move != nil { cells.append(compile(cell, need: nil)) }
                for (code, flows) in cell.byNeed.sorted(by: { $0.key < $1.key }) {
                    if let n = needIndex[code] { needCells.append(compile(flows, need: n)) }
                }
            }
        }
        settingAgeCells = cells + needCells
        let stride = needCells.isEmpty ? 1 : N
        needStride = stride
        var cellOf = [Int32](repeating: -1, count: ageCount * S * stride)
        for (k, cell) in settingAgeCells.enumerated() {
            for n in cell.need.map({ [$0] }) ?? Array(0..<stride) { cellOf[(cell.age * S + cell.setting) * stride + n] = Int32(k) }
        }
        self.cellOf = cellOf
        destinationStart = settingAgeCells.reduce(into: [0]) { $0.append($0.last! + $1.destinations.count) }
        destinationTo = settingAgeCells.flatMap { $0.destinations.map(\.to) }
        destinationAlpha = settingAgeCells.flatMap { $0.destinations.map(\.alpha) }
        let needWeights = scenario.needs.map { scenario.needMix[$0.code] ?? 0 }
        needTable = Categorical(needWeights.contains { $0 > 0 } ? needWeights : needWeights.map { _ in 1 })
        var bandTable: [Categorical] = []
        var bandShares: [[Double]] = []
        let bandMix = scenario.document["need_profile"]?["band_mix"]
        for phase in Phase.allCases {
            let phaseKey = bandMix?[phase.rawValue] != nil ? phase.rawValue : "all"
            let byNeed = bandMix?[phaseKey]
            for need in scenario.needs {
                let needKey = byNeed?[need.code] != nil ? need.code : "all"
                let mix = byNeed?[needKey]
                // Every child's band, so every setting's cost, reads the mix.
                for year in stepYears { recorder.read("need_profile.band_mix.\(phaseKey).\(needKey)", for: (0..<S).flatMap(scope), in: year) }
                var w = (0..<B).map { b in bandIDs.indices.contains(b) ? (mix?[bandIDs[b]]?.number ?? 0) : 0 }
                if !w.contains(where: { $0 > 0 }) { w = [Double](repeating: 1, count: B) }
                bandTable.append(Categorical(w))
                bandShares.append(w)
            }
        }
        self.bandTable = bandTable
        Self.recordBlocks(scenario, years: stepYears, recorder)
        population = scenario.localities.flatMap { l in Phase.allCases.map { l.population[$0] ?? 0 } }
        senSupport = scenario.localities.flatMap { l in Phase.allCases.map { l.senSupport[$0] ?? 0 } }

        moves = scenario.flows.moves.compactMap { move in
            guard let from = settingIndex[move.from], let to = settingIndex[move.to] else { return nil }
            let ages: [Int]
            if let transfer = move.transfer { ages = [transfer.age] }
            else if let phase = move.phase { ages = Array(phase.ages) }
            else { ages = Array(0...Phase.maximumAge) }
            return CompiledMove(from: from, to: to, transfer: move.transfer, ages: ages, rate: move.rate)
        }
        var movesFrom = [[Int]](repeating: [], count: ageCount * S)
        for (m, move) in moves.enumerated() { for a in move.ages where a < ageCount { movesFrom[a * S + move.from].append(m) } }
        self.movesFrom = movesFrom
        let compiledCells = cells + needCells
        moveEntryCount = movesFrom.reduce(0) { $0 + $1.count } * stride + cellOf.reduce(0) { $0 + ($1 >= 0 ? compiledCells[Int($1)].destinations.count : 0) }

        // The starting stock: bands within each cell by largest remainders of the band mix.
        let base = Population(capacity: scenario.totalPlans)
        for cell in scenario.stock where cell.count > 0 {
            guard let l = localityIndex[cell.locality], let s = settingIndex[cell.setting], let n = needIndex[cell.need] else { continue }
            let phase = Phase.allCases.firstIndex(of: Phase.of(age: cell.age))!
            let perBand = StockDerivation.largestRemainder(cell.count, bandShares[phase * N + n])
            for (b, count) in perBand.enumerated() {
                for _ in 0..<count {
                    base.append(locality: l, age: cell.age, need: n, setting: s, band: b, yearsWithPlan: 0)
                }
            }
        }
        self.base = base
        let history = try Self.history(scenario, national: national, settingIndex: settingIndex)
        self.history = history
        var bandShare = [[Double]](repeating: [Double](repeating: 0, count: B), count: S)
        for i in 0..<base.count { bandShare[Int(base.setting[i])][Int(base.band[i])] += 1 }
        bandShare = bandShare.map { row in
            let total = row.reduce(0, +)
            return total > 0 ? row.map { $0 / total } : [Double](repeating: 1 / Double(B), count: B)
        }
        historySpend = history.map { year in
            let (perChild, place) = costs(in: year.year)
            var spend = 0.0
            for s in 0..<S {
                let plans = year.plansBySetting[s]
                for b in 0..<B { spend += plans * bandShare[s][b] * perChild[s * B + b] }
                // Place funding in a history year follows the children actually there: the
                // places commissioned for the projection were not there then.
                if kinds[s] != .none { spend += place[s] * plans }
            }
            return spend
        }
        localityFlows = try LocalityFlowPlans(scenario, national: national, recorder)
        trace = recorder.trace
    }

    /// Records what each formula block reads in each year it is in force, and the
    /// behavioural responses (which change the children every setting's cost counts).
    static func recordBlocks(_ scenario: Scenario, years: [Int], _ recorder: TraceRecorder) {
        for year in years {
            for block in scenario.fundingBlocks {
                let base = "funding.blocks.\(block.id)", scope = ["block:\(block.id)"]
                for key in block.rule.tracedKeys { recorder.read("\(base).\(key)", for: scope, in: year) }
            }
            for response in scenario.responses where response.from <= year {
                for key in ["effect", "from"] { recorder.read("funding.responses.\(response.id).\(key)", for: ["children"], in: year) }
            }
        }
    }

    /// Financial years from the opening balance up to the year before the base year,
    /// each with the area's SEN2 plans of the January that falls in it, by setting.
    static func history(_ scenario: Scenario, national: NationalData?, settingIndex: [String: Int]) throws -> [HistoryYear] {
        guard let opening = scenario.budget.openingBalance, opening.year < scenario.meta.baseYear else { return [] }
        let years = Array(opening.year..<scenario.meta.baseYear)
        let location = scenario.document["budget"]?["opening_balance"]?["year"]?.location
        func problem(_ found: String, _ expected: String) -> InvalidInput {
            InvalidInput([Diagnostic(at: location, keyPath: "budget.opening_balance.year", found: found, expected: expected)])
        }
        guard let code = scenario.meta.area, let national else {
            throw problem("\(opening.year), before the base year \(scenario.meta.baseYear), with no SEN2 area (meta.area) to cost the years between",
                          "the base year or later, or meta.area naming the LA whose SEN2 counts cost the years before it")
        }
        let area = try national.area(named: code)
        return try years.map { year in
            guard let row = national.caseload(of: area, in: year + 1) else {
                throw problem("\(opening.year): SEN2 has no January \(year + 1) caseload for \(area.name)",
                              "a year whose following January is in the SEN2 data (\(national.years.map(String.init).joined(separator: ", ")))")
            }
            var plans = [Double](repeating: 0, count: scenario.settings.count)
            for (s, setting) in scenario.settings.enumerated() {
                plans[s] = setting.sen2Columns.reduce(0) { $0 + (row.value($1) ?? 0) }
            }
            return HistoryYear(year: year, plansBySetting: plans)
        }
    }
}
