import CGSL
import Foundation
import GRDB
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Which parameters of a sweep matter for one metric in one year (`hnf sweep report`).
///
/// Effects are changes of the metric's mean against each run's base run (the same
/// scenario and overlays without parameter values; with `seeds: common` it has the same
/// draws, so the change is the parameter's, not sampling noise), averaged over base
/// scenarios and LAs. One-at-a-time designs give a tornado: each parameter's effect at its
/// lowest and highest value, ranked by the swing between them. Grid and Sobol designs give
/// standardised regression coefficients (GSL's `gsl_multifit_linear` on the changes) and
/// Spearman rank correlations (`gsl_stats_spearman`), ranked by the coefficient's size.
public struct SensitivityReport: Sendable {
    public struct Bar: Sendable {
        public var parameter: String
        public var low: Double, high: Double
        public var lowEffect: Double, highEffect: Double
        public var swing: Double { abs(highEffect - lowEffect) }
    }

    public struct Coefficient: Sendable {
        public var parameter: String
        public var standardised: Double
        public var spearman: Double
    }

    public enum Problem: InputProblem {
        case noFigures(metric: String, year: Int, available: String)
        case tooFewRuns(Int, parameters: Int)

        public var description: String {
            switch self {
            case .noFigures(let metric, let year, let available):
                return "no finished runs with \(metric) in \(year); the database holds \(available)"
            case .tooFewRuns(let n, let k):
                return
                    "\(n) finished runs with parameter values for \(k) parameters: a regression needs at least \(k + 2)"
            }
        }
    }

    public var name: String
    public var design: SweepSpec.Design
    public var metric: String
    public var year: Int
    /// The metric's mean in the base runs, averaged over them.
    public var baseMean: Double
    public var runs: Int
    public var bars: [Bar] = []
    public var coefficients: [Coefficient] = []
    public var rSquared: Double?
    /// Parameters that hold one value in every run (a grid of one value against the base):
    /// no ranking, only the average change at that value.
    public var constants: [(parameter: String, value: Double, meanChange: Double)] = []
    /// The areas (LAs) whose base runs the effects are averaged over, by code, with the name
    /// the database's `areas` table gives (nil in a database an hnf before names started).
    public var areas: [(code: String, name: String?)] = []

    struct Row {
        var run: Int, baseRun: Int, change: Double
    }

    public init(database: SweepDatabase, metric: String, year: Int) throws {
        let info = try database.info()
        self.name = info["name"] ?? ""
        self.design = info["design"].flatMap(SweepSpec.Design.init(rawValue:)) ?? .grid
        self.metric = metric
        self.year = year
        let (rows, values, base, areas) = try database.queue.read {
            db -> ([Row], [Int: [String: Double]], [Double], [(code: String, name: String?)]) in
            let rows = try GRDB.Row.fetchAll(
                db,
                sql:
                    "SELECT run, base_run, change_mean FROM changes WHERE measure = ? AND year = ? AND run != base_run ORDER BY run",
                arguments: [metric, year]
            ).map { Row(run: $0["run"], baseRun: $0["base_run"], change: $0["change_mean"]) }
            var values: [Int: [String: Double]] = [:]
            for p in try GRDB.Row.fetchAll(db, sql: "SELECT run, key_path, value FROM parameters") {
                values[p["run"], default: [:]][p["key_path"]] = p["value"]
            }
            let base = try Double.fetchAll(
                db,
                sql:
                    "SELECT r.mean FROM results r JOIN runs u ON u.id = r.run WHERE u.id = u.base_run AND r.measure = ? AND r.year = ?",
                arguments: [metric, year])
            let areas: [(code: String, name: String?)] = try GRDB.Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT r.area, a.name FROM results r JOIN runs u ON u.id = r.run
                    LEFT JOIN areas a ON a.code = r.area
                    WHERE u.id = u.base_run AND r.measure = ? AND r.year = ? ORDER BY r.area
                    """,
                arguments: [metric, year]
            ).map { ($0["area"], $0["name"]) }
            return (rows, values, base, areas)
        }
        guard !base.isEmpty else {
            let available = try database.queue.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT measure || ' ' || year FROM results ORDER BY 1").joined(
                    separator: ", ")
            }
            throw Problem.noFigures(
                metric: metric, year: year, available: available.isEmpty ? "no finished runs" : available)
        }
        baseMean = base.reduce(0, +) / Double(base.count)
        self.areas = areas.sorted { ($0.name ?? $0.code, $0.code) < ($1.name ?? $1.code, $1.code) }
        runs = rows.count + base.count
        if design == .oneAtATime {
            bars = Self.tornado(rows, values)
        } else {
            let parameters = Set(values.values.flatMap(\.keys))
            let usable = rows.filter { row in parameters.allSatisfy { values[row.run]?[$0] != nil } }
            for p in parameters.sorted() {
                let seen = Set(usable.compactMap { values[$0.run]?[p] })
                if seen.count == 1 {
                    constants.append((p, seen.first!, usable.map(\.change).reduce(0, +) / Double(usable.count)))
                }
            }
            let varying = parameters.subtracting(constants.map(\.parameter))
            if !varying.isEmpty {
                (coefficients, rSquared) = try Self.regression(
                    rows, values.mapValues { $0.filter { varying.contains($0.key) } })
            }
        }
    }

    /// Each parameter's change at its lowest and highest value, averaged over base runs.
    static func tornado(_ rows: [Row], _ values: [Int: [String: Double]]) -> [Bar] {
        var byParameter: [String: [(value: Double, change: Double, base: Int)]] = [:]
        for row in rows {
            guard let assigned = values[row.run], assigned.count == 1, let (key, value) = assigned.first else {
                continue
            }
            byParameter[key, default: []].append((value, row.change, row.baseRun))
        }
        var bars: [Bar] = []
        for (parameter, points) in byParameter {
            let low = points.map(\.value).min()!, high = points.map(\.value).max()!
            func effect(at v: Double) -> Double {
                let at = points.filter { $0.value == v }.map(\.change)
                return at.reduce(0, +) / Double(at.count)
            }
            bars.append(
                Bar(
                    parameter: parameter, low: low, high: high, lowEffect: effect(at: low), highEffect: effect(at: high)
                ))
        }
        return bars.sorted { ($0.swing, $1.parameter) > ($1.swing, $0.parameter) }
    }

    /// Standardised regression coefficients of the change on every parameter at once, and
    /// each parameter's Spearman rank correlation with the change.
    static func regression(_ rows: [Row], _ values: [Int: [String: Double]]) throws -> ([Coefficient], Double?) {
        let parameters = Array(Set(values.values.flatMap(\.keys))).sorted()
        let usable = rows.filter { row in parameters.allSatisfy { values[row.run]?[$0] != nil } }
        let n = usable.count, k = parameters.count
        guard n >= k + 2, k > 0 else { throw Problem.tooFewRuns(n, parameters: k) }
        let y = usable.map(\.change)
        let columns = parameters.map { p in usable.map { values[$0.run]![p]! } }
        func standardise(_ v: [Double]) -> [Double] {
            let mean = v.reduce(0, +) / Double(v.count)
            let sd = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(v.count - 1, 1))).squareRoot()
            return v.map { sd > 0 ? ($0 - mean) / sd : 0 }
        }
        let ys = standardise(y), xs = columns.map(standardise)
        let fit = LeastSquares(rows: (0..<n).map { i in [1] + xs.map { $0[i] } }, y: ys)
        let total = ys.map { $0 * $0 }.reduce(0, +)
        var scratch = [Double](repeating: 0, count: 2 * n)
        let coefficients = parameters.enumerated().map { j, p in
            Coefficient(
                parameter: p, standardised: fit?.coefficients[j + 1] ?? .nan,
                spearman: gsl_stats_spearman(columns[j], 1, y, 1, n, &scratch))
        }
        let r2: Double? = total > 0 ? fit.map { 1 - $0.sumSquares / total } : nil
        return (coefficients.sorted { (abs($0.standardised), $1.parameter) > (abs($1.standardised), $0.parameter) }, r2)
    }
}
