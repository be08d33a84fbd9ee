import Foundation
import GRDB
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension SweepDatabase {
    public struct MergeSummary: Sendable, CustomStringConvertible {
        public var path: String
        public var shards: Int
        public var runs: Int
        public var done: Int
        public var runsInSweep: Int
        public var description: String {
            "\(shards) database\(shards == 1 ? "" : "s") into \(path): \(runs) of \(runsInSweep) runs, \(done) done"
                + (runs < runsInSweep
                    ? " (\(runsInSweep - runs) runs in no shard given: merge the missing shards, or resume with `hnf sweep SWEEP --db \(SweepRun.shellQuote(path))`)"
                    : "")
        }
    }

    public enum MergeProblem: Error, CustomStringConvertible {
        case notASweep(String)
        case otherSweep(String, hash: String, expected: String, first: String)
        case outputIsShard(String)
        case givenTwice(String, String)
        case failed(String)

        public var description: String {
            switch self {
            case .notASweep(let path): return "\(path): not a sweep database; nothing was merged"
            case .otherSweep(let path, let hash, let expected, let first):
                return
                    "\(path): a shard of a different sweep (spec sha256 \(hash.prefix(12))…, but \(first) has \(expected.prefix(12))…); nothing was merged"
            case .outputIsShard(let path):
                return "\(path): the output is also given as a shard; an output never overwrites an input"
            case .givenTwice(let path, let again):
                return
                    "\(again): the same database as \(path), given twice; give each shard once. Nothing was merged"
            case .failed(let detail): return "merge failed: \(detail); nothing was written"
            }
        }
    }

    /// Combines shard databases of one sweep into `out`, through a temporary file renamed
    /// into place. Refuses databases of another sweep (spec hash). An existing `out` of the
    /// same sweep is merged in too, so re-running a merge job is harmless.
    public static func merge(into out: String, shards: [String]) throws -> MergeSummary {
        if shards.contains(where: { SweepPaths.same($0, out) }) { throw MergeProblem.outputIsShard(out) }
        // The same file twice (by its device and inode: a link or another spelling too) is
        // refused at once; attached twice, SQLite waited out its busy timeout and failed.
        var seen: [String: String] = [:]
        for path in shards {
            guard let identity = FileIdentity(path: path) else { continue }
            let key = "\(identity.device):\(identity.inode)"
            if let first = seen[key] { throw MergeProblem.givenTwice(first, path) }
            seen[key] = path
        }
        var inputs = shards
        if FileManager.default.fileExists(atPath: out) { inputs.append(out) }
        var infos: [(path: String, info: [String: String])] = []
        for path in inputs {
            guard let database = try? SweepDatabase(path: path, readOnly: true), let info = try? database.info(),
                info["spec_sha256"] != nil
            else {
                throw MergeProblem.notASweep(path)
            }
            if let first = infos.first, first.info["spec_sha256"] != info["spec_sha256"] {
                throw MergeProblem.otherSweep(
                    path, hash: info["spec_sha256"]!, expected: first.info["spec_sha256"]!, first: first.path)
            }
            infos.append((path, info))
        }
        let temporary = TemporaryFiles.sibling(of: out, suffix: "merging")
        // Tracked, so that SIGINT or SIGTERM during the merge removes it and its journal.
        for file in [temporary, temporary + "-journal"] { TemporaryFiles.track(file) }
        defer {
            for file in [temporary, temporary + "-journal"] {
                try? FileManager.default.removeItem(atPath: file)
                TemporaryFiles.release(file)
            }
        }
        let summary: MergeSummary
        do {
            let merged = try SweepDatabase(path: temporary)
            summary = try merged.copy(from: infos, out: out)
        } catch let problem as MergeProblem {
            throw problem
        } catch {
            throw MergeProblem.failed("\(error)")
        }
        guard rename(temporary, out) == 0 else {
            throw MergeProblem.failed("cannot rename \(temporary) to \(out): \(String(cString: strerror(errno)))")
        }
        return summary
    }

    /// Copies every input's sweep info, runs, parameters and results: finished runs first,
    /// so a run finished in any input is finished in the result.
    private func copy(from inputs: [(path: String, info: [String: String])], out: String) throws -> MergeSummary {
        try queue.writeWithoutTransaction { db in
            for (i, input) in inputs.enumerated() {
                try db.execute(sql: "ATTACH DATABASE ? AS s\(i)", arguments: [input.path])
            }
            try db.inTransaction {
                var info = inputs[0].info
                let counts = Set(inputs.compactMap { $0.info["shard"].flatMap(SweepShards.parse)?.count })
                let indices = Set(inputs.compactMap { $0.info["shard"].flatMap(SweepShards.parse)?.index })
                let complete =
                    inputs.contains { $0.info["shard"] == "all" }
                    || (counts.count == 1 && indices.count == counts.first!)
                info["shard"] =
                    complete
                    ? "all" : "merged " + inputs.compactMap { $0.info["shard"] }.sorted().joined(separator: ", ")
                for (key, value) in info.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO sweep (key, value) VALUES (?, ?)", arguments: [key, value])
                }
                for i in inputs.indices {
                    try db.execute(
                        sql:
                            "INSERT OR IGNORE INTO runs SELECT * FROM s\(i).runs WHERE status IN ('done', 'failed', 'skipped')"
                    )
                    try db.execute(
                        sql:
                            "INSERT OR IGNORE INTO results SELECT r.* FROM s\(i).results r JOIN s\(i).runs u ON u.id = r.run WHERE u.status = 'done'"
                    )
                }
                for i in inputs.indices {
                    try db.execute(sql: "INSERT OR IGNORE INTO runs SELECT * FROM s\(i).runs")
                    try db.execute(sql: "UPDATE runs SET status = 'pending' WHERE status = 'running'")
                    try db.execute(sql: "INSERT OR IGNORE INTO parameters SELECT * FROM s\(i).parameters")
                    // A shard started by an hnf before the v2 tables has neither.
                    if try db.tableExists("areas", in: "s\(i)") {
                        try db.execute(sql: "INSERT OR IGNORE INTO areas SELECT * FROM s\(i).areas")
                        try db.execute(
                            sql:
                                "INSERT OR IGNORE INTO fallbacks SELECT f.* FROM s\(i).fallbacks f JOIN runs u ON u.id = f.run AND u.status = 'done'"
                        )
                    }
                }
                // Every run of the sweep is here (however the shards were merged in): the whole sweep.
                let held = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
                if let total = Int(info["runs_in_sweep"] ?? ""), held == total {
                    try db.execute(sql: "UPDATE sweep SET value = 'all' WHERE key = 'shard'")
                }
                return .commit
            }
            let runs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
            let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs WHERE status = 'done'") ?? 0
            for i in inputs.indices { try db.execute(sql: "DETACH DATABASE s\(i)") }
            return MergeSummary(
                path: out, shards: inputs.count, runs: runs, done: done,
                runsInSweep: Int(inputs[0].info["runs_in_sweep"] ?? "") ?? runs)
        }
    }
}
