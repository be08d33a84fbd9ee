import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Progress of a sweep: runs done, rate and time left, as one line for a terminal's bar
/// (redrawn in place) or a log.
public struct SweepProgress: Sendable {
    public var total: Int
    public var done = 0
    public var started: Date

    public init(total: Int, started: Date = Date()) {
        self.total = total
        self.started = started
    }

    /// Runs a second so far (0 until one has finished).
    public func rate(now: Date = Date()) -> Double {
        let elapsed = now.timeIntervalSince(started)
        return done > 0 && elapsed > 0 ? Double(done) / elapsed : 0
    }

    /// `[########----------]  12/40 runs  1.9 runs/s  ETA 0:15`
    public func bar(width: Int = 24, now: Date = Date()) -> String {
        let filled = total > 0 ? width * done / total : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + summary(now: now)
    }

    /// `12/40 runs, 1.9 runs/s, ETA 0:15`
    public func summary(now: Date = Date()) -> String {
        let rate = self.rate(now: now)
        let eta = rate > 0 ? Self.clock(Double(total - done) / rate) : "?"
        return "\(done)/\(total) runs, \(String(format: "%.2f", rate)) runs/s, ETA \(eta)"
    }

    /// 75 -> "1:15"; 3700 -> "1:01:40".
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}

/// Where a shard's database goes beside the sweep's: `results.db` → `results.shard-2-of-4.db`.
public enum SweepShards {
    public static func path(_ database: String, index: Int, count: Int) -> String {
        let base = database.hasSuffix(".db") ? String(database.dropLast(3)) : database
        return "\(base).shard-\(index)-of-\(count).db"
    }

    /// `2/4` → (2, 4); nil unless 1 ≤ I ≤ N.
    public static func parse(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            return nil
        }
        return (i, n)
    }
}
