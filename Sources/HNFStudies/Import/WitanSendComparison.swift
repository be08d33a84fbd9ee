import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// hnf's projection set against witan.send's published one for the same inputs
/// (`hnf compare witan-send`), on the terms agreed for moving an LA from one to the other:
///
/// - **total caseload**, every projected year: hnf's mean inside witan.send's 95% bounds
///   and within 2% of its mean;
/// - **each setting** among those holding 90% of witan.send's caseload that year: hnf's
///   mean inside witan.send's 95% bounds;
/// - **cost**, every projected year: as the total.
///
/// hnf's own 95% interval (2.5th to 97.5th percentile over its draws) is shown beside
/// witan.send's for reading, not tested: hnf keeps a draw's sampled rates for the whole
/// projection (uncertainty about a rate persists), where witan.send draws them afresh
/// each year, so hnf's intervals widen faster.
public struct WitanSendComparison: Sendable {
    public static let meanTolerance = 0.02
    public static let settingCoverage = 0.90

    /// witan.send's published statistics of one quantity in one year.
    public struct Published: Sendable {
        public var mean, low95, high95: Double
    }

    public struct Row: Sendable {
        public enum Kind: String, Sendable { case total, setting, cost }
        public var kind: Kind
        /// The setting code, for setting rows.
        public var key: String?
        public var year: Int
        public var witan: Published
        public var hnfMean, hnfLow95, hnfHigh95: Double
        /// (hnf − witan.send) / witan.send, of the means.
        public var relativeDifference: Double { witan.mean == 0 ? 0 : (hnfMean - witan.mean) / witan.mean }
        public var insideBounds: Bool { hnfMean >= witan.low95 && hnfMean <= witan.high95 }
        /// Whether this row meets its test (totals and cost also need the 2% tolerance).
        public var agrees: Bool {
            insideBounds && (kind == .setting || abs(relativeDifference) <= WitanSendComparison.meanTolerance)
        }
    }

    public let rows: [Row]
    public var agrees: Bool { rows.allSatisfy(\.agrees) }

    /// Compares `projection` with the published outputs in `directory`
    /// (`Output_Count.csv`, `Output_Setting.csv`, `Output_Cost.csv`).
    public init(projection: Projection, published directory: String) throws {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let count = try Self.read(path("Output_Count.csv"), keyed: nil)
        let setting = try Self.read(path("Output_Setting.csv"), keyed: "setting")
        let cost = try Self.read(path("Output_Cost.csv"), keyed: nil)
        let plan = projection.plan, layout = projection.layout
        let settingIDs = plan.scenario.settings.map(\.id)
        var rows: [Row] = []
        for (t, step) in plan.stepYears.enumerated() {
            let year = step + 1
            func hnf(_ offset: Int) -> (Double, Double, Double) {
                let values = projection.values(at: offset)
                let s = Summary(values, quantiles: [0.025, 0.975])!
                return (s.mean, s.quantiles[0], s.quantiles[1])
            }
            func row(_ kind: Row.Kind, _ key: String?, _ published: Published, _ offset: Int) -> Row {
                let (mean, low, high) = hnf(offset)
                return Row(
                    kind: kind, key: key, year: year, witan: published, hnfMean: mean, hnfLow95: low, hnfHigh95: high)
            }
            let area = layout.area(0, year: t)
            guard let total = count[""]?[year] else {
                throw InvalidInput([
                    Diagnostic(
                        at: nil, file: path("Output_Count.csv"), keyPath: "calendar-year",
                        found: "no row for \(year)",
                        expected:
                            "every year the scenario projects (\(plan.stepYears.map { String($0 + 1) }.joined(separator: ", ")))"
                    )
                ])
            }
            rows.append(row(.total, nil, total, area + layout.plans))
            // The settings holding 90% of witan.send's caseload this year, largest first.
            let ranked = setting.compactMap { key, byYear in byYear[year].map { (key, $0) } }.sorted {
                ($0.1.mean, $1.0) > ($1.1.mean, $0.0)
            }
            let all = ranked.reduce(0) { $0 + $1.1.mean }
            var covered = 0.0
            for (key, published) in ranked where covered < Self.settingCoverage * all {
                covered += published.mean
                guard let s = settingIDs.firstIndex(of: key) else {
                    throw InvalidInput([
                        Diagnostic(
                            at: nil, file: path("Output_Setting.csv"), keyPath: "setting",
                            found: "\"\(key)\", which the scenario does not have",
                            expected: "the scenario's settings (\(settingIDs.joined(separator: ", ")))")
                    ])
                }
                rows.append(row(.setting, key, published, area + layout.setting(s)))
            }
            guard let spend = cost[""]?[year] else {
                throw InvalidInput([
                    Diagnostic(
                        at: nil, file: path("Output_Cost.csv"), keyPath: "calendar-year",
                        found: "no row for \(year)",
                        expected:
                            "every year the scenario projects (\(plan.stepYears.map { String($0 + 1) }.joined(separator: ", ")))"
                    )
                ])
            }
            rows.append(row(.cost, nil, spend, area + layout.spendOnPlans))
        }
        self.rows = rows
    }

    /// A published output: key ("" without a key column) → calendar year → statistics.
    static func read(_ path: String, keyed key: String?) throws -> [String: [Int: Published]] {
        let table = try LocatedCSV(
            path: path,
            required: ["calendar-year", "mean", "low-95pc-bound", "high-95pc-bound"] + (key.map { [$0] } ?? []))
        var out: [String: [Int: Published]] = [:]
        var problems: [Diagnostic] = []
        for row in table.rows {
            func value(_ column: String) -> Double? {
                let field = row.fields[table.column(column)]
                // Decimal digits, with the exponent Clojure writes for large doubles (5.0E7); not 0x10 or inf.
                guard let number = PlainDecimal.number(field.text, .init(exponent: true)), number.isFinite else {
                    problems.append(
                        Diagnostic(
                            at: field.location, keyPath: column, found: "\"\(field.text)\"", expected: "a number"))
                    return nil
                }
                return number
            }
            guard let year = value("calendar-year"), let mean = value("mean"), let low = value("low-95pc-bound"),
                let high = value("high-95pc-bound")
            else { continue }
            guard year == year.rounded(), (1990...2100).contains(year) else {
                let field = row.fields[table.column("calendar-year")]
                problems.append(
                    Diagnostic(
                        at: field.location, keyPath: "calendar-year", found: "\"\(field.text)\"",
                        expected: "a calendar year from 1990 to 2100"))
                continue
            }
            out[key.map { row.fields[table.column($0)].text } ?? "", default: [:]][Int(year)] = Published(
                mean: mean, low95: low, high95: high)
        }
        if table.rows.isEmpty {
            problems.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "a header and no rows",
                    expected: "witan.send's published output, one row per calendar year"))
        }
        if !problems.isEmpty { throw InvalidInput(problems) }
        return out
    }
}
