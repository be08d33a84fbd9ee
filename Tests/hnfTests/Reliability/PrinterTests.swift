import Foundation
import HighNeedsTestSupport
import Testing

/// `report --pdf` with a printer that never finishes: stopped at a deadline, or with hnf
/// when hnf is interrupted; either way it does not outlive hnf and its profile folder is
/// gone. The printer here is a stand-in `chromium` (first on PATH) that records its pid,
/// writes into its profile folder and sleeps.
@Suite(.serialized) struct PrinterTests {
    @Test func aPrinterThatNeverFinishesIsStoppedAtTheDeadline() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try BoundedRun.hnf(
            Self.arguments(folder), seconds: 60, environment: Self.environment(folder, timeout: "2"), in: folder)
        #expect(run.endedCleanly && run.status == 3, "\(run.status) \(run.stderr)")
        #expect(run.stderr.contains("did not finish printing within 2 s"), "\(run.stderr)")
        try Self.expectNothingLeft(folder)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func anInterruptStopsThePrinterAndRemovesItsProfile(signal: Int32) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = TestSupport.hnfExecutable
        process.arguments = Self.arguments(folder)
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment(folder, timeout: "600")) {
            $1
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pidFile = folder.appendingPathComponent("printer.pid").path
        let started = Date()
        while !FileManager.default.fileExists(atPath: pidFile), Date().timeIntervalSince(started) < 60 {
            usleep(50_000)
        }
        usleep(200_000)  // the stand-in has written into its profile
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + signal)
        try Self.expectNothingLeft(folder)
    }

    static func arguments(_ folder: URL) -> [String] {
        [
            "report", TestSupport.path("Tests/Fixtures/zero-variance.yaml"), "--draws", "2",
            "--out", folder.appendingPathComponent("r.html").path, "--pdf", folder.appendingPathComponent("r.pdf").path,
        ]
    }

    static func environment(_ folder: URL, timeout: String) -> [String: String] {
        [
            "PATH": folder.appendingPathComponent("bin").path + ":"
                + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "TMPDIR": folder.appendingPathComponent("tmp").path,
            "HNF_PRINT_TIMEOUT": timeout,
            "PRINTER_PID": folder.appendingPathComponent("printer.pid").path,
        ]
    }

    /// The printer is not running, hnf's temporary folder is empty, no PDF was written.
    static func expectNothingLeft(_ folder: URL) throws {
        let pid = try #require(
            Int32(
                try String(contentsOf: folder.appendingPathComponent("printer.pid"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the printer (pid \(pid)) is still running")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("tmp").path)
        #expect(left.isEmpty, "left in the temporary folder: \(left)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.pdf").path))
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-printer-\(UUID().uuidString)")
        for sub in ["bin", "tmp"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let printer = folder.appendingPathComponent("bin/chromium")
        try Data(
            """
            #!/bin/sh
            for a; do case $a in --user-data-dir=*) d=${a#--user-data-dir=}; mkdir -p "$d"; touch "$d/Local State";; esac; done
            echo $$ > "$PRINTER_PID"
            exec sleep 1000
            """.utf8
        ).write(to: printer)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: printer.path)
        return folder
    }
}
