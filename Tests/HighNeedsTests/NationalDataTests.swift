import HighNeeds
import HighNeedsTestSupport
import Testing

/// The shipped SEN2 tables add up: what calibration and the growth model read per LA is
/// consistent with England's published figures.
@Suite struct NationalDataTests {
    /// Every calendar year, LAs' new plans add up to England's within 1% (suppressed small
    /// counts are the rest). The release's 2022 Yorkshire and The Humber totals, each the
    /// region's, made LAs add up to 228% of England before the update script repaired them.
    @Test(arguments: 2019...2024) func newPlansOfLAsAddUpToEngland(_ year: Int) throws {
        let rows = try TestSupport.national.table(.newPlans).filter { $0.year == year && $0.breakdown == "all" }
        let england = try #require(rows.first { $0.area.level == .england }?.value("new_plans"))
        let las = rows.filter { $0.area.level == .la }.compactMap { $0.value("new_plans") }.reduce(0, +)
        #expect(abs(las / england - 1) < 0.01, "\(year): LAs \(las), England \(england)")
    }

    /// Every January, LAs' plans add up to England's within 1%.
    @Test(arguments: 2019...2025) func plansOfLAsAddUpToEngland(_ year: Int) throws {
        let national = TestSupport.national
        let england = try #require(national.caseload(of: national.england, in: year)?.value("plans"))
        let las = national.areas(in: year).filter { $0.level == .la }
            .compactMap { national.caseload(of: $0, in: year)?.value("plans") }.reduce(0, +)
        #expect(abs(las / england - 1) < 0.01, "\(year): LAs \(las), England \(england)")
    }
}
