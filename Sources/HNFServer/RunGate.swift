import Foundation

/// At most `running` what-ifs at once and `waiting` more in line; a request beyond that is
/// turned away (429 with a retry hint) rather than queued without end, so memory stays
/// bounded however many requests arrive.
actor RunGate {
    let running: Int
    let waiting: Int
    private var active = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(running: Int, waiting: Int) {
        precondition(running >= 1 && waiting >= 0)
        (self.running, self.waiting) = (running, waiting)
    }

    /// Waits for a turn; false when the line is full.
    func enter() async -> Bool {
        if active < running {
            active += 1
            return true
        }
        guard queue.count < waiting else { return false }
        // The place is handed over by `leave`, so `active` is not changed here.
        await withCheckedContinuation { queue.append($0) }
        return true
    }

    func leave() {
        if queue.isEmpty {
            active -= 1
        } else {
            queue.removeFirst().resume()
        }
    }

    /// Runs `work` on a thread of its own (a projection blocks for a fifth of a second and
    /// more, and must not hold one of the server's event-loop or cooperative threads).
    static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}
