import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@testable import HNFStudies

/// The LA's plans by setting x age group x need (the DSG management plan's rows): recorded
/// only when asked, without changing any other figure, and adding up to the plans.
@Suite struct PlanProfileTests {
    static let plan: ProjectionPlan = {
        let scenario = try! TestSupport.load(TestSupport.path("Scenarios/kent/baseline.yaml"))
        return try! ProjectionPlan(scenario, national: TestSupport.national)
    }()

    @Test func profileAddsUpAndChangesNothingElse() throws {
        let plain = Projection(plan: Self.plan, draws: 6, seed: 9, threads: 2)
        let profiled = Projection(plan: Self.plan, draws: 6, seed: 9, threads: 1, profile: true)
        #expect(plain.layout.profileWidth == 0 && profiled.layout.profileWidth > 0)
        let a = plain.layout, b = profiled.layout
        for d in 0..<6 {
            // Every figure before the profile is the same, bit for bit.
            let before = Array(plain.rows[(d * a.rowWidth)..<((d + 1) * a.rowWidth)])
            let after = Array(profiled.rows[(d * b.rowWidth)..<(d * b.rowWidth + a.rowWidth)])
            #expect(before == after)
            for t in 0..<b.years {
                let start = d * b.rowWidth + b.profile(year: t, setting: 0, ageGroup: .under5, need: 0)
                let cells = profiled.rows[start..<(start + b.profileWidth)]
                #expect(cells.reduce(0, +) == profiled.rows[d * b.rowWidth + b.area(0, year: t) + b.plans])
                for s in 0..<Self.plan.settingCount {
                    let width = AgeGroup.allCases.count * b.needs
                    let bySetting = profiled.rows[(start + s * width)..<(start + (s + 1) * width)].reduce(0, +)
                    #expect(bySetting == profiled.rows[d * b.rowWidth + b.area(0, year: t) + b.setting(s)])
                }
            }
        }
        let profile = try #require(PlanProfile(profiled))
        #expect(PlanProfile(plain) == nil)
        // Every child is in one category, age group and need: the cells add up to the mean plans.
        let total = DSGPlanCategory.allCases.reduce(0.0) { sum, c in
            AgeGroup.allCases.reduce(sum) { sum, g in
                profile.needs.indices.reduce(sum) { $0 + profile.plans(year: 0, category: c, ageGroup: g, need: $1) }
            }
        }
        let plans = (0..<6).map { profiled.rows[$0 * b.rowWidth + b.area(0, year: 0) + b.plans] }.reduce(0, +) / 6
        #expect(abs(total - plans) < 1e-9 * plans)
    }

    @Test(arguments: [
        (
            ["mainstream_academy", "mainstream_academy_senunit", "mainstream_la_maintained_senunit"],
            DSGPlanCategory.resourcedProvision
        ),
        (["special_independent", "special_non_maintained"], .independentSpecial),
        (["ap_pru_academy"], .hospitalAP), (["neet", "nm_early_years"], .other), ([], .maintainedSpecial),
    ])
    func settingsMapByTheirSEN2Columns(columns: [String], category: DSGPlanCategory) throws {
        var setting = try #require(Self.plan.scenario.settings.first { $0.id == "state_special" })
        setting.sen2Columns = columns
        #expect(DSGPlanCategory.of(setting: setting) == category)
    }
}
