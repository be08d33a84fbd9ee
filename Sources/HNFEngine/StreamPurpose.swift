/// Every random stream of a draw, by what it is for: the one list of them, so a new
/// stream is a new case here with a number no stream of its generator has (a test checks
/// it). A stream is seeded from (seed, draw, number) only, so adding one changes no other.
///
/// The numbers are those runs have always used, so a seed gives the results it gave
/// before. Overflow's order among arrivals and the price index both use 4: they are
/// different generators (xoshiro256++ seeded through SplitMix64, and GSL's MT19937 seeded
/// with the 64-bit value directly), whose sequences from one seed share nothing, and
/// renumbering either would change every published run that uses it.
public enum StreamPurpose: Sendable, Hashable {
    /// `ChildStream`: the yearly kernels, one number per child-year.
    case kernels
    /// `ChildStream`: moves between localities.
    case localityMoves
    /// `ChildStream`: the order overflow picks among arrivals in a full setting.
    case overflowOrder
    /// `DrawRandom`: the draw's uncertain assumptions and its numbers of new plans.
    case assumptions
    /// `DrawRandom`: the draw's price index.
    case prices
    /// `DrawRandom`: behavioural responses.
    case responses
    /// `DrawRandom`: the placement mix's trend and shocks.
    case mixShocks
    /// `DrawRandom`: what a group of localities with flows of its own (group 1, 2, …) changes.
    case localityFlows(group: Int)

    /// The cases without their values: every kind of stream, listed by the compiler, so a
    /// check can visit each (`kind` maps a stream to its own).
    public enum Kind: Sendable, CaseIterable {
        case kernels, localityMoves, overflowOrder, assumptions, prices, responses, mixShocks, localityFlows
    }

    public var kind: Kind {
        switch self {
        case .kernels: .kernels
        case .localityMoves: .localityMoves
        case .overflowOrder: .overflowOrder
        case .assumptions: .assumptions
        case .prices: .prices
        case .responses: .responses
        case .mixShocks: .mixShocks
        case .localityFlows: .localityFlows
        }
    }

    /// Which generator the stream is.
    public enum Generator: Sendable { case child, gsl }

    public var generator: Generator {
        switch self {
        case .kernels, .localityMoves, .overflowOrder: .child
        case .assumptions, .prices, .responses, .mixShocks, .localityFlows: .gsl
        }
    }

    /// The number the stream is seeded with, beside the run's seed and the draw.
    public var number: UInt64 {
        switch self {
        case .kernels: 1
        case .assumptions: 2
        case .localityMoves: 3
        case .overflowOrder, .prices: 4
        case .responses: 5
        case .mixShocks: 6
        case .localityFlows(let group): 101 + UInt64(group)
        }
    }
}
