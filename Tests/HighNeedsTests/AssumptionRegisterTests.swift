import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@testable import HNFStudies

/// The assumptions register: every value marked ASSUMPTION, with file:line, key path,
/// value and comment (continuation lines joined), and nothing that only mentions the word.
@Suite struct AssumptionRegisterTests {
    static let yaml = """
        # "ASSUMPTION" marks a figure that is not published.
        # ASSUMPTIONS for the area follow.
        settings:
          special:
            fee: 58700               # ASSUMPTION: national average fee 2021-22,
                                     # the whole fee is top-up
            place: 10000             # [DOMAIN]
            ages: {min: 4}           # ASSUMPTION: school-age
            top_up: 6000             # £6,000 a place [DOMAIN]
        # ASSUMPTION: no district split is published, so
        # the stock is shared by population.
        localities:
          a: {name: "A"}
        changes:
          - because: "ASSUMPTION: no evidence yet"
        """

    @Test func entries() throws {
        let entries = AssumptionRegister.entries(in: Self.yaml, file: "x.yaml")
        #expect(entries.map(\.line) == [5, 8, 10, 15])
        #expect(entries[0].keyPath == "settings.special.fee")
        #expect(entries[0].value == "58700")
        #expect(entries[0].comment == "ASSUMPTION: national average fee 2021-22, the whole fee is top-up")
        #expect(entries[1].comment == "ASSUMPTION: school-age")
        #expect(entries[2].keyPath == "localities")
        #expect(
            entries[2].comment == "ASSUMPTION: no district split is published, so the stock is shared by population.")
        #expect(entries[3].keyPath == "changes.because")
        #expect(entries[3].comment == "ASSUMPTION: no evidence yet")
        #expect(entries[3].value == "")
        let header = AssumptionRegister.entries(in: "# The pot is ASSUMPTION: 67m.\noverlay: x\n", file: "o.yaml")
        #expect(header.first?.keyPath == "(file header)")
    }

    @Test func kentRegisterCoversEveryMarkedLine() throws {
        let file = TestSupport.path("Scenarios/kent/baseline.yaml")
        let register = try AssumptionRegister(files: [file])
        let text = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        let marked = text.indices.filter {
            text[$0].contains("ASSUMPTION") && !text[$0].contains("\"ASSUMPTION\"") && !text[$0].contains("ASSUMPTIONS")
        }.map { $0 + 1 }
        #expect(register.entries.map(\.line) == marked)
        #expect(register.entries.allSatisfy { !$0.comment.isEmpty && $0.file == file })
    }
}
