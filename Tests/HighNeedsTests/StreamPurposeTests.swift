import HighNeeds
import Testing

/// The random streams of a draw are one list (`StreamPurpose`): no two streams of the same
/// generator are seeded alike, so no stream repeats another's numbers.
@Suite struct StreamPurposeTests {
    /// Every stream of a kind, with locality groups as many as a scenario could hold. A
    /// new case of `StreamPurpose` needs its `Kind` (`kind` switches over every case), and
    /// a new kind fails to compile here until its streams are listed.
    static func streams(of kind: StreamPurpose.Kind) -> [StreamPurpose] {
        switch kind {
        case .kernels: [.kernels]
        case .localityMoves: [.localityMoves]
        case .overflowOrder: [.overflowOrder]
        case .assumptions: [.assumptions]
        case .prices: [.prices]
        case .responses: [.responses]
        case .mixShocks: [.mixShocks]
        case .localityFlows: (1...200).map { .localityFlows(group: $0) }
        }
    }

    static let all = StreamPurpose.Kind.allCases.flatMap(streams(of:))

    @Test func noTwoStreamsOfOneGeneratorShareANumber() {
        for kind in StreamPurpose.Kind.allCases {
            #expect(Self.streams(of: kind).allSatisfy { $0.kind == kind }, "\(kind)")
        }
        for generator in [StreamPurpose.Generator.child, .gsl] {
            let numbers = Self.all.filter { $0.generator == generator }.map(\.number)
            #expect(Set(numbers).count == numbers.count, "\(generator): \(numbers)")
        }
    }

    /// The numbers runs have always used: a changed one would change every published result.
    @Test func theNumbersAreThoseRunsHaveAlwaysUsed() {
        let numbers = [
            StreamPurpose.kernels, .localityMoves, .overflowOrder, .assumptions, .prices, .responses, .mixShocks,
        ]
        .map(\.number)
        #expect(numbers == [1, 3, 4, 2, 4, 5, 6])
        #expect(StreamPurpose.localityFlows(group: 2).number == 103)
    }
}
