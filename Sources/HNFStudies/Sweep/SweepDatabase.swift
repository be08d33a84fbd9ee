import Foundation
import GRDB
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// A sweep's results in SQLite (through GRDB): what was asked (`sweep`), each run
/// (`runs`, `parameters`) and each figure kept (`results`), with views for the usual
/// questions. The schema is documented in Docs/analysts.md ("Sweep database").
///
/// Each run's figures and its `done` status are written in one transaction, so a sweep
/// killed at any moment leaves finished runs whole and the run in flight not started; a
/// re-run skips the finished ones.
public final class SweepDatabase {
    public static let schema = "hnf.sweep-db.v1"
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating when missing) the database at `path`; with `readOnly`, an existing
    /// sweep database only (anything else is `NotASweep`, and is left untouched).
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.readonly = readOnly
        // A FIFO or a device is never a database (SQLite blocked on a FIFO with no writer).
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw NotASweep(path: path, found: "not a regular file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > 0 || readOnly {  // an empty file (sqlite3 makes one on a first look) is a new database
            // Checked read-only first: a file that is not a sweep database is never written.
            func isSweep(readOnly: Bool) -> Bool {
                var checking = configuration
                checking.readonly = readOnly
                return
                    (try? DatabaseQueue(path: path, configuration: checking).read {
                        try $0.tableExists("sweep") && $0.tableExists("results")
                    }) ?? false
            }
            // A sweep killed in the middle of a run's transaction leaves a rollback journal,
            // which only a read-write connection rolls back (restoring the last committed run).
            let hotJournal = FileManager.default.fileExists(atPath: path + "-journal")
            guard isSweep(readOnly: true) || (hotJournal && isSweep(readOnly: false)) else {
                throw NotASweep(path: path)
            }
        } else if readOnly {
            throw NotASweep(path: path)
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        if !readOnly { try Self.migrator.migrate(queue) }
    }

    public struct NotASweep: InputProblem {
        public var path: String
        public var found = "no `sweep` and `results` tables"
        public var description: String { "\(path): not a sweep database (\(found)); it was left as it was" }
    }

    /// The message for an error SQLite gives about a damaged file (malformed, or not a
    /// database), which is bad input, not a bug; nil for any other error.
    public static func damage(_ error: any Error, path: String) -> NotASweep? {
        guard let database = error as? DatabaseError,
            database.resultCode == .SQLITE_CORRUPT || database.resultCode == .SQLITE_NOTADB
        else { return nil }
        return NotASweep(
            path: path, found: "a damaged file: SQLite says \(database.message ?? "\(database.resultCode)")")
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sweep (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY,
                        base_run INTEGER NOT NULL,
                        scenario TEXT NOT NULL,
                        overlays TEXT NOT NULL,
                        parameters TEXT NOT NULL,
                        varied TEXT,
                        seed INTEGER NOT NULL,
                        draws INTEGER NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'skipped')),
                        seconds REAL,
                        error TEXT,
                        command TEXT NOT NULL,
                        identity TEXT NOT NULL UNIQUE
                    );
                    CREATE TABLE parameters (
                        run INTEGER NOT NULL REFERENCES runs(id),
                        key_path TEXT NOT NULL,
                        value REAL NOT NULL,
                        PRIMARY KEY (run, key_path)
                    ) WITHOUT ROWID;
                    CREATE TABLE results (
                        run INTEGER NOT NULL REFERENCES runs(id),
                        area TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        measure TEXT NOT NULL,
                        mean REAL, sd REAL, p5 REAL, p10 REAL, p50 REAL, p90 REAL, p95 REAL,
                        PRIMARY KEY (run, area, year, measure)
                    ) WITHOUT ROWID;
                    CREATE INDEX results_by_measure ON results (measure, year, area);
                    CREATE INDEX runs_by_status ON runs (status);
                    CREATE INDEX runs_by_scenario ON runs (scenario, base_run);
                    CREATE INDEX parameters_by_key ON parameters (key_path, value);
                    CREATE VIEW changes AS
                        SELECT r.run, u.base_run, u.scenario, u.varied, r.area, r.year, r.measure,
                               r.mean, b.mean AS base_mean, r.mean - b.mean AS change_mean,
                               r.p50, b.p50 AS base_p50, r.p50 - b.p50 AS change_p50
                        FROM results r
                        JOIN runs u ON u.id = r.run
                        JOIN results b ON b.run = u.base_run AND b.area = r.area AND b.year = r.year AND b.measure = r.measure;
                    CREATE VIEW run_results AS
                        SELECT u.id AS run, u.scenario, u.overlays, u.parameters, u.varied, u.seed, u.draws,
                               r.area, r.year, r.measure, r.mean, r.sd, r.p5, r.p10, r.p50, r.p90, r.p95
                        FROM results r JOIN runs u ON u.id = r.run;
                    CREATE VIEW progress AS
                        SELECT status, COUNT(*) AS runs, SUM(seconds) AS seconds FROM runs GROUP BY status;
                    """)
        }
        // Names beside codes, and the stand-ins each run's money used (issue 19): a
        // database started by an earlier hnf gains them when it is next opened to write.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE areas (
                        code TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        level TEXT NOT NULL,
                        region TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE fallbacks (
                        run INTEGER NOT NULL REFERENCES runs(id),
                        seq INTEGER NOT NULL,
                        fallback TEXT NOT NULL,
                        PRIMARY KEY (run, seq)
                    ) WITHOUT ROWID;
                    DROP VIEW run_results;
                    CREATE VIEW run_results AS
                        SELECT u.id AS run, u.scenario, u.overlays, u.parameters, u.varied, u.seed, u.draws,
                               r.area, r.year, r.measure, r.mean, r.sd, r.p5, r.p10, r.p50, r.p90, r.p95,
                               a.name AS area_name
                        FROM results r JOIN runs u ON u.id = r.run LEFT JOIN areas a ON a.code = r.area;
                    """)
        }
        return migrator
    }

    // MARK: The sweep a database belongs to

    /// The `sweep` table: spec hash, file, text, shard.
    public func info() throws -> [String: String] {
        try queue.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM sweep").map {
                    ($0["key"] as String, $0["value"] as String)
                })
        }
    }

    /// Claims an empty database for `spec` and `shard`, or checks that it already belongs
    /// to them; throws `SweepDatabase.Mismatch` otherwise. Then records any run not yet in it.
    /// `areas` (England, its regions and its LAs, from the national data) fill the `areas`
    /// table, so results can be read by name.
    public func prepare(_ plan: SweepPlan, shard: (index: Int, count: Int)?, areas: [Area] = []) throws {
        let shardText = shard.map { "\($0.index)/\($0.count)" } ?? "all"
        let info = try self.info()
        if let hash = info["spec_sha256"] {
            guard hash == plan.spec.hash else {
                throw Mismatch.otherSpec(
                    path: path, file: info["spec_file"] ?? "?", hash: hash, expected: plan.spec.hash)
            }
            // A merge of some shards is resumed as the whole sweep: its missing runs are added.
            let resumesMerge = shard == nil && (info["shard"] ?? "").hasPrefix("merged ")
            guard info["shard"] == shardText || resumesMerge else {
                throw Mismatch.otherShard(path: path, found: info["shard"] ?? "?", expected: shardText)
            }
        }
        try queue.write { db in
            if (info["shard"] ?? "").hasPrefix("merged "), shard == nil {
                try db.execute(sql: "UPDATE sweep SET value = 'all' WHERE key = 'shard'")
            }
            if info.isEmpty {
                let entries = [
                    "schema": Self.schema, "spec_sha256": plan.spec.hash, "spec_file": plan.spec.file,
                    "spec": plan.spec.text,
                    "name": plan.spec.name, "design": plan.spec.design.rawValue, "shard": shardText,
                    "runs_in_sweep": "\(plan.runs.count)",
                    "tool_version": HighNeedsVersion.current,
                ]
                for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO sweep (key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
            for run in plan.runs(shard: shard) { try Self.insert(run, db) }
            for area in areas {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO areas (code, name, level, region) VALUES (?, ?, ?, ?)",
                    arguments: [area.code, area.name, area.level.rawValue, area.regionCode])
            }
        }
    }

    static func insert(_ run: SweepRun, _ db: Database) throws {
        let overlays = compactJSON(run.overlays.map(\.path))
        let parameters = compactJSON(Dictionary(uniqueKeysWithValues: run.assignments.map { ($0.keyPath, $0.value) }))
        try db.execute(
            sql: """
                INSERT INTO runs (id, base_run, scenario, overlays, parameters, varied, seed, draws, status, command, identity)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (id) DO NOTHING
                """,
            arguments: [
                run.id, run.baseRun, run.scenario, overlays, parameters, run.varied, Int64(run.seed), run.draws,
                run.command, run.identity,
            ])
        for a in run.assignments {
            try db.execute(
                sql: "INSERT OR IGNORE INTO parameters (run, key_path, value) VALUES (?, ?, ?)",
                arguments: [run.id, a.keyPath, a.value])
        }
    }

    /// One-line JSON with sorted keys, for a column (SQLite's json_extract and DuckDB read it).
    static func compactJSON(_ object: Any) -> String {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The ids of runs that have ended (done, failed or skipped): a re-run leaves them be.
    public func finishedRuns() throws -> Set<Int> {
        try queue.read { db in Set(try Int.fetchAll(db, sql: "SELECT id FROM runs WHERE status IN ('done', 'skipped')"))
        }
    }

    /// Marks a run as started (for anyone watching `progress`); a run left `running` by a
    /// killed sweep is run again.
    public func markRunning(_ id: Int) throws {
        try queue.write { db in try db.execute(sql: "UPDATE runs SET status = 'running' WHERE id = ?", arguments: [id])
        }
    }

    /// Writes a run's outcome and its figures in one transaction.
    public func record(_ id: Int, _ outcome: SweepOutcome, seconds: Double) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM results WHERE run = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM fallbacks WHERE run = ?", arguments: [id])
            switch outcome {
            case .done(let results, let fallbacks):
                for (seq, fallback) in fallbacks.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO fallbacks (run, seq, fallback) VALUES (?, ?, ?)",
                        arguments: [id, seq + 1, fallback])
                }
                for r in results {
                    let s = r.stats
                    try db.execute(
                        sql:
                            "INSERT INTO results (run, area, year, measure, mean, sd, p5, p10, p50, p90, p95) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        arguments: [id, r.area, r.year, r.measure, s.mean, s.sd, s.p5, s.p10, s.p50, s.p90, s.p95])
                }
                try db.execute(
                    sql: "UPDATE runs SET status = 'done', seconds = ?, error = NULL WHERE id = ?",
                    arguments: [seconds, id])
            case .failed(let message), .skipped(let message):
                let status = if case .failed = outcome { "failed" } else { "skipped" }
                try db.execute(
                    sql: "UPDATE runs SET status = ?, seconds = ?, error = ? WHERE id = ?",
                    arguments: [status, seconds, message, id])
            }
        }
    }

    /// Runs by status.
    public func counts() throws -> [String: Int] {
        try queue.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT status, COUNT(*) AS n FROM runs GROUP BY status"
                ).map { ($0["status"] as String, $0["n"] as Int) })
        }
    }

    public enum Mismatch: InputProblem {
        case otherSpec(path: String, file: String, hash: String, expected: String)
        case otherShard(path: String, found: String, expected: String)

        public var description: String {
            switch self {
            case .otherSpec(let path, let file, let hash, let expected):
                return
                    "\(path): started by a different sweep (\(file), spec sha256 \(hash.prefix(12))…); this sweep file and its scenarios hash to \(expected.prefix(12))…. "
                    + "A sweep file or scenario changed since the database was started: use a new --db, or restore the files it was started with. Nothing was run."
            case .otherShard(let path, let found, let expected):
                return
                    "\(path): holds shard \(found) of this sweep, not \(expected). Use the same --shard, or another --db. Nothing was run."
            }
        }
    }
}
