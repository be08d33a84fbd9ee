import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension Calibration {
    /// Figures SEN2 does not publish for an area inside a calibration window, and what
    /// stands in for them. The calibrated scenario lists them in `meta.estimated`, and every
    /// report warns of each.
    public struct Fill: Sendable, Equatable, CustomStringConvertible {
        /// The Januaries (caseloads) or calendar years (new plans, requests) filled.
        public var years: [Int]
        /// What is missing.
        public var figure: Figure
        /// What stands in.
        public var how: String

        public var description: String { "\(figure.rawValue) \(Self.span(years)): \(how)" }

        public enum Figure: String, Sendable {
            case caseload = "January caseload"
            case caseloadPlacements = "January caseload by placement"
            case newPlans = "new plans"
            case newPlanPlacements = "new plans by placement"
            case requests = "requests for assessment"
        }

        static func span(_ years: [Int]) -> String {
            let years = years.sorted()
            guard let first = years.first, let last = years.last else { return "" }
            return first == last ? "\(first)" : years == Array(first...last) ? "\(first)-\(last)" : "\(years)"
        }

        /// Fills that differ only by year, as one line each.
        static func merged(_ fills: [Fill]) -> [Fill] {
            var out: [Fill] = []
            for fill in fills {
                if let i = out.firstIndex(where: { $0.figure == fill.figure && $0.how == fill.how }) {
                    out[i].years = (out[i].years + fill.years).sorted()
                } else {
                    out.append(fill)
                }
            }
            return out
        }
    }

    /// Reads an area's SEN2 figures for a window, filling what SEN2 lacks from what is known,
    /// in this order: the area's own figure; for an LA formed since 2019, its share of its
    /// predecessors' figure (the share of its successor group's plans in the first January
    /// they all have: the one figure taken from after the window, an administrative split);
    /// a January's placements from the nearest January in the window with placements; a
    /// year's new plans or requests from the nearest years in the window with them, moved
    /// by England's change between the years. Nothing after the window's last January is
    /// read except that share (and, as for every LA, the splits `splitStock` and
    /// `newPlanPhaseShares` take from SEN2's later years: ages and the need mix).
    struct Gaps {
        let area: Area
        let from: Int, to: Int
        let tables: Tables
        /// Whether gaps may be filled (the prior is estimated only on what SEN2 publishes).
        let filling: Bool
        private(set) var fills: [Fill] = []

        init(_ area: Area, from: Int, to: Int, tables: Tables, filling: Bool) {
            (self.area, self.from, self.to, self.tables, self.filling) = (area, from, to, tables, filling)
        }

        /// The January caseload by calibrated setting.
        mutating func caseload(_ year: Int) throws -> [String: Double] {
            if let row = caseloadRow(area.code, year), let total = row.value("plans") {
                let own = Calibration.bySetting(row)
                if total == 0 || own.values.contains(where: { $0 > 0 }) { return own }
                // Unfilled, a total without placements would read as every child leaving.
                guard filling, let (nearest, mix) = nearestPlacedJanuary(to: year) else {
                    throw Failure.missing("no EHC plans by placement for \(area.name) in January \(year)")
                }
                fills.append(
                    Fill(
                        years: [year], figure: .caseloadPlacements,
                        how:
                            "SEN2 gives the total only (\(Text.thousands(Int(total))) plans), split as January \(nearest)"
                    ))
                return mix.mapValues { $0 * total }
            }
            if filling, let (share, text) = successorShare(),
                let sum = predecessorSum({ self.caseloadRow($0, year).map(Calibration.bySetting) })
            {
                fills.append(Fill(years: [year], figure: .caseload, how: text))
                return sum.mapValues { $0 * share }
            }
            throw Failure.missing("no SEN2 caseload for \(area.name) in January \(year)")
        }

        /// New plans made in calendar `year` by setting, and their total.
        mutating func newPlans(_ year: Int) throws -> (bySetting: [String: Double], total: Double) {
            if let row = newPlansRow(area.code, year), let total = row.value("new_plans") {
                let own = Calibration.bySetting(row)
                if total == 0 || own.values.contains(where: { $0 > 0 }) { return (own, total) }
                // Unfilled, a total without placements would read as new plans in no setting.
                guard filling else {
                    throw Failure.missing("no SEN2 new plans by placement for \(area.name) in \(year)")
                }
                guard
                    let (nearest, mix) = nearest(
                        to: year, in: Array(from..<to), { self.newPlansRow(self.area.code, $0) })
                else { return (own, total) }
                fills.append(
                    Fill(
                        years: [year], figure: .newPlanPlacements,
                        how: "SEN2 gives the total only (\(Text.thousands(Int(total)))), split as \(nearest)"))
                return (mix.mapValues { $0 * total }, total)
            }
            if filling, let (share, text) = successorShare(),
                let sum = predecessorSum({ self.newPlansRow($0, year).map(Calibration.bySetting) })
            {
                fills.append(Fill(years: [year], figure: .newPlans, how: text))
                let scaled = sum.mapValues { $0 * share }
                return (scaled, scaled.values.reduce(0, +))
            }
            if filling,
                let (total, text) = fromNeighbours(
                    year, { self.newPlansRow(self.area.code, $0)?.value("new_plans") }, england: englandNewPlans),
                let (_, mix) = nearest(to: year, in: Array(from..<to), { self.newPlansRow(self.area.code, $0) })
            {
                fills.append(Fill(years: [year], figure: .newPlans, how: text))
                return (mix.mapValues { $0 * total }, total)
            }
            throw Failure.missing("no SEN2 new plans for \(area.name) in \(year)")
        }

        /// Requests for assessment received in calendar `year` (nil where nothing stands in).
        mutating func requests(_ year: Int) -> Double? {
            if let own = requestsValue(area.code, year) { return own }
            guard filling else { return nil }
            if let (share, text) = successorShare(),
                let sum = predecessorSum({ self.requestsValue($0, year).map { ["all": $0] } })
            {
                fills.append(Fill(years: [year], figure: .requests, how: text))
                return sum["all"]! * share
            }
            if let (total, text) = fromNeighbours(
                year, { self.requestsValue(self.area.code, $0) }, england: englandRequests)
            {
                fills.append(Fill(years: [year], figure: .requests, how: text))
                return total
            }
            return nil
        }

        // MARK: Rows

        func caseloadRow(_ code: String, _ year: Int) -> NationalData.Row? {
            tables.national.caseload.first { $0.year == year && $0.area.code == code && $0.area.level == area.level }
        }

        func newPlansRow(_ code: String, _ year: Int) -> NationalData.Row? {
            tables.newPlans.first {
                $0.year == year && $0.breakdown == "all" && $0.area.code == code && $0.area.level == area.level
            }
        }

        func requestsValue(_ code: String, _ year: Int) -> Double? {
            tables.requests.first {
                $0.year == year && $0.breakdown == "all" && $0.area.code == code && $0.area.level == area.level
            }?.value("requests_received_in_year")
        }

        func englandNewPlans(_ year: Int) -> Double? {
            tables.newPlans.first { $0.year == year && $0.breakdown == "all" && $0.area.level == .england }?
                .value("new_plans")
        }

        func englandRequests(_ year: Int) -> Double? {
            tables.requests.first { $0.year == year && $0.area.level == .england }?.value("requests_received_in_year")
        }

        // MARK: Stand-ins

        /// This LA's share of its successor group's plans in the first January they all have.
        func successorShare() -> (share: Double, text: String)? {
            guard area.level == .la,
                let group = Reorganisation.sinceSEN2.first(where: { $0.successors.contains(area.code) })
            else { return nil }
            let years = Set(tables.national.caseload.map(\.year)).sorted()
            for year in years {
                let plans = group.successors.map { caseloadRow($0, year)?.value("plans") }
                guard !plans.contains(where: { $0 == nil }) else { continue }
                let total = plans.reduce(0) { $0 + ($1 ?? 0) }
                guard total > 0, let own = caseloadRow(area.code, year)?.value("plans") else { continue }
                func name(_ code: String) -> String {
                    tables.national.caseload.first { $0.area.code == code && $0.area.level == .la }?.area.name ?? code
                }
                func list(_ codes: [String]) -> String {
                    let names = codes.map(name)
                    return names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names[0]
                }
                let share = own / total
                let text =
                    "before \(area.name) existed, \(CohortFlows.number(share * 100, 1))% of \(list(group.predecessors))'s: its share of \(list(group.successors))'s plans in January \(year)"
                return (share, text)
            }
            return nil
        }

        /// The predecessors' figures summed, when every predecessor has one (a part would
        /// understate the successor).
        func predecessorSum(_ value: (String) -> [String: Double]?) -> [String: Double]? {
            guard let group = Reorganisation.sinceSEN2.first(where: { $0.successors.contains(area.code) }) else {
                return nil
            }
            let values = group.predecessors.compactMap(value)
            guard !values.isEmpty, values.count == group.predecessors.count else { return nil }
            return values.reduce(into: [:]) { sum, v in for (k, x) in v { sum[k, default: 0] += x } }
        }

        /// A year's flow from the nearest years in the window that have it, each moved by
        /// England's change between the years (geometric mean of the two sides when both are there).
        func fromNeighbours(
            _ year: Int, _ value: (Int) -> Double?, england: (Int) -> Double?
        ) -> (Double, String)? {
            let window = Array(from..<to).filter { $0 != year }
            let before = window.filter { $0 < year }.reversed().first { (value($0) ?? 0) > 0 }
            let after = window.filter { $0 > year }.first { (value($0) ?? 0) > 0 }
            var logs: [Double] = [], used: [Int] = []
            for z in [before, after].compactMap({ $0 }) {
                guard let v = value(z), let a = england(year), let b = england(z), a > 0, b > 0 else { continue }
                let ratio = a / b
                logs.append(Foundation.log(v * ratio)); used.append(z)
            }
            guard !logs.isEmpty else { return nil }
            let estimate = Foundation.exp(logs.reduce(0, +) / Double(logs.count))
            let years = used.map(String.init).joined(separator: " and ")
            return (
                estimate,
                "SEN2 has none; \(Text.thousands(Int(estimate.rounded()))) from \(years), moved by England's change since"
            )
        }

        /// The nearest January in the window (earlier first on a tie) whose caseload has
        /// placements, as shares.
        func nearestPlacedJanuary(to year: Int) -> (Int, [String: Double])? {
            nearest(to: year, in: Array(from...to)) { self.caseloadRow(self.area.code, $0) }
        }

        func nearest(
            to year: Int, in years: [Int], _ row: (Int) -> NationalData.Row?
        ) -> (Int, [String: Double])? {
            for z in years.filter({ $0 != year }).sorted(by: { (abs($0 - year), $0) < (abs($1 - year), $1) }) {
                guard let r = row(z) else { continue }
                let mix = Calibration.bySetting(r), total = mix.values.reduce(0, +)
                if total > 0 { return (z, mix.mapValues { $0 / total }) }
            }
            return nil
        }
    }
}
