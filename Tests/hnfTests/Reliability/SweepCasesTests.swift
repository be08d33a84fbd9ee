import Foundation
import HighNeedsTestSupport
import Testing

/// Sweeps, merges and sweep reports given what an adversarial pass gave them (issue 26):
/// each ends with its status and a message at once, under a time and a memory limit;
/// never a trap, an unbounded allocation or minutes of planning.
@Suite struct SweepCasesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The sweep file, `K` standing for the Kent baseline, `N` for a scenario without `meta.horizon`.
        var sweep: String?
        /// The command; `S` is the sweep file, `F` a file that is not a sweep database, `A` a finished sweep database.
        var arguments: [String]
        var status: Int32
        var message: String
        var seconds: Double = 60
        var megabytes: Int = 3000
        var testDescription: String { name }
    }

    static func sweep(
        _ body: String, design: String = "{type: grid}", scenario: String = "K", draws: Int = 2,
        years: String = "[2026]", top: String = ""
    ) -> String {
        """
        schema: hnf.sweep.v1
        name: case
        \(top.isEmpty ? "scenarios: [\(scenario)]" : top)
        \(body)
        design: \(design)
        draws: \(draws)
        seed: 1
        metrics: [spend]
        years: \(years)
        """
    }

    static let manyParameters = (0..<300).map {
        "  settings.mainstream.top_up.B\($0): {range: {from: 0, to: 10000, step: 1}}"
    }.joined(separator: "\n")

    static let cases: [Case] = [
        Case(
            name: "a base scenario without meta.horizon", sweep: sweep("", scenario: "N"),
            arguments: ["sweep", "S", "--db", "out.db"], status: 2, message: "meta.horizon: no `horizon`"),
        Case(
            name: "calibrate from after to",
            sweep: sweep("", top: "las: [887]\ncalibrate: {from: 2025, to: 2019}"),
            arguments: ["sweep", "S", "--db", "out.db"], status: 2, message: "calibrate.to: 2019, not after `from`"),
        Case(
            name: "a million draws of Kent", sweep: sweep("", draws: 1_000_000),
            arguments: ["sweep", "S", "--db", "out.db", "--max-memory", "2G"], status: 2,
            message: "expected at most"),
        Case(
            name: "--threads 2^62", sweep: sweep(""),
            arguments: ["sweep", "S", "--db", "out.db", "--threads", "4611686018427387904"], status: 2,
            message: "--threads must be from 1 to 4,096"),
        Case(
            name: "300 parameters × 10,001 points one at a time",
            sweep: sweep("parameters:\n" + manyParameters, design: "{type: one_at_a_time}"),
            arguments: ["sweep", "S", "--db", "out.db"], status: 2, message: "3,000,301 runs", seconds: 20,
            megabytes: 1500),
        Case(
            name: "a grid of a million points × 2 overlay sets",
            sweep: sweep(
                """
                overlay_sets: [[], [O]]
                parameters:
                  settings.mainstream.top_up.B2: {range: {from: 1, to: 1000, step: 1}}
                  funding.element2_threshold: {range: {from: 1, to: 1000, step: 1}}
                """),
            arguments: ["sweep", "S", "--db", "out.db"], status: 2, message: "2,000,002 runs", seconds: 20,
            megabytes: 1500),
        Case(
            name: "a parameter naming a whole section",
            sweep: sweep("parameters:\n  settings: {values: [1, 2]}"),
            arguments: ["sweep", "S", "--db", "out.db"], status: 2, message: "parameters.settings"),
        Case(
            name: "sweep report on a file that is not a sweep database",
            arguments: ["sweep", "report", "F", "--metric", "spend", "--financial-year", "2026"], status: 2,
            message: "not a sweep database"),
        Case(
            name: "sweep merge of one shard given twice", arguments: ["sweep", "merge", "m.db", "A", "A"],
            status: 2, message: "given twice", seconds: 10),
        Case(
            name: "sweep merge into a place that cannot be written",
            arguments: ["sweep", "merge", "/proc/hnf-merged.db", "A"], status: 3, message: "merge failed"),
    ]

    @Test(arguments: cases)
    func endsAtOnceWithItsStatus(_ testCase: Case) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        if let sweep = testCase.sweep {
            let text = sweep.replacingOccurrences(of: "[K]", with: "[\"\(TestSupport.path(Self.kent))\"]")
                .replacingOccurrences(of: "[N]", with: "[\"\(folder.appendingPathComponent("N.yaml").path)\"]")
                .replacingOccurrences(
                    of: "[O]",
                    with: "[\"\(TestSupport.path("Scenarios/kent/reforms/communities-of-schools.yaml"))\"]")
            try Data(text.utf8).write(to: folder.appendingPathComponent("S.yaml"))
        }
        let arguments = testCase.arguments.map {
            switch $0 {
            case "S": return folder.appendingPathComponent("S.yaml").path
            case "F": return folder.appendingPathComponent("F.db").path
            case "A": return folder.appendingPathComponent("A.db").path
            case "out.db", "m.db": return folder.appendingPathComponent($0).path
            default: return $0
            }
        }
        let run = try BoundedRun.hnf(arguments, seconds: testCase.seconds, megabytes: testCase.megabytes)
        #expect(run.endedCleanly, "crashed or hung: \(run.stderr.prefix(400))")
        #expect(run.status == testCase.status, "status \(run.status): \(run.stderr.prefix(600))")
        #expect(run.stderr.contains(testCase.message), "\(run.stderr.prefix(600))")
        #expect(!run.stderr.contains("Fatal error") && run.stderr.split(separator: "\n").count < 12)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.db").path))
    }

    /// Two sweeps started at once on the same new database: the second waits for the first
    /// (then finds every run done); both end 0 and the database holds each run once.
    @Test func twoSweepsOnOneNewDatabaseTakeTurns() throws {
        for attempt in 1...4 {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let db = folder.appendingPathComponent("c.db").path
            let arguments = ["sweep", folder.appendingPathComponent("small.yaml").path, "--db", db, "--quiet"]
            let results = LockedResults()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                results.append(Result { try BoundedRun.hnf(arguments, seconds: 120) })
            }
            for result in results.all {
                let run = try result.get()
                #expect(run.endedCleanly && run.status == 0, "attempt \(attempt): \(run.status) \(run.stderr)")
            }
            #expect(try SweepCommandTests.sqlite(db, "SELECT status, COUNT(*) FROM runs GROUP BY status") == "done|3\n")
            #expect(try SweepCommandTests.sqlite(db, "SELECT COUNT(*) FROM results") == "3\n")
        }
    }

    /// An output name of up to 255 bytes, the most a file name may have, is written (the
    /// temporary name beside it was 42 bytes longer, and failed after the whole run).
    @Test(arguments: [214, 255])
    func aLongOutputNameIsWritten(bytes: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = String(repeating: "a", count: bytes - 5) + ".json"
        let run = try BoundedRun.hnf(
            ["run", TestSupport.path("Tests/Fixtures/zero-variance.yaml"), "--draws", "2", "--out", name],
            in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).contains(name))
    }

    static let kent = "Scenarios/kent/baseline.yaml"

    /// A folder with a scenario without `meta.horizon`, a file that is not a sweep database,
    /// a small sweep and its finished database.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hnf-sweep-cases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let small = TestSupport.path("Tests/Fixtures/zero-variance.yaml")
        let text = try String(contentsOfFile: small, encoding: .utf8)
        try Data(text.replacingOccurrences(of: " horizon: 3,", with: "").utf8).write(
            to: folder.appendingPathComponent("N.yaml"))
        try Data("not a database\n".utf8).write(to: folder.appendingPathComponent("F.db"))
        try Data(
            sweep("parameters:\n  budget.high_needs_block.amount: {values: [1000000, 2000000]}", scenario: "K")
                .replacingOccurrences(of: "[K]", with: "[\"\(small)\"]").utf8
        ).write(to: folder.appendingPathComponent("small.yaml"))
        let finished = try BoundedRun.hnf([
            "sweep", folder.appendingPathComponent("small.yaml").path, "--db",
            folder.appendingPathComponent("A.db").path, "--quiet",
        ])
        #expect(finished.status == 0, "\(finished.stderr)")
        return folder
    }
}

final class LockedResults: @unchecked Sendable {
    private var results: [Result<BoundedRun, any Error>] = []
    private let lock = NSLock()
    func append(_ result: Result<BoundedRun, any Error>) { lock.lock(); results.append(result); lock.unlock() }
    var all: [Result<BoundedRun, any Error>] { lock.lock(); defer { lock.unlock() }; return results }
}
