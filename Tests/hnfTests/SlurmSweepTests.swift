import Foundation
import HighNeedsTestSupport
import Testing

/// The sweep as a real Slurm job array: four array tasks, one shard each, then the
/// dependent merge job, against a single-process sweep. Needs a Slurm node on this
/// machine (`Scripts/slurm/setup-local-slurm`, which `.ci/run` runs); skips without one.
@Suite struct SlurmSweepTests {
    static func shell(_ command: String, environment: [String: String] = [:]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = TestSupport.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        guard (try? process.run()) != nil else { return (127, "cannot start bash") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A Slurm node is up and takes jobs.
    static let slurmIsUp: Bool =
        shell("sinfo -h -N -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated|completing)'").status == 0

    @Test(
        .enabled(
            if: slurmIsUp,
            "no Slurm node on this machine: run Scripts/slurm/setup-local-slurm (as .ci/run does) to start one"),
        .timeLimit(.minutes(10)))
    func jobArrayMergedEqualsOneProcess() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-slurm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sweep = directory.appendingPathComponent("sweep.yaml").path
        try Data(
            """
            schema: hnf.sweep.v1
            name: Growth on Slurm
            scenarios: [\(TestSupport.path("Tests/Fixtures/growth.yaml"))]
            parameters:
              settings.mainstream.top_up.B1: {dist: uniform, low: 500, high: 2000}
              flows.new_plans.rate_per_1000.primary: {range: {from: 3, to: 7}}
            design: {type: sobol, samples: 9}
            draws: 50
            seed: 2026
            metrics: [spend, plans]
            years: [2026, 2027]
            """.utf8
        ).write(to: URL(fileURLWithPath: sweep))
        let single = directory.appendingPathComponent("single.db").path
        #expect(try TestSupport.runCLI(["sweep", sweep, "--db", single, "--quiet"]).status == 0)

        let merged = directory.appendingPathComponent("slurm.db").path
        let commands = try TestSupport.runCLI(["sweep", sweep, "--db", merged, "--print-slurm", "--shards", "4"])
        #expect(commands.status == 0, "\(commands.stderr)")
        let submitted = Self.shell(commands.stdout, environment: ["HNF": TestSupport.hnfExecutable.path])
        #expect(submitted.status == 0, "sbatch: \(submitted.output)")
        let mergeJob = try #require(
            submitted.output.split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) })
        #expect(Int(mergeJob) != nil, "the merge job's id: \(submitted.output)")

        let deadline = Date().addingTimeInterval(540)
        while Date() < deadline,
            !Self.shell("squeue -h -j \(mergeJob) 2>/dev/null").output.trimmingCharacters(in: .whitespacesAndNewlines)
                .isEmpty
        {
            Thread.sleep(forTimeInterval: 0.5)
        }
        let logs = Self.shell("cat \(directory.path)/*.log 2>/dev/null").output
        #expect(FileManager.default.fileExists(atPath: merged), "no merged database; job logs:\n\(logs)")
        for i in 1...4 {
            #expect(
                FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent("slurm.shard-\(i)-of-4.db").path))
        }
        let compare =
            "SELECT run, area, year, measure, hex(CAST(mean AS BLOB)), quote(mean), quote(sd), quote(p5), quote(p50), quote(p95) FROM results ORDER BY 1, 2, 3, 4"
        let fromSlurm = Self.shell("sqlite3 -readonly \(merged) \"\(compare)\"").output
        #expect(
            !fromSlurm.isEmpty && fromSlurm == Self.shell("sqlite3 -readonly \(single) \"\(compare)\"").output,
            "job logs:\n\(logs)")
        #expect(
            Self.shell("sqlite3 -readonly \(merged) \"SELECT value FROM sweep WHERE key = 'shard'\"").output == "all\n")
        #expect(
            Self.shell("sqlite3 -readonly \(merged) \"SELECT COUNT(*) FROM runs WHERE status = 'done'\"").output
                == "10\n")
    }
}
