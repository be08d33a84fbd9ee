import Crypto
import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// One value given to one parameter in a run (`--set KEY.PATH=VALUE` on `hnf run`).
public struct Assignment: Sendable, Hashable {
    public var keyPath: String
    public var value: Double

    /// The value as written to the scenario and the command line: enough digits to
    /// reproduce it exactly.
    public var text: String { GoalSeek.text(value) }
    /// `KEY.PATH=VALUE`, the form `hnf run --set` takes.
    public var setting: String { "\(keyPath)=\(text)" }
}

/// One run of a sweep: a base scenario, overlays, parameter values, draws and seed.
public struct SweepRun: Sendable {
    /// 1-based, in the order the sweep enumerates runs; the same whatever the sharding.
    public var id: Int
    /// The run of the same base scenario and overlays without parameter values.
    public var baseRun: Int
    public var base: SweepSpec.Base
    public var overlays: [(written: String, path: String)]
    public var assignments: [Assignment]
    /// In a one-at-a-time design, the parameter this run varies.
    public var varied: String?
    public var seed: UInt64
    public var draws: Int
    /// The scenario (file, or `la:CODE`), overlays and values as the sweep file writes
    /// them: independent of the working directory.
    public var identity: String
    /// The shell command that reproduces the run's numbers alone.
    public var command: String

    /// The scenario column of the database: the file as resolved, or `la:CODE`.
    public var scenario: String {
        switch base {
        case .scenario(_, let path): return path
        case .la(let code): return "la:\(code)"
        }
    }

    /// Which shard (1...shards) runs this run: round robin, so each shard gets a like mix.
    public func shard(of shards: Int) -> Int { (id - 1) % shards + 1 }
}

extension SweepRun {
    /// A seed from the sweep's seed and an identity: the first 8 bytes of a SHA-256,
    /// kept below 2^53 so it survives JSON, spreadsheets and pandas unchanged.
    static func seed(_ sweepSeed: UInt64, _ identity: String) -> UInt64 {
        let digest = SHA256.hash(data: Data("hnf.sweep.v1|\(sweepSeed)|\(identity)".utf8))
        return digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } & ((1 << 53) - 1)
    }

    static func identity(
        _ base: SweepSpec.Base, _ overlays: [(written: String, path: String)], _ assignments: [Assignment],
        sample: Int? = nil
    ) -> String {
        let scenario: String
        switch base {
        case .scenario(let written, _): scenario = written
        case .la(let code): scenario = "la:\(code)"
        }
        var parts = ["scenario=\(scenario)"] + overlays.map { "overlay=\($0.written)" }
        parts += assignments.sorted { $0.keyPath < $1.keyPath }.map { "set=\($0.setting)" }
        if let sample { parts.append("sample=\(sample)") }
        return parts.joined(separator: ";")
    }

    /// `hnf run …` (after `hnf calibrate … --out` for an LA), with the values as `--set`.
    static func command(
        _ base: SweepSpec.Base, _ overlays: [String], _ assignments: [Assignment], draws: Int, seed: UInt64,
        horizon: Int?, calibrate: SweepSpec.Calibrate?
    ) -> String {
        var words: [String] = []
        var prefix = ""
        switch base {
        case .scenario(_, let path): words = ["hnf", "run", notAnOption(path)]
        case .la(let code):
            let c = calibrate!, file = "calibrated-\(code).yaml"
            prefix =
                "hnf calibrate --la \(shellQuote(code)) --from \(c.from) --to \(c.to) --horizon \(c.horizon) --out \(shellQuote(file)) && "
            words = ["hnf", "run", file]
        }
        words += overlays.map(notAnOption)
        for a in assignments { words += ["--set", a.setting] }
        if let horizon { words += ["--years", "\(horizon)"] }
        words += ["--draws", "\(draws)", "--seed", "\(seed)"]
        return prefix + words.map(shellQuote).joined(separator: " ")
    }

    /// A path as a command's argument: one beginning with `-` gets `./`, so that it is read
    /// as a file and not as an option.
    static func notAnOption(_ path: String) -> String { path.hasPrefix("-") ? "./" + path : path }

    static func shellQuote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
        }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
