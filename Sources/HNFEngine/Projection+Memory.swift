import Foundation
import HNFCore
import HNFScenario

/// How much memory a projection needs, so a command can refuse a run that cannot fit
/// before starting it (rather than aborting with "failed to allocate" after minutes) and
/// say how many draws would fit.
public struct MemoryBudget: Sendable {
    /// The most bytes a command may use.
    public var bytes: Int

    public init(bytes: Int) { self.bytes = bytes }

    /// Half the machine's memory: room for the operating system and a second run.
    public static var machineDefault: MemoryBudget {
        MemoryBudget(bytes: Int(ProcessInfo.processInfo.physicalMemory / 2))
    }

    /// Reads `512M`, `8G`, `1.5G`, `2048` (bytes), case-insensitive; nil when unreadable or not above 0.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let (k, m, g, t) = (1024.0, 1024.0 * 1024, 1024.0 * 1024 * 1024, 1024.0 * 1024 * 1024 * 1024)
        let units: [(String, Double)] = [
            ("TB", t), ("GB", g), ("MB", m), ("KB", k), ("T", t), ("G", g), ("M", m), ("K", k), ("B", 1),
        ]
        let (number, scale) =
            units.first { trimmed.hasSuffix($0.0) }.map { (String(trimmed.dropLast($0.0.count)), $0.1) } ?? (trimmed, 1)
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0,
            value * scale < 1e18
        else { return nil }
        bytes = Int(value * scale)
    }

    /// `1.5 GB`, `300 MB`.
    public static func describe(_ bytes: Int) -> String {
        let gb = Double(bytes) / Double(1 << 30)
        return gb >= 1
            ? String(format: "%.1f GB", gb) : String(format: "%.0f MB", max(1, Double(bytes) / Double(1 << 20)))
    }

    /// Nil when `bytesPerDraw × draws + fixed` fits; otherwise the message, with the
    /// largest number of draws that fits.
    public func refusal(draws: Int, bytesPerDraw: Int, fixed: Int, what: String) -> String? {
        guard let (needed, feasible) = shortfall(draws: draws, bytesPerDraw: bytesPerDraw, fixed: fixed) else {
            return nil
        }
        let advice =
            feasible >= 1
            ? "the largest feasible is --draws \(Text.thousands(feasible))"
            : "not even one draw fits; raise --max-memory"
        return
            "\(what) of \(Text.thousands(draws)) draws needs about \(Self.describe(needed)) (draws × years × areas × metrics), over the memory budget of \(Self.describe(bytes)) (--max-memory, default half the machine's memory); \(advice)."
    }

    /// Nil when `bytesPerDraw × draws + fixed` fits; otherwise the bytes needed and the
    /// most draws that fit (0 when not even one does).
    public func shortfall(draws: Int, bytesPerDraw: Int, fixed: Int) -> (needed: Int, feasible: Int)? {
        let needed = Double(draws) * Double(bytesPerDraw) + Double(fixed)
        guard needed > Double(bytes) else { return nil }
        return (Int(min(needed, 9e18)), max(0, (bytes - fixed) / max(1, bytesPerDraw)))
    }
}

extension Projection {
    /// Bytes a draw adds: its metric row, held twice while the rows are gathered.
    public static func bytesPerDraw(_ plan: ProjectionPlan) -> Int {
        layout(for: plan).rowWidth * MemoryLayout<Double>.stride * 2
    }

    /// Bytes that do not grow with draws: the program and its tables (64 MB), and each
    /// thread's population of children (records of about 64 bytes, allowing the caseload
    /// to triple over the run). Measured: `hnf run Tests/Fixtures/zero-variance.yaml
    /// --draws 200000` peaks at 623 MB against an estimate of 641 MB.
    public static func fixedBytes(_ plan: ProjectionPlan, threads: Int) -> Int {
        let perThread = Double(plan.base.count) * 64 * 3
        return Int(min(9e18, Double(64 << 20) + Double(max(1, threads)) * perThread))
    }

    /// The most worker threads a command takes: far above any machine's cores, and low
    /// enough that every thread's population is counted without overflow.
    public static let maxThreads = 4096

    /// The same for a calibrated scenario of one LA projected `years` ahead (backtest).
    public static func bytesPerDraw(calibratedYears years: Int) -> Int {
        MetricLayout(settings: 16, areas: 2, years: years, historyYears: 0).rowWidth * MemoryLayout<Double>.stride * 2
    }
}
