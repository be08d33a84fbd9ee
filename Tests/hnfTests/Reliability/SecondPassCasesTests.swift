import Foundation
import HighNeedsTestSupport
import Testing

/// What a second adversarial pass (issue 26) found on surfaces the first did not touch,
/// each as the command a user types, in a fresh folder, under a time limit.
@Suite struct SecondPassCasesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// `K` is the Kent baseline, `T` the transition-funding what-if; names are in the folder.
        var arguments: [String]
        var status: Int32
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "compare witan-send runs Kent as hnf run does",
            arguments: ["compare", "witan-send", "K", "--published", "nowhere", "--draws", "10"], status: 2,
            message: "nowhere"),
        Case(
            name: "solve --overlay when no value reaches the target",
            arguments: [
                "solve", "K", "T", "--vary", "funding.responses.stay_in_mainstream.effect", "--low", "0", "--high", "1",
                "--metric", "mainstream_share", "--year", "2028", "--target", "england", "--draws", "20", "--overlay",
                "ov.yaml",
            ], status: 1, message: "--overlay ov.yaml: not written: no value of"),
        Case(
            name: "report --compare with an empty part",
            arguments: ["report", "K", "--compare", "T,,T", "--out", "r.html"],
            status: 2, message: "transition-funding.yaml\": expected overlay files"),
        Case(
            name: "report --compare \"\"", arguments: ["report", "K", "--compare", "", "--out", "r.html"], status: 2,
            message: "--compare \"\""),
        Case(
            name: "fit-formula --min-r2 nan",
            arguments: ["fit-formula", "K", "--allocation", "A.csv", "--factors", "population", "--min-r2", "nan"],
            status: 2, message: "--min-r2 must be a number at most 1"),
        Case(
            name: "calibrate --money --to past the data",
            arguments: ["calibrate", "--la", "Kent", "--money", "--to", "2030"],
            status: 2, message: "--to 2030: the money's base year must be a January of the SEN2 tables"),
        Case(
            name: "calibrate --money --from", arguments: ["calibrate", "--la", "Kent", "--money", "--from", "2024"],
            status: 2, message: "--from does not apply to --money"),
        Case(
            name: "a sweep database that is a FIFO",
            arguments: ["sweep", "report", "fifo", "--metric", "spend", "--financial-year", "2026"],
            status: 2, message: "not a regular file"),
        Case(
            name: "a FIFO merged as a shard", arguments: ["sweep", "merge", "m.db", "fifo"], status: 2,
            message: "not a sweep database"),
        Case(
            name: "a damaged sweep database",
            arguments: ["sweep", "report", "damaged.db", "--metric", "spend", "--financial-year", "2026"],
            status: 2, message: "damaged"),
        Case(
            name: "a 130 KB --set key is not echoed whole",
            arguments: ["run", "K", "--draws", "2", "--set", String(repeating: "a", count: 130_000) + "=1"], status: 2,
            message: "bytes in all)"),
        Case(
            name: "an --out name that is not UTF-8",
            arguments: ["run", "K", "--draws", "2", "--out", "keep\u{FFFD}.txt"],
            status: 2, message: "not valid UTF-8"),
    ]

    @Test(arguments: cases)
    func endsWithItsStatus(_ testCase: Case) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = testCase.arguments.map {
            switch $0 {
            case "K": return TestSupport.path("Scenarios/kent/baseline.yaml")
            case "T": return TestSupport.path("Scenarios/kent/reforms/transition-funding.yaml")
            case "T,,T":
                let t = TestSupport.path("Scenarios/kent/reforms/transition-funding.yaml")
                return "\(t),,\(t)"
            default: return $0
            }
        }
        if testCase.name.contains("not UTF-8") {
            // Through the shell: the byte \xfe cannot be in a Swift string.
            let precious = folder.appendingPathComponent("keep\u{FFFD}.txt")
            try Data("precious\n".utf8).write(to: precious)
            let run = try Self.shell(
                "exec \"$HNF\" run \"$KENT\" --draws 2 --out $'keep\\xfe.txt'", in: folder)
            #expect(run.status == 2 && run.stderr.contains(testCase.message), "\(run.status) \(run.stderr)")
            #expect(try String(contentsOf: precious, encoding: .utf8) == "precious\n", "a file was overwritten")
            return
        }
        let run = try BoundedRun.hnf(arguments, seconds: 120, in: folder)
        #expect(run.endedCleanly, "crashed or hung: \(run.stderr.prefix(400))")
        #expect(run.status == testCase.status, "status \(run.status): \(run.stderr.prefix(600))")
        #expect(run.stderr.contains(testCase.message), "\(run.stderr.prefix(600))")
        #expect(run.stderr.utf8.count < 4_000, "\(run.stderr.utf8.count) bytes on standard error")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ov.yaml").path))
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-second-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(mkfifo(folder.appendingPathComponent("fifo").path, 0o644) == 0)
        try Data("locality,amount\nashford,1\n".utf8).write(to: folder.appendingPathComponent("A.csv"))
        // A sweep database with its pages overwritten from 8 KB on.
        let db = folder.appendingPathComponent("damaged.db").path
        let made = try BoundedRun.hnf(
            ["sweep", TestSupport.path("Scenarios/sweeps/kent-levers.yaml"), "--db", db, "--shard", "1/17", "--quiet"],
            seconds: 120)
        #expect(made.status == 0, "\(made.stderr)")
        let handle = try #require(FileHandle(forWritingAtPath: db))
        try handle.seek(toOffset: 8192)
        try handle.write(contentsOf: Data(repeating: 0x5a, count: 16_384))
        try handle.close()
        return folder
    }

    static func shell(_ script: String, in folder: URL) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["HNF"] = TestSupport.hnfExecutable.path
        environment["KENT"] = TestSupport.path("Scenarios/kent/baseline.yaml")
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
