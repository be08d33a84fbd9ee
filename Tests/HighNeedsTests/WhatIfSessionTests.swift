import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// `hnf serve`'s session keeps the baseline's projection between what-ifs: a kept one must
/// be the one the next what-if would have run.
@Suite struct WhatIfSessionTests {
    static func kent() throws -> WhatIfSession {
        try WhatIfSession(
            scenario: TestSupport.path("Scenarios/kent/baseline.yaml"), overlays: [], national: TestSupport.national)
    }

    /// A what-if that projects fewer years is compared with a baseline of as many years,
    /// not with the five-year baseline the last what-if kept (which no comparison can pair).
    @Test func aShorterHorizonIsComparedWithABaselineAsLong() throws {
        let session = try Self.kent()
        let longer = try session.run(
            settings: ["settings.mainstream.top_up.B2=9000"], draws: 8, seed: 3, threads: 1)
        #expect(longer.report.againstBaseline?.years.count == 5)
        let shorter = try session.run(
            settings: ["settings.mainstream.top_up.B2=9000", "meta.horizon=3"], draws: 8, seed: 3, threads: 1)
        #expect(shorter.report.againstBaseline?.years.count == 3)
        // And the kept five-year baseline still serves the first what-if, with the same figures.
        let again = try session.run(
            settings: ["settings.mainstream.top_up.B2=9000"], draws: 8, seed: 3, threads: 1)
        #expect(
            again.report.againstBaseline?.years.map(\.spend.p50)
                == longer.report.againstBaseline?.years.map(\.spend.p50))
    }

    /// Draws a deadline cut short are refused, never reported.
    @Test func aWhatIfPastItsDeadlineIsRefused() throws {
        let session = try Self.kent()
        #expect(throws: InvalidInput.self) {
            try session.run(
                settings: ["settings.mainstream.top_up.B2=9000"], draws: 8, seed: 3, threads: 1,
                progress: DrawProgress(deadline: Date(timeIntervalSinceNow: -1)))
        }
    }
}
