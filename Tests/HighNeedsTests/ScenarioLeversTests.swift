import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// The levers `hnf serve` offers: found in the merged document with the schema's unit and
/// bounds, the file and line that set them (an overlay's, where it set them) and the comment
/// beside them; each a key path `--set` accepts.
@Suite struct ScenarioLeversTests {
    static let kent = TestSupport.path("Scenarios/kent/baseline.yaml")
    static let reform = TestSupport.path("Scenarios/kent/reforms/communities-of-schools.yaml")

    struct Expected: Sendable, CustomTestStringConvertible {
        var path: String
        var label: String
        var unit: String
        var file: String
        var comment: String?
        var testDescription: String { path }
    }

    static let cases: [Expected] = [
        .init(
            path: "settings.mainstream.top_up.B1", label: "Mainstream school, top-up, Band 1", unit: "£",
            file: "baseline.yaml", comment: "S251"),
        .init(
            path: "settings.state_special.capacity.all", label: "State special school, commissioned places",
            unit: "a count", file: "baseline.yaml", comment: nil),
        .init(
            path: "funding.blocks.communities_of_schools.pot.2027",
            label: "District budgets for inclusion in mainstream, in place of individual top-ups, pot, 2027",
            unit: "£", file: "communities-of-schools.yaml", comment: "ASSUMPTION"),
        .init(
            path: "funding.responses.fewer_new_plans.effect.low", label: "Fewer new plans, effect, low",
            unit: "a share: of would-be movers who stay, the change in new plans, or of new plans that shift",
            file: "communities-of-schools.yaml", comment: nil),
        .init(
            path: "flows.new_plans.rate_per_1000.primary.mean",
            label: "New plans, rate per 1,000 children, primary, mean", unit: "new plans a year per 1,000 children",
            file: "baseline.yaml", comment: "GENERATED"),
        .init(
            path: "budget.high_needs_block.growth.mean", label: "High needs block, growth, mean",
            unit: "yearly growth, a share", file: "baseline.yaml", comment: nil),
    ]

    static let levers: ScenarioLevers = {
        let scenario = try! ScenarioLoader.load(kent, overlays: [reform], national: { TestSupport.national })
        return ScenarioLevers(scenario.document)
    }()

    @Test(arguments: cases) func leverIsFoundWithItsUnitSourceAndComment(_ expected: Expected) throws {
        let lever = try #require(Self.levers.lever(expected.path), "no lever at \(expected.path)")
        #expect(lever.label == expected.label)
        #expect(lever.unit == expected.unit)
        #expect(URL(fileURLWithPath: lever.file).lastPathComponent == expected.file)
        #expect(lever.line > 0)
        if let comment = expected.comment {
            #expect(lever.comment?.contains(comment) == true, "comment: \(lever.comment ?? "none")")
        }
    }

    @Test func everyLeverIsAKeyPathSetAccepts() throws {
        // Each lever set to its own value loads, and the value read back is the same.
        let settings = Self.levers.levers.map { "\($0.path)=\(Self.yaml($0.value))" }
        let scenario = try ScenarioLoader.load(
            Self.kent, overlays: [Self.reform], settings: settings, national: { TestSupport.national })
        let again = ScenarioLevers(scenario.document)
        #expect(again.levers.map(\.path) == Self.levers.levers.map(\.path))
        #expect(again.levers.map(\.value) == Self.levers.levers.map(\.value))
    }

    @Test func eachMoneyLeverWritesWhereItIsRead() throws {
        // Every £ lever moved by £1 at once: each reads back its own new value, so no path
        // writes somewhere else (which setting each to its own value could not show).
        let money = Self.levers.levers.filter { $0.unit == "£" }
        #expect(money.count > 20)
        let settings = money.map { "\($0.path)=\(Self.yaml($0.value + 1))" }
        let scenario = try ScenarioLoader.load(
            Self.kent, overlays: [Self.reform], settings: settings, national: { TestSupport.national })
        let moved = ScenarioLevers(scenario.document)
        for lever in money {
            #expect(moved.lever(lever.path)?.value == lever.value + 1, "\(lever.path)")
        }
        let others = Self.levers.levers.filter { $0.unit != "£" }
        #expect(others.allSatisfy { moved.lever($0.path)?.value == $0.value })
    }

    @Test func levelsOutsidePolicyAreNotLevers() {
        // The stock, the populations and the history are data, not levers.
        let paths = Self.levers.levers.map(\.path)
        #expect(!paths.contains { $0.hasPrefix("localities.") || $0.hasPrefix("ehc_plans.") || $0.hasPrefix("meta.") })
        #expect(!paths.contains { $0.hasPrefix("budget.published_balances") || $0.hasPrefix("budget.opening_balance") })
        #expect(Set(Self.levers.levers.map(\.group)).count == ScenarioLevers.groupNames.count)
    }

    static func yaml(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}
