import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@testable import HNFStudies

/// `hnf fit-formula --allocation`: localities are named as the user writes them (ids or
/// names, any case), as `explain --locality` and `--la` take them; mistakes are located.
@Suite struct FormulaFitAllocationTests {
    static let kent = { try! TestSupport.load(TestSupport.path("Scenarios/kent/baseline.yaml")) }()

    struct Case: CustomTestStringConvertible, Sendable {
        var written: String
        var id: String
        var testDescription: String { "\(written) → \(id)" }
    }

    static let spellings: [Case] = [
        Case(written: "ashford", id: "ashford"), Case(written: "Ashford", id: "ashford"),
        Case(written: "ASHFORD", id: "ashford"),
        Case(written: "Folkestone and Hythe", id: "folkestone_hythe"),
        Case(written: "FOLKESTONE_HYTHE", id: "folkestone_hythe"),
        Case(written: " Tunbridge wells ", id: "tunbridge_wells"),
    ]

    /// Every locality at £1m but the one written, at £2m: it lands on its id whatever the case.
    @Test(arguments: spellings)
    func localityNamesMatchInAnyCase(_ spelling: Case) throws {
        let others = Self.kent.localities.map(\.id).filter { $0 != spelling.id }
        let csv = "locality,amount\n\"\(spelling.written)\",2000000\n" + others.map { "\($0),1000000\n" }.joined()
        let amounts = try FormulaFit.readAllocation(TestSupport.temporaryFile("allocation.csv", csv), for: Self.kent)
        #expect(amounts.count == 12)
        #expect(amounts[spelling.id] == 2_000_000)
    }

    /// The same locality in two spellings is one locality given twice, told at the second line.
    @Test func aLocalityInTwoCasesIsGivenTwice() throws {
        let file = TestSupport.temporaryFile("twice.csv", "locality,amount\nashford,1\nASHFORD,2\n")
        let invalid = try #require(throws: InvalidInput.self) { try FormulaFit.readAllocation(file, for: Self.kent) }
        #expect(
            invalid.diagnostics.map(\.description) == [
                "\(file):3:1: error: locality: ASHFORD a second time; expected one line per locality"
            ])
    }

    /// A name that is no locality in any case is refused at its line, with a suggestion.
    @Test func anUnknownLocalityIsLocated() throws {
        let file = TestSupport.temporaryFile("unknown.csv", "locality,amount\nAshfrd,1\n")
        let invalid = try #require(throws: InvalidInput.self) { try FormulaFit.readAllocation(file, for: Self.kent) }
        let problem = try #require(invalid.diagnostics.first)
        #expect(
            problem.location?.line == 2 && problem.keyPath == "locality"
                && problem.found.contains("\"Ashfrd\", which is not a locality"))
        #expect(problem.expected.contains("did you mean \"ashford\"?"), "\(problem.expected)")
    }
}
