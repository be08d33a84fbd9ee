import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// Every LA can be forecast: where SEN2's history has a gap, calibration fills it from what
/// is known (`Calibration+Gaps.swift`), says so in the scenario and widens the interval.
@Suite struct CalibrationGapTests {
    static let tables = Result { try Calibration.Tables(TestSupport.national) }

    /// `hnf calibrate --la X --from 2019 --to 2025` for every LA with plans in January 2025:
    /// each calibrates and anchors, and its scenario validates; those with a known gap
    /// (issue 20) list what stands in under `meta.estimated`.
    @Test func everyLAWithPlansCalibrates() throws {
        let tables = try Self.tables.get(), national = TestSupport.national
        let prior = try Calibration.Prior(from: 2019, to: 2025, tables: tables)
        let las = national.areas(in: 2025).filter {
            $0.level == .la && (national.caseload(of: $0, in: 2025)?.value("plans") ?? 0) > 0
        }
        #expect(las.count >= 150)
        var failed: [String] = [], estimated: [String: [String]] = [:]
        for la in las {
            do {
                var calibration = try Calibration(area: la, from: 2019, to: 2025, tables: tables, prior: prior)
                let yaml = try calibration.anchoredScenarioYAML(horizon: 1, draws: 20, seed: 1, national: national)
                let path = TestSupport.temporaryFile("every-la-\(la.code).yaml", yaml)
                let scenario = try TestSupport.load(path)
                if !scenario.meta.estimated.isEmpty { estimated[la.name] = scenario.meta.estimated }
            } catch {
                failed.append("\(la.name): \(error)")
            }
        }
        #expect(failed.isEmpty, "\(failed)")
        for name in [
            "Leicester", "North East Lincolnshire", "Cumberland", "Westmorland and Furness", "Hackney", "Peterborough",
            "Cambridgeshire",
        ] {
            #expect(estimated[name] != nil, "\(name) lists no estimated figure")
        }
        #expect(estimated["Kent"] == nil)
        #expect(
            estimated["Cumberland"]?.contains { $0.hasPrefix("January caseload 2019-2023: before Cumberland existed") }
                == true)
    }

    /// Before it existed, Cumberland is its share of Cumbria: calibrated on 2019-2022 (all
    /// of it filled) it starts from 2022's share of Cumbria's plans, and the fill widens its
    /// growth's interval by one LA-year's shock.
    @Test func aSuccessorLAIsItsShareOfItsPredecessor() throws {
        let tables = try Self.tables.get(), national = TestSupport.national
        let cumberland = try national.area(named: "Cumberland"), cumbria = try national.area(named: "909")
        let calibration = try Calibration(area: cumberland, from: 2019, to: 2022, tables: tables)
        let cumbria2022 = try #require(national.caseload(of: cumbria, in: 2022)?.value("plans"))
        let stock = calibration.stock.values.reduce(0, +)
        #expect(stock > 0.4 * cumbria2022 && stock < 0.7 * cumbria2022, "\(stock) of Cumbria's \(cumbria2022)")
        #expect(calibration.fillVariance > 0)
        #expect(calibration.fills.map(\.figure).contains(.caseload))
        let kent = try Calibration(area: try national.area(named: "886"), from: 2019, to: 2022, tables: tables)
        #expect(kent.fills.isEmpty && kent.fillVariance == 0)
    }

    /// A run on a scenario with estimated figures warns of each in its table and JSON.
    @Test func everyOutputWarnsOfWhatIsEstimated() throws {
        let tables = try Self.tables.get(), national = TestSupport.national
        let leicester = try national.area(named: "Leicester")
        let calibration = try Calibration(area: leicester, from: 2019, to: 2025, tables: tables)
        let path = TestSupport.temporaryFile(
            "leicester-estimated.yaml", calibration.scenarioYAML(horizon: 1, draws: 5, seed: 1))
        let scenario = try TestSupport.load(path)
        #expect(scenario.meta.estimated.count == 2)
        let report = RunReport(
            Projection(plan: try ProjectionPlan(scenario), draws: 5, seed: 1, threads: 1), national: national)
        #expect(report.render(.table).contains("Warning: 2 SEN2 figures are not published for this area"))
        #expect(report.render(.markdown).contains("new plans 2023: SEN2 has none"))
        let json = try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any]
        let results = json?["results"] as? [String: Any]
        #expect((results?["estimated"] as? [String])?.count == 2, "\(results?.keys.sorted() ?? [])")
    }

    /// A missing year of new plans (Leicester, 2023) comes from its neighbours moved by
    /// England's change, and lies between the neighbours' counts.
    @Test func aMissingYearOfNewPlansComesFromItsNeighbours() throws {
        let tables = try Self.tables.get(), national = TestSupport.national
        let leicester = try national.area(named: "Leicester")
        let calibration = try Calibration(area: leicester, from: 2019, to: 2025, tables: tables)
        let fill = try #require(calibration.fills.first { $0.figure == .newPlans })
        #expect(fill.years == [2023])
        #expect(fill.how.contains("from 2022 and 2024, moved by England's change"))
    }
}
