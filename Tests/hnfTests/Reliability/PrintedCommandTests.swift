import Foundation
import HighNeedsTestSupport
import Testing

/// What hnf prints for a shell to run (`sweep --print-slurm`, the array task script, each
/// run's stored command) runs exactly the names the user gave, whatever they hold: quotes,
/// `$(…)`, backquotes, spaces, semicolons, newlines, a leading `-`, Slurm's `%` patterns.
/// The printed Slurm lines are run by bash with a stand-in `sbatch` that records its
/// arguments and runs `--wrap` with `sh -c`, as Slurm does, and a stand-in hnf that records
/// its own; nothing else may run.
@Suite struct PrintedCommandTests {
    static let hostile = [
        "r$(touch INJECTED).db",
        "q'uo\"te`touch INJECTED`.db",
        "-rf.db",
        "sp ace;touch INJECTED;.db",
        "new\ntouch INJECTED\n.db",
        "%j%a$HOME.db",
        "back\\slash\\'.db",
    ]

    @Test(arguments: hostile)
    func printedSlurmRunsTheNamesGivenAndNothingElse(name: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The sweep file under a hostile name too.
        let sweep = "s " + name.replacingOccurrences(of: ".db", with: ".yaml")
        let kent = TestSupport.path("Scenarios/kent/baseline.yaml")
        try Data(
            """
            schema: hnf.sweep.v1
            name: One lever
            scenarios: ["\(kent)"]
            parameters:
              settings.mainstream.top_up.B2: {values: [5060, 7060]}
            design: {type: one_at_a_time}
            draws: 10
            seed: 1
            metrics: [spend]
            years: [2026]
            """.utf8
        ).write(to: folder.appendingPathComponent(sweep))
        let printed = try TestSupport.runCLI(
            ["sweep", "--db=\(name)", "--print-slurm", "--shards", "2", "--", sweep], in: folder)
        #expect(printed.status == 0, "\(printed.stderr)")
        let script = TestSupport.path("Scripts/slurm/sweep.sbatch")
        let text = printed.stdout.replacingOccurrences(
            of: " -- Scripts/slurm/sweep.sbatch ", with: " -- \(SweepQuoting.quote(script)) ")
        let ran = try Self.bash(text, in: folder)
        #expect(ran.status == 0, "\(ran.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("INJECTED").path), "\(text)")
        let calls = try Self.calls(folder, "sbatch")
        #expect(calls.count == 2, "\(calls)")
        let stem = String(name.dropLast(3)).replacingOccurrences(of: "%", with: "%%")
        #expect(calls.first?.suffix(4) == ["--", script, sweep, name], "\(calls)")
        #expect(calls.first?.contains("--output=\(stem).shard-%a.log") == true, "\(calls)")
        #expect(calls.last?.contains("--output=\(stem).merge.log") == true, "\(calls)")
        let shards = (1...2).map { String(name.dropLast(3)) + ".shard-\($0)-of-2.db" }
        #expect(try Self.calls(folder, "hnf") == [["sweep", "merge", "--", name] + shards])
        // The array task the first line submits, as Slurm runs it (task 1 of 2).
        try FileManager.default.removeItem(at: folder.appendingPathComponent("hnf.calls"))
        let task = try Self.bash(
            "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 bash \(SweepQuoting.quote(script)) \(SweepQuoting.quote(sweep)) \(SweepQuoting.quote(name))",
            in: folder)
        #expect(task.status == 0, "\(task.output)")
        #expect(
            try Self.calls(folder, "hnf") == [
                ["sweep", "run", "--db", shards[0], "--shard", "1/2", "--threads", "1", "--", sweep]
            ])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("INJECTED").path))
    }

    /// Each run's stored command names the scenario the run read, whatever its name.
    @Test func storedCommandsRunTheScenarioGiven() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = "-k $(touch INJECTED) 'q'.yaml"
        try FileManager.default.copyItem(
            atPath: TestSupport.path("Tests/Fixtures/zero-variance.yaml"),
            toPath: folder.appendingPathComponent(scenario).path)
        try Data(
            """
            schema: hnf.sweep.v1
            name: Hostile scenario name
            scenarios: ["\(scenario)"]
            parameters:
              budget.high_needs_block.amount: {values: [1000000]}
            design: {type: grid}
            draws: 2
            seed: 1
            metrics: [spend]
            years: [2026]
            """.utf8
        ).write(to: folder.appendingPathComponent("s.yaml"))
        let swept = try TestSupport.runCLI(["sweep", "s.yaml", "--db", "s.db", "--quiet"], in: folder)
        #expect(swept.status == 0, "\(swept.stderr)")
        let commands = try Self.bash("sqlite3 s.db 'SELECT command FROM runs ORDER BY id'", in: folder).output
        for command in commands.split(separator: "\n") {
            #expect(try Self.bash(String(command), in: folder).status == 0)
        }
        let calls = try Self.calls(folder, "hnf")
        #expect(calls.count == 2 && calls.allSatisfy { $0.prefix(2) == ["run", "./" + scenario] }, "\(calls)")
        #expect(calls.last?.contains("budget.high_needs_block.amount=1000000.0") == true, "\(calls)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("INJECTED").path))
    }

    // MARK: Stand-ins

    /// A folder with stand-ins for sbatch and hnf that append their arguments (NUL-separated,
    /// one call a line of `\u{1}`) to `sbatch.calls` and `hnf.calls`.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-printed-\(UUID().uuidString)")
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let record = """
            for a in "$@"; do printf '%s\\0' "$a"; done >> "$CALLS"; printf '\\1' >> "$CALLS"
            """
        try Self.executable(
            bin.appendingPathComponent("sbatch"),
            """
            #!/usr/bin/env bash
            CALLS="$PWD/sbatch.calls"
            \(record)
            wrap=""
            while [ $# -gt 0 ]; do case "$1" in --wrap) wrap=$2; shift 2;; *) shift;; esac; done
            echo 4242
            if [ -n "$wrap" ]; then sh -c "$wrap"; fi
            """)
        try Self.executable(
            bin.appendingPathComponent("hnf"),
            """
            #!/usr/bin/env bash
            CALLS="$PWD/hnf.calls"
            \(record)
            """)
        return folder
    }

    static func executable(_ url: URL, _ text: String) throws {
        try Data((text + "\n").utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    /// Runs `text` with bash in `folder`, the stand-ins first on PATH and HNF naming the hnf one.
    static func bash(_ text: String, in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", text]
        process.currentDirectoryURL = folder
        let bin = folder.appendingPathComponent("bin").path
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["HNF"] = bin + "/hnf"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Each recorded call's arguments.
    static func calls(_ folder: URL, _ tool: String) throws -> [[String]] {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(tool).calls"))
        return data.split(separator: 1, omittingEmptySubsequences: true).map { call in
            call.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
                String(decoding: $0, as: UTF8.self)
            }
        }
    }
}

/// POSIX shell quoting for the test's own command lines (single quotes, `'\''` inside).
enum SweepQuoting {
    static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
