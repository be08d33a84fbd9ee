import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// Per-locality flows (`localities.ID.flows`): an override changes its locality's children
/// and no other's, an override equal to the LA's value changes nothing, and a bad one is a
/// located error.
@Suite struct LocalityFlowsTests {
    static let kent = TestSupport.path("Scenarios/kent/baseline.yaml")

    static func overlay(_ changes: String) -> String {
        TestSupport.temporaryFile("locality.yaml", "overlay: hnf.overlay.v1\nname: A locality's own flows\n" + changes)
    }

    /// Each locality's plans in January of the last step, every draw.
    static func plansByLocality(
        _ scenario: Scenario, draws: Int, threads: Int = 2
    ) throws -> (rows: [Double], plans: [String: [Double]]) {
        let projection = Projection(
            plan: try ProjectionPlan(scenario, national: TestSupport.national), draws: draws, seed: 5, threads: threads)
        let layout = projection.layout, last = projection.plan.stepYears.count - 1
        var out: [String: [Double]] = [:]
        for (l, locality) in scenario.localities.enumerated() {
            out[locality.id] = (0..<draws).map { d in
                (0..<projection.plan.settingCount).reduce(0.0) {
                    $0 + projection.rows[d * layout.rowWidth + layout.area(l + 1, year: last) + layout.setting($1)]
                }
            }
        }
        return (projection.rows, out)
    }

    static func meanAndError(_ a: [Double], _ b: [Double]) -> (difference: Double, error: Double) {
        func stats(_ x: [Double]) -> (Double, Double) {
            let m = x.reduce(0, +) / Double(x.count)
            return (m, x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1))
        }
        let (ma, va) = stats(a), (mb, vb) = stats(b)
        return (mb - ma, ((va + vb) / Double(a.count)).squareRoot())
    }

    @Test func anOverrideChangesItsLocalityAndNoOther() throws {
        var base = try TestSupport.load(Self.kent)
        let overlay = Self.overlay(
            "add:\n  localities.thanet.flows: {new_plans: {rate_per_1000: {primary: 30, secondary: 20}}}\n")
        var changed = try TestSupport.load(Self.kent, overlays: [overlay])
        base.meta.horizon = 2
        changed.meta.horizon = 2
        let draws = 200
        let a = try Self.plansByLocality(base, draws: draws).plans,
            b = try Self.plansByLocality(changed, draws: draws).plans
        // Thanet's primary and secondary children (9,585 and 8,224, ONS mid-2021) now start
        // about (30 − 12.44) and (20 − 8.39) more plans per 1,000 a year: ~260 more, two years.
        let thanet = Self.meanAndError(try #require(a["thanet"]), try #require(b["thanet"]))
        #expect(thanet.difference > 400 && thanet.difference < 700, "Thanet: \(thanet.difference) more plans")
        for id in a.keys where id != "thanet" {
            let other = Self.meanAndError(a[id]!, b[id]!)
            #expect(abs(other.difference) < 4 * other.error + 1, "\(id): \(other.difference) ± \(other.error)")
        }
        #expect(base.localityEvidence == .ageSplit, "Kent's districts: SEN2 shared by ONS ages")
        #expect(changed.localityEvidence == .localData, "localities with their own flows differ by more than a split")
    }

    /// An override that states the LA's own values (fixed and uncertain) gives the same
    /// numbers, bit for bit: the locality takes the LA's draw of every parameter it states as the LA does.
    @Test func anOverrideEqualToTheLAsValueChangesNothing() throws {
        var base = try TestSupport.load(Self.kent)
        let overlay = Self.overlay(
            """
            add:
              localities.dover.flows:
                new_plans: {rate_per_1000: {primary: {dist: normal, mean: 12.44, sd: 1.24}}}
                ceasing: {by_age: {12: {dist: beta, alpha: 16, beta: 1518}}, rate: {post19: 0.4425}}
                by_setting_and_age: {mainstream: {11: {move: {dist: beta, alpha: 233.83, beta: 415.4}, destinations: {elsewhere: 14.5, independent_special: 38, not_recorded: 2.1, state_special: 179.2}}}}
                transfers: {out: {by_age: {14: {dist: beta, alpha: 35, beta: 1492}}}}

            """)
        var same = try TestSupport.load(Self.kent, overlays: [overlay])
        base.meta.horizon = 2
        same.meta.horizon = 2
        #expect(same.localityFlowOverrides.map(\.id) == ["dover"])
        let a = try Self.plansByLocality(base, draws: 20).rows, b = try Self.plansByLocality(same, draws: 20).rows
        #expect(a == b)
    }

    /// A locality's flows by need where the LA has none (the tables gain a need stride for
    /// every group): Thanet's autistic 10-year-olds in mainstream nearly all move at 11.
    @Test func aLocalityMayGiveFlowsByNeedTheLADoesNot() throws {
        var base = try TestSupport.load(Self.kent)
        let overlay = Self.overlay(
            "add:\n  localities.thanet.flows: {by_setting_and_age: {mainstream: {11: {by_need: {ASD: {move: 0.95, destinations: {independent_special: 10}}}}}}}\n"
        )
        var changed = try TestSupport.load(Self.kent, overlays: [overlay])
        base.meta.horizon = 1
        changed.meta.horizon = 1
        func mainstream(_ s: Scenario) throws -> [String: [Double]] {
            let draws = 40
            let projection = Projection(
                plan: try ProjectionPlan(s, national: TestSupport.national), draws: draws, seed: 3, threads: 2)
            let layout = projection.layout, m = try #require(projection.plan.settingIndex("mainstream"))
            return Dictionary(
                uniqueKeysWithValues: s.localities.enumerated().map { l, locality in
                    (
                        locality.id,
                        (0..<draws).map {
                            projection.rows[$0 * layout.rowWidth + layout.area(l + 1, year: 0) + layout.setting(m)]
                        }
                    )
                })
        }
        let a = try mainstream(base), b = try mainstream(changed)
        // Thanet has about 1/11 of Kent's ~670 mainstream 10-year-olds, half of them autistic.
        let thanet = Self.meanAndError(a["thanet"]!, b["thanet"]!)
        #expect(thanet.difference < -15 && thanet.difference > -60, "Thanet: \(thanet.difference)")
        let swale = Self.meanAndError(a["swale"]!, b["swale"]!)
        #expect(abs(swale.difference) < 4 * swale.error + 1, "Swale: \(swale.difference) ± \(swale.error)")
    }

    /// With overrides the results are still the same whatever the thread count.
    @Test func overridesStayThreadCountIndependent() throws {
        var scenario = try TestSupport.load(
            Self.kent,
            overlays: [
                Self.overlay(
                    "add:\n  localities.ashford.flows: {ceasing: {by_age: {16: 0.3}}, locality_moves: {rate: 0.02}}\n")
            ])
        scenario.meta.horizon = 2
        let one = try Self.plansByLocality(scenario, draws: 12, threads: 1).rows,
            two = try Self.plansByLocality(scenario, draws: 12, threads: 2).rows
        #expect(one == two)
    }

    /// An overlay can set a key inside a locality's flows by its key path, and `hnf explain`
    /// lists the locality's key, at the line that gave it.
    @Test func overlaysSetLocalityFlowsAndExplainTracesThem() throws {
        let scenarioFile = try TestSupport.kentVariant(
            replacing: "    name: Swale\n", with: "    name: Swale\n    flows: {ceasing: {rate: {primary: 0.05}}}\n")
        let overlay = Self.overlay("set:\n  localities.swale.flows.ceasing.rate.primary: 0.08\n")
        var scenario = try TestSupport.load(scenarioFile, overlays: [overlay])
        scenario.meta.horizon = 1
        #expect(scenario.withFlows(ofLocality: "swale").flows.ceasingRate[.primary]?.value(in: 2025) == .fixed(0.08))
        #expect(
            scenario.withFlows(ofLocality: "swale").flows.ceasingRate[.secondary]?.value(in: 2025)
                == scenario.flows.ceasingRate[.secondary]?.value(in: 2025))
        let projection = Projection(
            plan: try ProjectionPlan(scenario, national: TestSupport.national), draws: 4, seed: 1, threads: 1)
        let explanation = try Explanation(projection, locality: "swale", year: 2025)
        let own = try #require(explanation.blocks[0].steps.first { $0.label.hasPrefix("This locality's own flows") })
        let parameter = try #require(own.parameters.first)
        #expect(parameter.keyPath == "localities.swale.flows.ceasing.rate.primary")
        #expect(parameter.location?.file == overlay)
        let elsewhere = try Explanation(projection, locality: "thanet", year: 2025)
        #expect(!elsewhere.blocks[0].steps.contains { $0.label.hasPrefix("This locality's own flows") })
    }

    /// Bad overrides: each a `file:line` error at the locality's key path, with the bounds
    /// of the LA-wide key, all at once.
    @Test(arguments: [
        ("flows: {ceasing: {by_age: {12: 1.5}}}", "localities.thanet.flows.ceasing.by_age.12", "1.5"),
        ("flows: {new_plans: {per_year: {primary: 10}}}", "localities.thanet.flows.new_plans.per_year", "LA-wide only"),
        (
            "flows: {new_plans: {setting_mix: {primary: {mainstream: 0.5, state_special: 0.2}}}}",
            "localities.thanet.flows.new_plans.setting_mix.primary", "0.7"
        ),
        (
            "flows: {by_setting_and_age: {mainstream: {11: {move: 0.2, destinations: {mainstream: 3}}}}}",
            "localities.thanet.flows.by_setting_and_age.mainstream.11.destinations.mainstream", "the setting itself"
        ),
        (
            "flows: {by_setting_and_age: {nowhere: {11: {move: 0.2}}}}",
            "localities.thanet.flows.by_setting_and_age.nowhere", "nowhere"
        ),
        (
            "flows: {new_plans: {rate_per_1000: {primary: 5}, by_age: {4: {rate: 0.01, settings: {mainstream: 1}}}}}",
            "localities.thanet.flows.new_plans", "both"
        ),
    ])
    func badOverridesAreLocatedErrors(_ override: String, _ keyPath: String, _ found: String) throws {
        let file = try TestSupport.kentVariant(
            replacing: "    name: Thanet\n", with: "    name: Thanet\n    \(override)\n")
        let line = try #require(TestSupport.line(of: "    flows: {", in: file))
        guard let error = TestSupport.problems(file) else { Issue.record("\(override) was accepted"); return }
        let diagnostic = try #require(error.diagnostics.first { $0.keyPath == keyPath }, "\(error.diagnostics)")
        #expect(diagnostic.location?.line == line)
        #expect(diagnostic.location?.file == file)
        #expect(diagnostic.description.contains(found), "\(diagnostic)")
    }
}
