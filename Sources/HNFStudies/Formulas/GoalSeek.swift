import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Goal seek (`hnf solve`): the value of one scenario parameter, between bounds, at which
/// a projected metric's Monte Carlo median hits a target.
///
/// Every evaluation runs the same draws with the same seed (common random numbers), so
/// the median moves only because the parameter does; GSL's Brent solver
/// (`BrentRoot`) then finds the root of median(metric) − target. When the metric at both
/// bounds lies on the same side of the target no value in between reaches it (the
/// metric is assumed monotone in the parameter there), and the result says so, with the
/// metric at each bound.
public struct GoalSeek: Sendable {
    public struct Evaluation: Sendable {
        public var value: Double
        public var metric: Stats
        /// Blocks whose pot cannot meet their protection and cap at this value: the first
        /// financial year it happens in most draws (or, failing that, in any), and the
        /// share of draws there.
        public var infeasible: [(block: String, year: Int, share: Double)] = []
        /// True when no block breaks its protection or cap in the median draw of any year.
        public var feasible: Bool { !infeasible.contains { $0.share > 0.5 } }
    }

    /// Where each block's allocation could not meet its protection and cap.
    static func infeasibility(_ projection: Projection) -> [(block: String, year: Int, share: Double)] {
        let plan = projection.plan, D = projection.draws
        return plan.blocks.enumerated().compactMap { k, block in
            let shares = plan.stepYears.indices.map { t in
                projection.values(year: t) { $0.infeasible(k) }.reduce(0.0, +) / Double(D)
            }
            guard let t = shares.firstIndex(where: { $0 > 0.5 }) ?? shares.firstIndex(where: { $0 > 0 }) else {
                return nil
            }
            return (block.id, plan.stepYears[t], shares[t])
        }
    }

    public enum Outcome: Sendable {
        /// The median hits the target at `value` (within the solver's tolerance).
        case found(Evaluation)
        /// No value between the bounds reaches the target.
        case unreachable(low: Evaluation, high: Evaluation)
    }

    public var keyPath: String
    public var metric: Metric
    public var year: Int
    public var target: Double
    public var outcome: Outcome
    /// Every projection run, in order.
    public var evaluations: [Evaluation]
    /// How closely the value is known: answers are shown to this.
    public var tolerance: Double
    /// Where no value reaches the target, which way it lies and whether the key can go there.
    public var advice = ""

    public enum Problem: InputProblem {
        case noSuchKey(String, nearest: String)
        case notANumber(String, found: String)
        case invalid(InvalidInput, value: Double)
        case yearOutside(Int, money: Bool)
        public var description: String {
            switch self {
            case .noSuchKey(let path, let nearest):
                return
                    "--vary \(path): no such key in the scenario (it goes as far as \(nearest)); expected the key path of a number"
            case .notANumber(let path, let found):
                return
                    "--vary \(path): found \(found); expected a number, a distribution or values by year (each is replaced by the value tried)"
            case .invalid(let invalid, let value):
                return "the scenario is invalid with the value \(value):\n\(invalid.description)"
            case .yearOutside(let year, let money):
                return money
                    ? "--financial-year \(FinancialYear(year)): not a projected financial year of the scenario"
                    : "--year \(year): not a projected January of the scenario"
            }
        }
    }

    /// Seeks the value of `keyPath` in `low...high` at which the median of `metric` in
    /// `year` equals `target`. `document` is the scenario with its overlays applied.
    public init(
        document: SourceNode, files: [String], national nationalData: NationalData?, keyPath: String,
        low: Double, high: Double, metric: Metric, year: Int, target: Double,
        draws: Int, seed: UInt64, threads: Int, tolerance: Double, progress: DrawProgress? = nil
    ) throws {
        guard let steps = KeyPath.parse(keyPath), let node = KeyPath.get(document, steps) else {
            throw Problem.noSuchKey(
                keyPath, nearest: KeyPath.parse(keyPath).map { KeyPath.nearest(document, $0) } ?? "")
        }
        guard node.number != nil || node.entries != nil else { throw Problem.notANumber(keyPath, found: node.summary) }
        struct NoNationalData: Error, CustomStringConvertible {
            var description: String { "no national SEN2 data, which the scenario needs" }
        }
        var evaluations: [Evaluation] = []
        var failure: Error?
        func evaluate(_ x: Double) -> Evaluation? {
            var changed = document
            let value = SourceNode(.scalar(GoalSeek.text(x), .float), at: node.location)
            _ = KeyPath.set(&changed, steps, value)
            let scenario: Scenario
            do throws(InvalidInput) {
                scenario = try ScenarioLoader.scenario(
                    from: changed, files: files,
                    national: {
                        guard let nationalData else { throw NoNationalData() }; return nationalData
                    })
            } catch { failure = Problem.invalid(error, value: x); return nil }
            do {
                // Each evaluation is one run as `hnf run` makes it, with the same draws and seed.
                progress?.expect(draws)
                let plan = try ProjectionPlan(scenario, national: nationalData)
                let projection = try WhatIfRun(scenario, plan: plan, national: nationalData)
                    .run(draws: draws, seed: seed, threads: threads, progress: progress).projection
                guard let values = metric.values(projection, year: year) else {
                    failure = Problem.yearOutside(year, money: metric.isMoney); return nil
                }
                let result = Evaluation(value: x, metric: Stats(values), infeasible: GoalSeek.infeasibility(projection))
                evaluations.append(result)
                return result
            } catch { failure = error; return nil }
        }
        guard let atLow = evaluate(low), let atHigh = evaluate(high) else { throw failure! }
        let gLow = atLow.metric.p50 - target, gHigh = atHigh.metric.p50 - target
        if gLow.sign == gHigh.sign && gLow != 0 && gHigh != 0 {
            outcome = .unreachable(low: atLow, high: atHigh)
            advice = Self.advice(
                keyPath, low: atLow, high: atHigh, target: target,
                allows: { x in
                    var changed = document
                    _ = KeyPath.set(&changed, steps, SourceNode(.scalar(GoalSeek.text(x), .float), at: node.location))
                    let loaded = try? ScenarioLoader.scenario(
                        from: changed, files: files,
                        national: {
                            guard let nationalData else { throw NoNationalData() }; return nationalData
                        })
                    return loaded != nil
                })
        } else {
            var cache: [Double: Double] = [low: gLow, high: gHigh]
            let root = BrentRoot.solve(lower: low, upper: high, absolute: tolerance, relative: 0, maxIterations: 40) {
                x in
                if let known = cache[x] { return known }
                let g = (evaluate(x)?.metric.p50 ?? .nan) - target
                cache[x] = g
                return g
            }
            if let failure { throw failure }
            let x = root?.x ?? (abs(gLow) < abs(gHigh) ? low : high)
            // Report the metric at the value returned, which the solver may not have run.
            let final = evaluations.first { $0.value == x } ?? evaluate(x)
            guard let final else { throw failure! }
            outcome = .found(final)
        }
        self.keyPath = keyPath
        self.metric = metric
        self.year = year
        self.target = target
        self.evaluations = evaluations
        self.tolerance = tolerance
    }

    /// Which way the target lies from the bounds, and whether the key takes a value there
    /// (`allows` checks the scenario with a value, without running it).
    static func advice(
        _ keyPath: String, low: Evaluation, high: Evaluation, target: Double, allows: (Double) -> Bool
    ) -> String {
        let rise = high.metric.p50 - low.metric.p50
        guard rise != 0 else {
            return "the median is the same at both bounds: vary another parameter"
        }
        // Beyond the bound on the side the target lies: where the line through the two
        // medians meets it, half as far again (the median need not be straight), to two figures.
        let span = high.value - low.value
        let above = (target - high.metric.p50) * rise > 0
        let bound = above ? high.value : low.value
        let crossing = bound + (target - (above ? high.metric.p50 : low.metric.p50)) * span / rise
        // A rise lost in rounding between the bounds puts the crossing nowhere.
        let level = max(abs(low.metric.p50), abs(high.metric.p50), 1)
        guard crossing.isFinite, abs(rise) > 1e-9 * level else {
            return "the median barely moves between the bounds: vary another parameter"
        }
        let probe = Self.twoFigures(bound + 1.5 * (crossing - bound), rounding: above ? .up : .down)
        let side = above ? "above" : "below"
        if allows(probe) {
            return
                "the target lies \(side) \(GoalSeek.text(bound)) if the median goes on as it does between the bounds: try --\(above ? "high" : "low") \(GoalSeek.text(probe))"
        }
        return
            "the target needs \(keyPath) \(side) \(GoalSeek.text(bound)), which the scenario does not take (it is invalid at \(GoalSeek.text(probe))): vary another parameter"
    }

    /// `x` to two significant figures (a bound a user types), rounded further out: up for
    /// a bound above, down for one below, so it stays beyond the bound it replaces.
    static func twoFigures(_ x: Double, rounding: FloatingPointRoundingRule) -> Double {
        guard x != 0, x.isFinite else { return x }
        let scale = Foundation.pow(10, Foundation.floor(Foundation.log10(abs(x))) - 1)
        return (x / scale).rounded(rounding) * scale
    }

    /// The value found, to the tolerance it was sought to, or in £ to the pound where the
    /// schema says the value is money; unit costs (fees, place funding, top-ups, band
    /// values) are at the scenario's prices when it states a base, the other money (pots,
    /// amounts) is cash.
    public func shown(_ x: Double, priceBase: Int? = nil) -> String {
        let places = tolerance > 0 ? min(6, max(0, Int((-Foundation.log10(tolerance)).rounded(.up)))) : 6
        // The key the value belongs to: the one before a year (`pot.2026`).
        let parts = keyPath.split(separator: ".").map(String.init)
        let key = parts.last { Int($0) == nil } ?? keyPath
        let unitCost = ["fee", "place_funding"].contains(key) || parts.contains("top_up") || parts.contains("values")
        let money = KeyPath.parse(keyPath).flatMap { FundingRegistry.standard.scenario.at($0) }?.isMoney == true
        guard unitCost || money else { return String(format: "%.\(places)f", x) }
        // Money to the pound: a penny of a top-up moves no child.
        return (x < 0 ? "−£" : "£") + Text.thousands(Int(abs(x).rounded()))
            + (unitCost ? priceBase.map { " at \(FinancialYear($0).label) prices" } ?? "" : "")
    }

    /// A value as written back into a scenario: enough digits to reproduce it.
    public static func text(_ x: Double) -> String { YAMLNumber.exact.text(x) }

    /// An overlay that sets the solved value, to re-run with `hnf run`; nil when there is
    /// none, or when the value breaks a block's protection or cap (unless `allowInfeasible`).
    public func overlayYAML(allowInfeasible: Bool = false) -> String? {
        guard case .found(let e) = outcome, e.feasible || allowInfeasible else { return nil }
        return YAMLDocument([
            YAMLEntry(
                "overlay", .word(Overlay.version),
                comments: [
                    "Written by `hnf solve`: the value of \(keyPath) at which the median \(metric.rawValue) in \(year) is \(GoalSeek.text(target))."
                ]),
            YAMLEntry("name", .text("Solved \(keyPath)")),
            YAMLEntry("set", .block([YAMLEntry(keyPath, .number(e.value, .exact))])),
        ]).text
    }
}
