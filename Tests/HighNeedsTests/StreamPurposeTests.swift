import HighNeeds
import Testing

/// The random streams of a draw are one list (`StreamPurpose`): no two streams of the same
/// generator are seeded alike, so no stream repeats another's numbers.
@Suite struct StreamPurposeTests {
    /// Every stream, with locality groups as many as a scenario could hold.
    static let all: [StreamPurpose] =
        [.kernels, .localityMoves, .overflowOrder, .assumptions, .prices, .responses, .mixShocks]
        + (1...200).map { .localityFlows(group: $0) }

    /// Fails to compile when a stream is added without being listed in `all`.
    static func listed(_ purpose: StreamPurpose) -> Bool {
        switch purpose {
        case .kernels, .localityMoves, .overflowOrder, .assumptions, .prices, .responses, .mixShocks,
            .localityFlows:
            return true
        }
    }

    @Test func noTwoStreamsOfOneGeneratorShareANumber() {
        #expect(Self.all.allSatisfy(Self.listed))
        for generator in [StreamPurpose.Generator.child, .gsl] {
            let numbers = Self.all.filter { $0.generator == generator }.map(\.number)
            #expect(Set(numbers).count == numbers.count, "\(generator): \(numbers)")
        }
    }

    /// The numbers runs have always used: a changed one would change every published result.
    @Test func theNumbersAreThoseRunsHaveAlwaysUsed() {
        let numbers = Self.all.prefix(7).map(\.number)
        #expect(numbers == [1, 3, 4, 2, 4, 5, 6])
        #expect(StreamPurpose.localityFlows(group: 2).number == 103)
    }
}
