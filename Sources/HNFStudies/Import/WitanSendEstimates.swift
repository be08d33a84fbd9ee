import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Flows estimated from witan.send's person-level transitions, in hnf's terms: by setting
/// x age (the age a child reaches in the January a year ends in, age = academic year + 4).
///
/// The estimator is witan.send's own (MastodonC/witan.send, `params.clj`), by need x
/// setting x age as witan.send's states are (a child's need does not change in hnf):
///
/// - **Leaving** at (setting, age, need): Beta(leavers + w·p̄, stayers + w·(1 − p̄)), where p̄ is
///   the share leaving at that age over all settings, (leavers + ½) / (children + 1), and w
///   the prior weight (1, as witan.send). No cell that can be occupied has probability 0
///   or 1, and a sparse cell leans on its age.
/// - **Moving**, given the plan continues: the same, with movers and non-movers. Only for
///   settings that allow a move somewhere.
/// - **Destinations** of movers: Dirichlet(observed movers to each setting + w·π), π
///   spreading the prior weight over the settings the origin allows moves to and which
///   take the age, in proportion to (all movers into them at that age + 1/their number).
/// - **New plans** at each age: Beta(mean joiners a year, mean children without a new
///   plan a year), a chance per child of the population of that age; starting settings
///   Dirichlet(observed + 1 spread evenly over the settings taking the age), needs
///   Dirichlet(observed + 1 spread evenly over the needs). Unlike witan.send, years with
///   no joiner at an age count as zeros rather than being left out of the mean.
///
/// Every quantity is a sum of counts, so the estimates do not depend on row order.
public struct WitanSendEstimates: Sendable {
    public struct Beta: Sendable, Equatable {
        public var alpha: Double, beta: Double
        public init(alpha: Double, beta: Double) { (self.alpha, self.beta) = (alpha, beta) }
        public var mean: Double { alpha / (alpha + beta) }
    }

    public struct Cell: Sendable {
        public var children: Int
        public var leave: Beta
        public var move: Beta?
        /// Dirichlet concentrations by destination setting.
        public var destinations: [String: Double]
    }

    public struct Joiners: Sendable {
        public var rate: Beta
        public var settings: [String: Double]
        public var needs: [String: Double]
    }

    /// The January whose caseload starts the projection: the year after the last transitions.
    public let baseYear: Int
    /// Children in January `baseYear` by (age, need, setting).
    public let stock: [(age: Int, need: String, setting: String, count: Int)]
    /// The flows of one setting at one age: for each need observed there, its estimate;
    /// for the needs never observed, the prior they all share (an estimate from no
    /// observations depends on the setting and age only).
    public struct CellGroup: Sendable {
        public var prior: Cell
        public var byNeed: [String: Cell]
    }

    /// setting → age → flows.
    public let cells: [String: [Int: CellGroup]]
    /// Share leaving by age over all settings (the fallback of ages no cell covers).
    public let leavingByAge: [Int: Double]
    public let joiners: [Int: Joiners]
    /// Years of transitions the estimates rest on.
    public let years: [Int]
    public let priorWeight: Double

    public static func age(_ academicYear: Int) -> Int { CurriculumYear.age(academicYear) }

    public init(_ inputs: WitanSendInputs, priorWeight: Double = 1) {
        self.priorWeight = priorWeight
        let years = Array(Set(inputs.transitions.map(\.calendarYear))).sorted()
        self.years = years
        baseYear = years.last! + 1
        let counts = Counts(inputs.transitions, lastYear: years.last!)
        stock = counts.stock.map { key, count in
            let parts = key.split(separator: "|").map(String.init)
            return (Int(parts[0])!, parts[1], parts[2], count)
        }.sorted { ($0.setting, $0.age, $0.need) < ($1.setting, $1.age, $1.need) }
        let pooled = counts.pooledShares()
        leavingByAge = pooled.leave
        cells = Self.cells(inputs, counts, pooled: pooled, priorWeight: priorWeight)
        joiners = Self.joiners(inputs, counts, years: years)
    }
}

extension WitanSendEstimates {
    /// Keys by (setting, age reached in January, need).
    struct Key: Hashable { var setting: String; var age: Int; var need: String }

    /// The transitions counted: children, leavers and movers by key, where movers went,
    /// joiners by age, setting and need, and the last year's stock.
    struct Counts {
        var children: [Key: Int] = [:], leavers: [Key: Int] = [:], movers: [Key: Int] = [:]
        var moved: [Key: [String: Int]] = [:]
        var intoAtAge: [Int: [String: Int]] = [:]
        var joined: [Int: Int] = [:], joinedIn: [Int: [String: Int]] = [:], joinedWith: [Int: [String: Int]] = [:]
        /// `age|need|setting` → children in January after `lastYear`.
        var stock: [String: Int] = [:]

        init(_ transitions: [WitanSendInputs.Transition], lastYear: Int) {
            for t in transitions {
                let age = WitanSendEstimates.age(t.year2)
                if t.calendarYear == lastYear, !t.isLeaver { stock["\(age)|\(t.need2)|\(t.setting2)", default: 0] += 1 }
                if t.isJoiner {
                    joined[age, default: 0] += 1
                    joinedIn[age, default: [:]][t.setting2, default: 0] += 1
                    joinedWith[age, default: [:]][t.need2, default: 0] += 1
                    continue
                }
                let key = Key(setting: t.setting1, age: age, need: t.need1)
                children[key, default: 0] += 1
                if t.isLeaver { leavers[key, default: 0] += 1; continue }
                if t.setting2 != t.setting1 {
                    movers[key, default: 0] += 1
                    moved[key, default: [:]][t.setting2, default: 0] += 1
                    intoAtAge[age, default: [:]][t.setting2, default: 0] += 1
                }
            }
        }

        /// Pooled shares leaving and moving by age, over all settings, with half an
        /// observation on each side (Jeffreys).
        func pooledShares() -> (leave: [Int: Double], move: [Int: Double]) {
            var pooledLeave: [Int: Double] = [:], pooledMove: [Int: Double] = [:]
            for age in Set(children.keys.map(\.age)) {
                let at = children.filter { $0.key.age == age }
                let n = Double(at.values.reduce(0, +))
                let l = Double(at.keys.reduce(0) { $0 + (leavers[$1] ?? 0) })
                let m = Double(at.keys.reduce(0) { $0 + (movers[$1] ?? 0) })
                pooledLeave[age] = (l + 0.5) / (n + 1)
                pooledMove[age] = (m + 0.5) / (n - l + 1)
            }
            return (pooledLeave, pooledMove)
        }
    }

    /// The pooled share at `age`, or at the nearest age with one (the lower on a tie).
    static func nearest(_ table: [Int: Double], _ age: Int) -> Double {
        table[age] ?? table.min {
            abs($0.key - age) < abs($1.key - age) || (abs($0.key - age) == abs($1.key - age) && $0.key < $1.key)
        }?.value ?? 0.5
    }

    /// Each setting's flows at each age a child of it can reach (one past each year it takes).
    static func cells(
        _ inputs: WitanSendInputs, _ counts: Counts, pooled: (leave: [Int: Double], move: [Int: Double]),
        priorWeight w: Double
    ) -> [String: [Int: CellGroup]] {
        let states = Dictionary(uniqueKeysWithValues: inputs.validStates.map { ($0.setting, $0) })
        func takes(_ setting: String, age: Int) -> Bool {
            states[setting]?.years.contains(CurriculumYear.year(ofAge: age)) ?? false
        }
        var cells: [String: [Int: CellGroup]] = [:]
        for state in inputs.validStates {
            let targets = state.movesTo.filter { $0 != state.setting }
            for year in state.years {
                let age = Self.age(year) + 1
                guard age <= Self.age(WitanSendInputs.yearRange.upperBound) else { continue }
                let reachable = targets.filter { takes($0, age: age) }
                let into = counts.intoAtAge[age] ?? [:]
                let weights = reachable.map { Double(into[$0] ?? 0) + 1 / Double(reachable.count) }
                let p = nearest(pooled.leave, age), q = nearest(pooled.move, age)
                func estimate(_ key: Key) -> Cell {
                    cell(key, counts, leave: p, move: q, destinations: Array(zip(reachable, weights)), priorWeight: w)
                }
                var group = CellGroup(prior: estimate(Key(setting: state.setting, age: age, need: "")), byNeed: [:])
                for need in state.needs {
                    let key = Key(setting: state.setting, age: age, need: need)
                    if (counts.children[key] ?? 0) > 0 { group.byNeed[need] = estimate(key) }
                }
                cells[state.setting, default: [:]][age] = group
            }
        }
        return cells
    }

    /// One cell's Beta and Dirichlet estimates: its counts plus the prior weight `w`
    /// spread as the pooled shares `p` (leaving) and `q` (moving), and over the reachable
    /// destinations in proportion to their weights.
    static func cell(
        _ key: Key, _ counts: Counts, leave p: Double, move q: Double, destinations: [(String, Double)],
        priorWeight w: Double
    ) -> Cell {
        let n = counts.children[key] ?? 0, l = counts.leavers[key] ?? 0, m = counts.movers[key] ?? 0
        var cell = Cell(
            children: n, leave: Beta(alpha: Double(l) + w * p, beta: Double(n - l) + w * (1 - p)), move: nil,
            destinations: [:])
        if !destinations.isEmpty {
            let total = destinations.map(\.1).reduce(0, +)
            cell.move = Beta(alpha: Double(m) + w * q, beta: Double(n - l - m) + w * (1 - q))
            for (target, weight) in destinations {
                cell.destinations[target] = Double(counts.moved[key]?[target] ?? 0) + w * weight / total
            }
        }
        return cell
    }

    /// New plans at each age with joiners: the rate per child of the population, and the
    /// starting settings and needs, each with one observation spread evenly as its prior.
    static func joiners(_ inputs: WitanSendInputs, _ counts: Counts, years: [Int]) -> [Int: Joiners] {
        var joiners: [Int: Joiners] = [:]
        let needs = inputs.needs
        for (age, total) in counts.joined where total > 0 {
            let year = CurriculumYear.year(ofAge: age)
            let n = Double(years.count)
            var children = 0.0
            for cy in years { children += inputs.population[cy]?[year] ?? 0 }
            let rate = Beta(alpha: Double(total) / n, beta: max(children - Double(total), 0) / n)
            let open = inputs.validStates.filter { $0.years.contains(year) }.map(\.setting)
            var settings: [String: Double] = [:]
            for s in open { settings[s, default: 0] += 1 / Double(open.count) }
            for (s, c) in counts.joinedIn[age] ?? [:] { settings[s, default: 0] += Double(c) }
            var needShares: [String: Double] = [:]
            for need in needs {
                needShares[need] = Double(counts.joinedWith[age]?[need] ?? 0) + 1 / Double(needs.count)
            }
            joiners[age] = Joiners(rate: rate, settings: settings, needs: needShares)
        }
        return joiners
    }
}
