import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@testable import HNFStudies

/// A locality's flow group shares the LA's draw of every uncertain parameter it inherits,
/// even after one it changes (GSL's beta and normal samplers use a varying count of
/// numbers, so drawing the group's assumptions afresh would not).
@Suite struct LocalityFlowDrawsTests {
    @Test func aLocalityInheritsTheLAsDrawOfEveryParameterItDoesNotChange() throws {
        let overlay = TestSupport.temporaryFile(
            "thanet.yaml",
            """
            overlay: hnf.overlay.v1
            name: Thanet's own ceasing at 12 and moves at 11
            add:
              localities.thanet.flows:
                ceasing: {by_age: {12: {dist: beta, alpha: 50, beta: 1000}}}
                by_setting_and_age: {mainstream: {11: {move: {dist: beta, alpha: 300, beta: 400}, destinations: {elsewhere: 14.5, independent_special: 38, not_recorded: 2.1, state_special: 179.2}}}}

            """)
        let scenario = try TestSupport.load(TestSupport.path("Scenarios/kent/baseline.yaml"), overlays: [overlay])
        let plan = try ProjectionPlan(scenario, national: TestSupport.national)
        let groupPlan = try #require(plan.localityFlows?.plans.first)
        for draw in 0..<3 {
            let simulation = DrawSimulation(plan: plan, seed: 9, draw: draw)
            let la = simulation.assumptions, thanet = try #require(simulation.localityAssumptions.first)
            #expect(la.ceasing[0][12] != thanet.ceasing[0][12])
            for age in 0..<ProjectionPlan.ageCount where age != 12 {
                #expect(la.ceasing[0][age] == thanet.ceasing[0][age], "ceasing at \(age)")
            }
            let cell = try #require(
                plan.settingAgeCells.firstIndex {
                    $0.setting == plan.settingIndex("mainstream") && $0.age == 11 && $0.need == nil
                })
            #expect(groupPlan.settingAgeCells.count == plan.settingAgeCells.count)
            for k in plan.settingAgeCells.indices where k != cell {
                #expect(
                    la.cellMove[k].isNaN && thanet.cellMove[k].isNaN || la.cellMove[k] == thanet.cellMove[k],
                    "cell \(k)")
            }
            #expect(la.cellMove[cell] != thanet.cellMove[cell])
            #expect(la.destinationShare == thanet.destinationShare, "the same destinations: the LA's draw")
            #expect(la.transferOut == thanet.transferOut)
            #expect(la.newPlans == thanet.newPlans)
            #expect(la.transferInMean == thanet.transferInMean)
        }
    }
}
