import Foundation
import HNFCore
import HNFScenario

/// How far a run's draws have got, for someone waiting on it (`hnf serve`'s page shows it
/// while 1,000 draws run). Its owner says how many draws to expect over every projection
/// it will run; each projection counts one as each draw ends; any thread may read it. Counting never changes what a draw computes.
public final class DrawProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var total = 0
    /// After it, the projections stop starting draws (the run is then refused, not reported).
    private let deadline: Date?

    public init(deadline: Date? = nil) { self.deadline = deadline }

    /// Past the deadline: the draws left are not run.
    public var expired: Bool { deadline.map { Date() > $0 } ?? false }

    /// Draws still to come.
    public func expect(_ draws: Int) { lock.withLock { total += draws } }

    func advance() { lock.withLock { done += 1 } }

    /// Draws finished and draws expected so far.
    public var counts: (done: Int, total: Int) { lock.withLock { (done, total) } }
}
