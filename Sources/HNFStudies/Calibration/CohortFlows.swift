import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Leaving, moving and transfers between LAs by single age x setting, estimated from two
/// consecutive SEN2 Januaries with ages (`year` → `year + 1`) and the calendar year's new
/// and ceased plans, so that the engine's step from January `year` reproduces January
/// `year + 1` by age and setting in expectation.
///
/// For a child aged x next January (x − 1 this January), with the engine's order of a step
/// (age, leave or transfer out, move, join, transfers in):
///
/// - **new plans** at x in setting s are what the scenario's new plans give: the year's new
///   plans at age x (SEN2 age at start; "20plus" at 20) in the setting mix of x's phase;
/// - **ceasing** at x ≤ 19 is SEN2's plans ceased at that age over the cohort's January
///   plans, less those ceased because the child moved to another LA ("transfer"), which are
///   **transfers out**; at 20–25 (SEN2 counts ceasing at "20plus" only, and undercounts it)
///   ceasing is what cohort survival says, 1 − (plans at x − new plans) / plans at x − 1;
/// - **transfers in** at x are what the stock identity leaves over: plans at x next January
///   − survivors of the cohort − new plans, where positive (children arriving with a plan
///   from another LA), shared by setting as next January's plans at x; where negative, the
///   cohort lost more than SEN2 records as ceased, and the difference is added to ceasing;
/// - **moves** at x: each setting's survivors against what it holds next January less its
///   new plans and arrivals; settings short of that gain, the others lose, and losers send
///   children to gainers in proportion to the gains (the fewest moves that match both
///   Januaries: a net, not a gross, flow).
///
/// Ceasing is the same in every setting at one age (SEN2 records the placement at ceasing,
/// mostly "NEET" after college, not the setting the plan was held in): an ASSUMPTION;
/// differences between settings show up as moves.
public struct CohortFlows: Sendable {
    public struct Setting: Sendable {
        public var id: String
        public var columns: [String]
        public var ages: ClosedRange<Int>
        public init(id: String, columns: [String], ages: ClosedRange<Int>) {
            (self.id, self.columns, self.ages) = (id, columns, ages)
        }
    }

    /// One setting at one age: children exposed (this January, a year younger), the
    /// expected leavers and movers among them, and where movers go (counts).
    public struct Cell: Sendable {
        public var exposed: Double
        public var leaving: Double
        public var survivors: Double
        public var moving: Double
        public var destinations: [String: Double]
    }

    public var area: Area
    public var year: Int
    /// By age next January: the chance of ceasing (all settings) and of transferring out.
    public var ceasing: [Int: Double] = [:]
    public var transferOut: [Int: Double] = [:]
    /// Arrivals from other LAs by age: the number and their settings (counts).
    public var transferIn: [Int: (count: Double, settings: [String: Double])] = [:]
    /// setting id → age → flows.
    public var cells: [String: [Int: Cell]] = [:]
    /// The year's new plans by age at start, and their settings by phase (shares).
    public var newPlansByAge: [Int: Double] = [:]
    public var newPlanMix: [Phase: [String: Double]] = [:]
    /// Counts behind the figures, for the comments of the YAML.
    public var ceasedByAge: [Int: Double] = [:]
    public var transferredByAge: [Int: Double] = [:]
    public var cohort: [Int: (before: Double, after: Double)] = [:]

    public enum Failure: InputProblem {
        case missing(String)
        public var description: String { if case .missing(let m) = self { return m }; return "" }
    }

    /// Plans by single age x setting in one January.
    static func stock(
        _ area: Area, _ year: Int, _ settings: [Setting], _ tables: Calibration.Tables
    ) -> [Int: [String: Double]] {
        var out: [Int: [String: Double]] = [:]
        for row in tables.byAge where row.year == year && row.area.code == area.code && row.area.level == area.level {
            guard let age = SEN2Age.parse(row.breakdown) else { continue }
            for s in settings {
                out[age, default: [:]][s.id, default: 0] += s.columns.reduce(0) { $0 + (row.value($1) ?? 0) }
            }
        }
        return out
    }

    public init(area: Area, year: Int, settings: [Setting], tables: Calibration.Tables) throws {
        self.area = area
        self.year = year
        let before = Self.stock(area, year, settings, tables), after = Self.stock(area, year + 1, settings, tables)
        guard !before.isEmpty, !after.isEmpty else {
            throw Failure.missing("SEN2 has no caseload by age for \(area.name) in January \(year) and \(year + 1)")
        }
        try readNewPlans(settings, tables)
        for row in tables.ceased where row.year == year && row.area.code == area.code && row.area.level == area.level {
            // (Rows by age are those whose breakdown reads as an age; others are by placement.)
            guard let age = SEN2Age.parse(row.breakdown) else { continue }
            ceasedByAge[age] = row.value("total_ceased") ?? 0
            transferredByAge[age] = row.value("transfer") ?? 0
        }
        guard !ceasedByAge.isEmpty else {
            throw Failure.missing("SEN2 has no plans ceased by age for \(area.name) in \(year)")
        }
        let adults = Array(20...Phase.maximumAge)
        let adultExposure = adults.reduce(0.0) { $0 + (before[$1 - 1]?.values.reduce(0, +) ?? 0) }
        for x in 1...Phase.maximumAge {
            estimate(
                age: x, before: before[x - 1] ?? [:], after: after[x] ?? [:], settings: settings,
                adultExposure: adultExposure)
        }
    }

    /// New plans of the calendar year by age at start, and their settings by phase.
    mutating func readNewPlans(_ settings: [Setting], _ tables: Calibration.Tables) throws {
        var byPhase: [Phase: [String: Double]] = [:]
        for row in tables.newPlans where row.year == year && row.area.code == area.code && row.area.level == area.level
        {
            guard let age = SEN2Age.parse(row.breakdown) else { continue }
            newPlansByAge[age, default: 0] += row.value("new_plans") ?? 0
            for s in settings {
                byPhase[Phase.of(age: age), default: [:]][s.id, default: 0] += s.columns.reduce(0) {
                    $0 + (row.value($1) ?? 0)
                }
            }
        }
        guard !newPlansByAge.isEmpty else {
            throw Failure.missing("SEN2 has no new plans by age for \(area.name) in \(year)")
        }
        newPlanMix = byPhase.mapValues { mix in
            let total = mix.values.reduce(0, +)
            return total > 0 ? mix.filter { $0.value > 0 }.mapValues { $0 / total } : [:]
        }
    }

    /// New plans at age x by setting, as the engine starts them (settings that do not take
    /// the age are left out of the phase's mix).
    public func joiners(at x: Int, _ settings: [Setting]) -> [String: Double] {
        let n = newPlansByAge[x] ?? 0, mix = newPlanMix[Phase.of(age: x)] ?? [:]
        let open = settings.filter { $0.ages.contains(x) && (mix[$0.id] ?? 0) > 0 }
        let total = open.reduce(0.0) { $0 + mix[$1.id]! }
        guard n > 0, total > 0 else { return [:] }
        return Dictionary(uniqueKeysWithValues: open.map { ($0.id, n * mix[$0.id]! / total) })
    }

    mutating func estimate(
        age x: Int, before: [String: Double], after: [String: Double], settings: [Setting], adultExposure: Double
    ) {
        let exposed = before.values.reduce(0, +), target = after.values.reduce(0, +)
        cohort[x] = (exposed, target)
        let joining = joiners(at: x, settings)
        let joined = joining.values.reduce(0, +)
        guard exposed > 0 else {
            if target - joined > 0.5 { transferIn[x] = (target - joined, after) }
            return
        }
        var cease: Double, out: Double
        if x >= 20 {
            cease = min(1, max(0, 1 - (target - joined) / exposed))
            out = min(cease, (transferredByAge[20] ?? 0) / max(adultExposure, 1))
            cease -= out
        } else {
            let ceased = ceasedByAge[x] ?? 0, moved = transferredByAge[x] ?? 0
            out = min(1, moved / exposed)
            cease = min(1 - out, max(0, ceased - moved) / exposed)
        }
        let residual = target - exposed * (1 - cease - out) - joined
        if residual > 0.5, x < 20 {
            let total = after.values.reduce(0, +)
            transferIn[x] = (residual, after.mapValues { total > 0 ? residual * $0 / total : 0 })
        } else if residual < 0 {
            cease = min(1 - out, cease - residual / exposed)
        }
        ceasing[x] = cease
        transferOut[x] = out
        netMoves(age: x, before: before, after: after, joining: joining, survival: 1 - cease - out, settings: settings)
    }

    /// Losers send their shortfall to gainers in proportion to the gains.
    /// Only settings that take age x gain, and only children of settings that hold age x − 1
    /// move (the engine moves the others where new plans of their age start).
    mutating func netMoves(
        age x: Int, before: [String: Double], after: [String: Double], joining: [String: Double], survival: Double,
        settings: [Setting]
    ) {
        let takes = Set(settings.filter { $0.ages.contains(x) }.map(\.id)),
            held = Set(settings.filter { $0.ages.contains(x - 1) }.map(\.id))
        let arriving = transferIn[x]?.settings ?? [:]
        var net: [String: Double] = [:], survivors: [String: Double] = [:]
        for id in Set(before.keys).union(after.keys) {
            survivors[id] = (before[id] ?? 0) * survival
            net[id] = (after[id] ?? 0) - (joining[id] ?? 0) - (arriving[id] ?? 0) - survivors[id]!
        }
        let gains = net.filter { $0.value > 0 && takes.contains($0.key) }, gainTotal = gains.values.reduce(0, +)
        for (id, exposed) in before where exposed > 0 && held.contains(id) {
            let lost = min(max(0, -(net[id] ?? 0)), survivors[id]!)
            let moving = gainTotal > 0 ? lost : 0
            cells[id, default: [:]][x] = Cell(
                exposed: exposed, leaving: exposed * (1 - survival), survivors: survivors[id]!, moving: moving,
                destinations: moving > 0 ? gains.mapValues { moving * $0 / gainTotal } : [:])
        }
    }
}
