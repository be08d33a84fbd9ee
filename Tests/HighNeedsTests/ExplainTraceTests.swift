import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// `hnf explain` prints the parameters the plan recorded while it compiled the money, so
/// whatever an overlay changes shows up, from the overlay's file, with its comment.
@Suite struct ExplainTraceTests {
    struct OverlayCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// An overlay's text, or a shipped one's path.
        var overlay: String
        var testDescription: String { name }
    }

    static let cases: [OverlayCase] = [
        OverlayCase(
            name: "element 2 threshold",
            overlay: """
                overlay: hnf.overlay.v1
                name: Element 2 at 8000
                set:
                  funding.element2_threshold: {2025: 6000, 2026: 8000}   # ASSUMPTION: schools meet
                                                                         # the first £8,000 from 2026
                """),
        OverlayCase(
            name: "band system",
            overlay: """
                overlay: hnf.overlay.v1
                name: New bands
                add:
                  funding.blocks.new_bands:   # ASSUMPTION: a single banding system
                    type: banded_top_up
                    from: 2026
                    settings: [mainstream, resourced_provision]
                    values: {B1: 3000, B2: 6500, B3: 9500, B4: 15000}
                    existing: protected
                """),
        OverlayCase(
            name: "band mix",
            overlay: """
                overlay: hnf.overlay.v1
                name: Heavier needs
                set:
                  need_profile.band_mix.all.all: {B1: 0.10, B2: 0.30, B3: 0.35, B4: 0.25}   # ASSUMPTION: heavier
                """),
        OverlayCase(
            name: "prices",
            overlay: """
                overlay: hnf.overlay.v1
                name: Dearer
                set:
                  budget.prices.growth: {2021: 0.02, 2025: 0.06}   # ASSUMPTION: 6% a year
                """),
        OverlayCase(name: "communities of schools", overlay: "Scenarios/kent/reforms/communities-of-schools.yaml"),
        OverlayCase(name: "transition funding", overlay: "Scenarios/kent/reforms/transition-funding.yaml"),
        OverlayCase(name: "special places", overlay: "Scenarios/kent/reforms/special-places.yaml"),
        OverlayCase(name: "inclusion capacity", overlay: "Scenarios/kent/reforms/inclusion-capacity.yaml"),
    ]

    /// Every key path the overlay sets or adds (except `budget.basis`, a label that
    /// changes no figure) is listed by `explain` for Ashford in 2027-28, located in the
    /// overlay's file.
    @Test(arguments: cases)
    func explainListsWhatTheOverlayChanged(_ c: OverlayCase) throws {
        let path =
            c.overlay.hasPrefix("Scenarios/")
            ? TestSupport.path(c.overlay) : TestSupport.temporaryFile("overlay.yaml", c.overlay)
        let scenario = try TestSupport.load(TestSupport.path("Scenarios/kent/baseline.yaml"), overlays: [path])
        let plan = try ProjectionPlan(scenario, national: TestSupport.national)
        let explanation = try Explanation(
            Projection(plan: plan, draws: 2, seed: 1, threads: 1), locality: "ashford", year: 2027)
        let listed = explanation.blocks.flatMap(\.steps).flatMap(\.parameters)
        // Every path the compiler read is one the schema has (a mistyped one is not).
        #expect(plan.trace.unknownPaths.isEmpty, "\(plan.trace.unknownPaths.sorted())")
        let document = try #require(SourceNode.parse(yaml: String(contentsOfFile: path, encoding: .utf8), file: path).0)
        let (overlay, _) = Overlay.read(document, file: path)
        let changed = try #require(overlay).changes.filter { $0.operation != .remove && $0.path != "budget.basis" }
        #expect(!changed.isEmpty)
        for change in changed {
            let hits = listed.filter { $0.keyPath == change.path || $0.keyPath.hasPrefix(change.path + ".") }
            #expect(!hits.isEmpty, "\(change.path) is not listed")
            #expect(hits.contains { $0.location?.file == path }, "\(change.path) is not located in the overlay")
            // In its unit: money in £ wherever the schema says it is money.
            for hit in hits where scenario.schema.at(KeyPath.parse(hit.keyPath)!)?.isMoney == true {
                #expect(hit.value.contains("£"), "\(hit.keyPath) = \(hit.value)")
            }
        }
    }

    /// Units come from the schema, not from names: a band called `T` (as witan.send's
    /// imports name them) is in £, and a top-up of £0 says so.
    @Test(arguments: [("T", "1000", "£1,000"), ("Low", "0", "£0"), ("B1", "250.5", "£250.50")])
    func aTopUpIsInPoundsWhateverItsBandIsCalled(band: String, topUp: String, shown: String) throws {
        let fixture = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/growth.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "B1", with: band).replacingOccurrences(
                of: "\(band): 1000}}", with: "\(band): \(topUp)}}")
        let scenario = try TestSupport.load(TestSupport.temporaryFile("bands.yaml", fixture))
        let plan = try ProjectionPlan(scenario)
        let entry = try #require(
            plan.trace.entries(scope: .setting("mainstream"), year: 2026).first {
                $0.keyPath == "settings.mainstream.top_up.\(band)"
            })
        #expect(entry.value == shown)
        #expect(plan.trace.unknownPaths.isEmpty)
    }

    /// A witan.send import names its bands and settings by witan.send's codes: explain lists
    /// every setting's top-up in £ all the same, located in the imported file.
    @Test func aWitanSendImportIsExplainedInItsUnits() throws {
        let inputs = try WitanSendInputs(directory: TestSupport.witanSendFixture)
        let path = TestSupport.temporaryFile("imported.yaml", try WitanSendImport(inputs).scenarioYAML())
        let plan = try ProjectionPlan(try TestSupport.load(path))
        #expect(plan.trace.unknownPaths.isEmpty, "\(plan.trace.unknownPaths.sorted())")
        let year = plan.stepYears[0]
        let topUps = plan.scenario.settings.flatMap { setting in
            plan.trace.entries(scope: .setting(setting.id), year: year).filter { $0.keyPath.contains(".top_up.") }
        }
        #expect(!topUps.isEmpty)
        for entry in topUps {
            #expect(entry.value.hasPrefix("£"), "\(entry.keyPath) = \(entry.value)")
            #expect(entry.location?.file == path)
        }
    }

    /// A value's comment is read from the text the loader read: a file edited since says
    /// nothing new, and a scenario built in memory (calibrate's, replay's) has its comments.
    @Test func commentsComeFromTheTextAsLoaded() throws {
        let fixture = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/growth.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "top_up: {B1: 1000}}", with: "top_up: {B1: 1000}}   # ASSUMPTION: as loaded")
        let path = TestSupport.temporaryFile("comments.yaml", fixture)
        let scenario = try TestSupport.load(path)
        try fixture.replacingOccurrences(of: "as loaded", with: "edited later").write(
            toFile: path, atomically: true, encoding: .utf8)
        let generated = try ScenarioLoader.load(
            ScenarioLoader.merge(.generated(name: "built in memory", yaml: fixture)), national: { TestSupport.national }
        )
        for loaded in [scenario, generated] {
            let entry = try #require(
                ProjectionPlan(loaded).trace.entries(scope: .setting("mainstream"), year: 2026).first {
                    $0.keyPath == "settings.mainstream.top_up.B1"
                })
            #expect(entry.source == "ASSUMPTION: as loaded")
        }
    }

    /// A key path the schema does not have is told from one a scenario leaves out.
    @Test func theSchemaKnowsWhichPathsCanExist() throws {
        let scenario = try MoneyAnchorTests.kentPlan().scenario
        let known = try #require(scenario.schema.at(KeyPath.parse("settings.mainstream.top_up.B2")!))
        #expect(known.isMoney)
        #expect(scenario.schema.at(KeyPath.parse("settings.mainstream.top_upp.B2")!) == nil)
        #expect(scenario.schema.at(KeyPath.parse("funding.blocks.x.amount_per_term")!)?.isMoney == true)
        #expect(scenario.schema.at(KeyPath.parse("budget.prices.base")!)?.isYear == true)
        // Signed money (a balance, negative for a deficit) is money too.
        #expect(scenario.schema.at(KeyPath.parse("budget.opening_balance.amount")!)?.isMoney == true)
    }

    /// A comment that runs over several lines is kept whole, its first line (with
    /// "ASSUMPTION") included.
    @Test func multiLineCommentsKeepTheirFirstLine() throws {
        let plan = try MoneyAnchorTests.kentPlan()
        let capacity = try #require(
            plan.trace.entries(scope: .setting("state_special"), year: 2026).first {
                $0.keyPath == "settings.state_special.capacity.all"
            })
        let source = try #require(capacity.source)
        #expect(source.hasPrefix("ASSUMPTION: commissioned places"))
        #expect(source.contains("what-ifs (Scenarios/kent/reforms/)"))
        let overlay = try #require(Self.cases.first).overlay
        let path = TestSupport.temporaryFile("e2.yaml", overlay)
        let withOverlay = try ProjectionPlan(
            TestSupport.load(TestSupport.path("Scenarios/kent/baseline.yaml"), overlays: [path]),
            national: TestSupport.national)
        let threshold = try #require(
            withOverlay.trace.entries(scope: .setting("mainstream"), year: 2027).first {
                $0.keyPath == "funding.element2_threshold"
            })
        #expect(threshold.value == "£8,000 in 2027")
        #expect(threshold.source == "ASSUMPTION: schools meet the first £8,000 from 2026")
        // The figure the threshold makes is a step of its own, with the value used: Kent's
        // band 2 top-up of £6,060 less the £2,000 the school now meets.
        let derived = try #require(
            withOverlay.trace.entries(scope: .setting("mainstream"), year: 2027).first {
                $0.keyPath == "settings.mainstream.top_up.B2 after the threshold"
            })
        #expect(derived.value == "£4,060")
        #expect(derived.source?.contains("less £2,000") == true)
    }
}
