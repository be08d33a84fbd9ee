import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@testable import HNFStudies

/// The shipped districts (ONS ages, mySociety deprivation), the split of plans by the
/// children of each age, the district estimate's check and the deprivation factor.
@Suite struct DistrictTests {
    static let districts = { try! TestSupport.national.districts() }()

    /// The figures Scenarios/national/README.md gives as its checks, and every SEN2 LA has its districts.
    @Test func districtsHoldTheirSourcesChecks() throws {
        let kent = Self.districts.of(la: "886")
        #expect(kent.count == 12)
        #expect(kent.reduce(0) { $0 + $1.totalPopulation } == 469_471)
        #expect(kent.first { $0.name == "Thanet" }?.deprivation == 31.44)
        #expect(kent.first { $0.name == "Tunbridge Wells" }?.deprivation == 11.32)
        #expect(Self.districts.of(la: "881").count == 12)  // Essex
        #expect(Self.districts.of(la: "850").count == 11)  // Hampshire
        let las = TestSupport.national.areas(in: 2025).filter { $0.level == .la }
        #expect(las.count == 153)
        #expect(las.allSatisfy { !Self.districts.of(la: $0.code).isEmpty })
    }

    /// The leave-one-out table of Docs/validation.md ("Plans by district"): the split by age beats the all-age population share,
    /// and deprivation does not earn its place, so hnf keeps the split by age.
    @Test func theDistrictEstimateHoldsToTheDocs() throws {
        let estimate = try DistrictEstimate(national: TestSupport.national, districts: Self.districts, year: 2025)
        let error = Dictionary(uniqueKeysWithValues: estimate.plans.map { ($0.method, $0.medianError) })
        #expect(estimate.unitaries == 128)
        #expect((0.100...0.115).contains(error[.population]!))
        #expect((0.088...0.099).contains(error[.byAge]!))
        #expect(error[.byAge]! < error[.population]! - 0.005)
        #expect(!estimate.deprivationHelps)
        #expect(estimate.finding.contains("deprivation adds nothing out of sample"))
    }

    /// A locality whose children are mostly 19-25 gets more of the plans at those ages than
    /// of the primary-age ones: the split follows where each age lives.
    @Test func plansAreSplitByTheChildrenOfEachAge() throws {
        // Ashford's 19-25s ten times over.
        let path = try TestSupport.kentVariant(
            replacing: "19: 1210, 20: 1052, 21: 1151, 22: 1325, 23: 1439, 24: 1512, 25: 1400}",
            with: "19: 12100, 20: 10520, 21: 11510, 22: 13250, 23: 14390, 24: 15120, 25: 14000}")
        let kent = try TestSupport.load(path)
        func share(_ ages: ClosedRange<Int>) -> Double {
            let cells = kent.stock.filter { ages.contains($0.age) }
            let ashford = cells.filter { $0.locality == "ashford" }.reduce(0) { $0 + $1.count }
            return Double(ashford) / Double(cells.reduce(0) { $0 + $1.count })
        }
        #expect(share(19...25) > 0.3)
        #expect(share(5...10) < 0.1)
    }

    /// A formula weighting deprivation needs every locality's score, told at each locality.
    @Test func aDeprivationFactorNeedsEveryLocalitysScore() throws {
        let overlay = TestSupport.temporaryFile(
            "deprivation.yaml",
            """
            overlay: hnf.overlay.v1
            name: A deprivation formula
            add:
              funding.blocks.pot:
                type: locality_budget
                pot: 1000000
                factors: {deprivation: 1}
            """)
        let kent = try TestSupport.kentVariant(replacing: "    deprivation: 31.44\n", with: "")
        let problems = try #require(TestSupport.problems(kent, overlays: [overlay]))
        #expect(problems.description.contains("localities.thanet.deprivation"))
    }
}
