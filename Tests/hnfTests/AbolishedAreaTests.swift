import Foundation
import HighNeedsTestSupport
import Testing

/// An LA abolished since 2019, asked for today, is refused with its successors named, so
/// an analyst with last decade's list of LAs learns what to ask for instead.
@Suite struct AbolishedAreaTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var successors: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cumbria = "replaced in April 2023 by Cumberland (942) and Westmorland and Furness (943): ask for those"
    static let cases = [
        Case(arguments: ["benchmark", "--la", "Cumbria"], successors: cumbria),
        Case(arguments: ["ratios", "--la", "909"], successors: cumbria),
        Case(arguments: ["calibrate", "--la", "Cumbria", "--from", "2019", "--to", "2025"], successors: cumbria),
        Case(arguments: ["calibrate", "--la", "Cumbria", "--money"], successors: cumbria),
        Case(
            arguments: ["ratios", "--la", "Northamptonshire"],
            successors:
                "replaced in April 2021 by North Northamptonshire (940) and West Northamptonshire (941): ask for those"),
    ]

    @Test(arguments: cases) func refusalNamesTheSuccessors(_ c: Case) throws {
        let run = try TestSupport.runCLI(c.arguments)
        #expect(run.status == 2, "exit \(run.status): \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: ") && run.stderr.contains(c.successors), "\(run.stderr)")
        #expect(run.stdout.isEmpty, "nothing half-written: \(run.stdout)")
    }
}
