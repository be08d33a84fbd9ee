import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// How an LA's plans are best shared between its districts, checked the only way the data
/// allow: no public source counts plans by district, so each unitary LA is treated as a
/// "district" of its region (the region's unitaries together standing for the LA), its
/// plans estimated from theirs, and the estimate compared with its own SEN2 count.
///
/// Three ways are scored, each sharing the same total, so only the split is judged:
/// - **all-age population**: plans in proportion to children aged 0–25 (the old split);
/// - **population at each age** (`split: population` since districts carry ONS ages): each
///   age's plans in proportion to the children of that age;
/// - **ages and deprivation**: the same, times exp(b × deprivation score), b fitted across
///   England's LAs (GSL least squares) on log(plans ÷ the plans England's rates by age give
///   its children) with the held-out LA left out of the fit.
/// And, for the mainstream share, the region's share in every "district" against the
/// deprivation fit on the log-odds of the share.
///
/// Out of sample the unitaries are harder than real districts (each has its own policy;
/// districts of one LA share one), so the errors are an upper bound on a district's.
public struct DistrictEstimate: Sendable {
    public enum Method: String, CaseIterable, Sendable {
        case population = "all-age population share"
        case byAge = "population at each age (hnf's split)"
        case deprivation = "ages and deprivation (fitted across LAs)"
        case pooledMainstream = "the region's mainstream share"
        case deprivationMainstream = "deprivation (fitted across LAs)"
    }

    public struct Score: Sendable {
        public var method: Method
        /// Absolute errors as a share of each unitary's own count: median and mean.
        public var medianError: Double
        public var meanError: Double
        /// Share of unitaries within 10% of their count.
        public var within10: Double
    }

    /// Plans by method (the first three) and mainstream plans given the plans (the last two).
    public var plans: [Score]
    public var mainstream: [Score]
    /// Unitary LAs scored, in how many regions; the January of the plans.
    public var unitaries: Int
    public var regions: Int
    public var year: Int
    /// Deprivation's effect fitted across all LAs: the change in plans per child, standardised
    /// for age, per 10 points of deprivation score, with its 90% interval.
    public var deprivationEffect: (estimate: Double, lower: Double, upper: Double)
    public var mainstreamEffect: (estimate: Double, lower: Double, upper: Double)

    /// SEN2 has no plans by age in the January asked for (it has them from 2024).
    public struct NoPlansByAge: Error, CustomStringConvertible {
        public var year: Int
        public var description: String {
            "no LA has plans by age in SEN2's January \(year); give one with ages (2024 or 2025)"
        }
    }

    /// One LA in the check: its children by age, plans by age and in mainstream, deprivation.
    struct LA {
        var code: String, region: String, unitary: Bool
        var population: [Double], plansByAge: [Double], mainstream: Double, deprivation: Double
        var plans: Double { plansByAge.reduce(0, +) }
    }

    /// Scores the methods on SEN2's January `year` (with ages) and the shipped districts.
    public init(national: NationalData, districts: Districts, year: Int) throws {
        let las = try Self.las(national: national, districts: districts, year: year)
        guard !las.isEmpty else { throw NoPlansByAge(year: year) }
        self.year = year
        let england = Self.englandRates(las)
        let expected = las.map { la in zip(la.population, england).reduce(0) { $0 + $1.0 * $1.1 } }
        let fit = { (keep: (Int) -> Bool) in Self.fitPlans(las, expected: expected, keep: keep) }
        let fitShare = { (keep: (Int) -> Bool) in Self.fitMainstream(las, keep: keep) }
        var errors: [Method: [Double]] = [:]
        var regionsScored = Set<String>()
        for region in Set(las.map(\.region)).sorted() {
            let members = las.indices.filter { las[$0].unitary && las[$0].region == region && las[$0].plans > 0 }
            guard members.count >= 2 else { continue }
            regionsScored.insert(region)
            Self.score(members, las, fit: fit, fitShare: fitShare, into: &errors)
        }
        func scores(_ methods: [Method]) -> [Score] {
            methods.map { m in
                let e = errors[m] ?? []
                return Score(
                    method: m, medianError: BacktestSummary.median(e),
                    meanError: e.reduce(0, +) / Double(max(1, e.count)),
                    within10: Double(e.filter { $0 <= 0.1 }.count) / Double(max(1, e.count)))
            }
        }
        plans = scores([.population, .byAge, .deprivation])
        mainstream = scores([.pooledMainstream, .deprivationMainstream])
        unitaries = errors[.population]?.count ?? 0
        regions = regionsScored.count
        deprivationEffect = Self.perTenPoints(fit { _ in true })
        mainstreamEffect = Self.perTenPoints(fitShare { _ in true })
    }

    /// The errors of each method for one region's unitaries, each left out of its own fit.
    static func score(
        _ members: [Int], _ las: [LA], fit: ((Int) -> Bool) -> LeastSquares?,
        fitShare: ((Int) -> Bool) -> LeastSquares?, into errors: inout [Method: [Double]]
    ) {
        let ages = las[0].population.indices
        let plansByAge = ages.map { a in members.reduce(0) { $0 + las[$1].plansByAge[a] } }
        let populationByAge = ages.map { a in members.reduce(0) { $0 + las[$1].population[a] } }
        let total = plansByAge.reduce(0, +), mainstream = members.reduce(0) { $0 + las[$1].mainstream }
        let allAges = members.map { las[$0].population.reduce(0, +) }
        let byAge = members.map { i in
            ages.reduce(0) {
                $0 + (populationByAge[$1] > 0 ? plansByAge[$1] * las[i].population[$1] / populationByAge[$1] : 0)
            }
        }
        func shared(_ weights: [Double], _ k: Int, of total: Double) -> Double {
            total * weights[k] / max(weights.reduce(0, +), .leastNonzeroMagnitude)
        }
        for (k, i) in members.enumerated() {
            let actual = las[i].plans
            func record(_ m: Method, _ estimate: Double, _ of: Double) {
                errors[m, default: []].append(abs(estimate - of) / of)
            }
            record(.population, shared(allAges, k, of: total), actual)
            record(.byAge, byAge[k], actual)
            let slope = fit { $0 != i }?.coefficients[1] ?? 0
            let weighted = members.enumerated().map { j, m in byAge[j] * Foundation.exp(slope * las[m].deprivation) }
            record(.deprivation, shared(weighted, k, of: total), actual)
            guard las[i].mainstream > 0 else { continue }
            // Mainstream plans given each unitary's plans: the region's share, or the fit's.
            let plans = members.map { las[$0].plans }
            record(.pooledMainstream, shared(plans, k, of: mainstream), las[i].mainstream)
            let b = fitShare { $0 != i }?.coefficients[1] ?? 0
            let odds = members.map { m in las[m].plans * Foundation.exp(b * las[m].deprivation) }
            record(.deprivationMainstream, shared(odds, k, of: mainstream), las[i].mainstream)
        }
    }

    /// log(plans ÷ expected) on deprivation across the LAs `keep` takes.
    static func fitPlans(_ las: [LA], expected: [Double], keep: (Int) -> Bool) -> LeastSquares? {
        let rows = las.indices.filter { keep($0) && las[$0].plans > 0 && expected[$0] > 0 }
        return LeastSquares(
            rows: rows.map { [1, las[$0].deprivation] }, y: rows.map { Foundation.log(las[$0].plans / expected[$0]) })
    }

    /// The log-odds of the mainstream share on deprivation across the LAs `keep` takes.
    static func fitMainstream(_ las: [LA], keep: (Int) -> Bool) -> LeastSquares? {
        let rows = las.indices.filter { keep($0) && las[$0].mainstream > 0 && las[$0].mainstream < las[$0].plans }
        return LeastSquares(
            rows: rows.map { [1, las[$0].deprivation] },
            y: rows.map {
                let p = las[$0].mainstream / las[$0].plans; return Foundation.log(p / (1 - p))
            })
    }

    /// A fitted slope as the change per 10 points of score (a ratio − 1), with its 90% interval.
    static func perTenPoints(_ fit: LeastSquares?) -> (estimate: Double, lower: Double, upper: Double) {
        guard let fit else { return (0, 0, 0) }
        let b = fit.coefficients[1], se = fit.covariance[1][1].squareRoot()
        func ratio(_ x: Double) -> Double { Foundation.exp(10 * x) - 1 }
        return (ratio(b), ratio(b - 1.645 * se), ratio(b + 1.645 * se))
    }

    /// England's plans per child at each age: every LA's plans over every LA's children.
    static func englandRates(_ las: [LA]) -> [Double] {
        las[0].population.indices.map { a in
            let children = las.reduce(0) { $0 + $1.population[a] }
            return children > 0 ? las.reduce(0) { $0 + $1.plansByAge[a] } / children : 0
        }
    }

    /// Every LA with plans by age in January `year`, its districts' children and deprivation.
    static func las(national: NationalData, districts: Districts, year: Int) throws -> [LA] {
        let byAge = try national.table(.caseloadByAge).filter { $0.year == year && $0.area.level == .la }
        var plans: [String: [Double]] = [:], region: [String: String] = [:]
        for row in byAge {
            guard let age = SEN2Age.parse(row.breakdown), age <= Phase.maximumAge, let count = row.value("plans") else {
                continue
            }
            plans[row.area.code, default: [Double](repeating: 0, count: Phase.maximumAge + 1)][age] += count
            region[row.area.code] = row.area.regionCode
        }
        return plans.keys.sorted().compactMap { code in
            let own = districts.of(la: code)
            guard !own.isEmpty, let deprivation = districts.deprivation(of: code),
                let caseload = national.caseload(of: Area(level: .la, code: code, name: ""), in: year)
            else { return nil }
            return LA(
                code: code, region: region[code] ?? "", unitary: own.count == 1,
                population: districts.population(of: code),
                plansByAge: plans[code]!, mainstream: caseload.value(PlacementGroup.mainstream.totalColumn) ?? 0,
                deprivation: deprivation)
        }
    }
}
