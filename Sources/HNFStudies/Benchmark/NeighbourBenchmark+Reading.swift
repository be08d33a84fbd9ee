import Foundation
import HNFCore

/// Reading each area's figures from the national data: SEN2's caseload, ONS population,
/// Section 251 outturn and DSG balances. A region's and England's population, spend and
/// balance are the sums over their LAs (SEN2 publishes their plans and mix itself).
extension NeighbourBenchmark {
    public init(la: Area, year: Int, data: NationalData) throws {
        guard la.level == .la else {
            throw NationalDataError.noData("\(la.name) is not an LA; hnf benchmark compares an LA with its neighbours")
        }
        guard data.caseload(of: la, in: year) != nil else {
            throw NationalDataError.noData(
                "\(la.name) (\(la.code)) has no SEN2 caseload for January \(year)"
                    + (data.replacement(of: la).map { ". \($0): ask for those" } ?? ""))
        }
        let sources = try Sources(data: data, year: year)
        let neighbours = sources.neighbours.of(la: la.code)
        guard !neighbours.isEmpty else {
            throw NationalDataError.noData(
                "\(la.name) (\(la.code)) is not in the DfE's statistical neighbours (May 2025), so it has none to compare with"
            )
        }
        self.year = year
        growthFrom = sources.growthFrom
        spendYear = sources.finance?.s251.first?.year
        balanceYear = sources.balanceYear
        self.la = sources.figures(of: [la], as: la)
        self.neighbours = neighbours.map { n in
            let area = sources.lasByCode[n.code] ?? Area(level: .la, code: n.code, name: "LA \(n.code)")
            var figures = sources.figures(of: [area], as: area)
            figures.closeness = n.closeness
            return figures
        }
        region = data.region(of: la).map { r in
            sources.figures(of: sources.las.filter { $0.regionCode == r.code }, as: r)
        }
        england = sources.figures(of: sources.las, as: data.england)
    }

    /// The national tables, read once.
    struct Sources {
        var data: NationalData
        var year: Int
        var growthFrom: Int
        var neighbours: StatisticalNeighbours
        var districts: Districts
        var finance: HighNeedsFinance?
        var balanceYear: Int?
        var las: [Area]
        var lasByCode: [String: Area]

        init(data: NationalData, year: Int) throws {
            self.data = data
            self.year = year
            growthFrom = max(year - 5, data.years.first ?? year)
            neighbours = try data.statisticalNeighbours()
            districts = try data.districts()
            finance = try HighNeedsFinance.ifPresent(data)
            balanceYear = finance?.balances.filter { $0.value("cumulative_balance_pc") != nil && $0.year < year }
                .map(\.year).max()
            las = data.areas(in: year).filter { $0.level == .la }
            lasByCode = Dictionary(data.areas().filter { $0.level == .la }.map { ($0.code, $0) }) { _, latest in latest
            }
        }

        /// `area`'s figures; `members` are the LAs whose population, spend and balance add
        /// up to it (the area itself for an LA).
        func figures(of members: [Area], as area: Area) -> Figures {
            var figures = Figures(area: area)
            let row = data.caseload(of: area, in: year)
            figures.plans = row?.value("plans")
            for group in PlacementGroup.published {
                figures.shares[group] = row?.value("published_pc_\(group.rawValue)")
            }
            // An LA abolished since (Cumbria, Northamptonshire) has plans but no districts in
            // today's map: a region's or England's rate leaves its plans out with its people.
            var population = 0.0, uncounted = 0.0
            for member in members {
                let people = districts.population(of: member.code).reduce(0, +)
                population += people
                if people == 0, member.code != area.code {
                    uncounted += data.caseload(of: member, in: year)?.value("plans") ?? 0
                }
            }
            if let plans = figures.plans, population > 0 {
                figures.perThousand = (plans - uncounted) / population * 1000
            }
            if let plans = figures.plans, let start = data.caseload(of: area, in: growthFrom)?.value("plans"),
                start > 0,
                year > growthFrom
            {
                figures.growth = (pow(plans / start, 1 / Double(year - growthFrom)) - 1) * 100
            }
            spend(members, into: &figures)
            figures.balancePercent = balance(members, area: area)
            return figures
        }

        func spend(_ members: [Area], into figures: inout Figures) {
            guard let finance else { return }
            // England's own row (the LAs with outturn); a region's LAs that have outturn.
            let rows =
                figures.area.level == .england
                ? (finance.englandS251.map { [$0] } ?? []) : members.compactMap { finance.s251(of: $0.code) }
            let heads = rows.compactMap { $0.value("population_2_18") }.reduce(0, +)
            guard heads > 0 else { return }
            for line in S251Line.allCases {
                let values = rows.compactMap { $0.value(line.rawValue) }
                if values.count == rows.count { figures.spendPerHead[line] = values.reduce(0, +) / heads }
            }
        }

        /// An LA's published % (the DSG's cumulative balance over its DSG income); a group's
        /// balances over its income.
        func balance(_ members: [Area], area: Area) -> Double? {
            guard let finance, let balanceYear else { return nil }
            if area.level == .la {
                return finance.balance(of: area.code, in: balanceYear)?.value("cumulative_balance_pc")
            }
            let rows = members.compactMap { finance.balance(of: $0.code, in: balanceYear) }
            let income = rows.compactMap { $0.value("total_dsg") }.reduce(0, +)
            let balance = rows.compactMap { $0.value("cumulative_balance") }.reduce(0, +)
            return income > 0 ? balance / income * 100 : nil
        }
    }
}
