import Foundation
import HighNeedsTestSupport
import Testing

/// `--out /dev/stdout` (and `/dev/fd/N`) write to what the shell redirected, as it stands:
/// appended to a file, never renamed over it; into a pipe, never refused.
@Suite struct HeldDescriptorTests {
    static let small = TestSupport.path("Tests/Fixtures/zero-variance.yaml")

    static func shell(_ script: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = ["HNF": TestSupport.hnfExecutable.path, "S": small, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func anAppendedFileKeepsWhatItHad() throws {
        let file = TestSupport.temporaryFile("log.txt", "previous\n")
        let run = try Self.shell("\"$HNF\" describe \"$S\" --out /dev/stdout >> '\(file)'")
        #expect(run.status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("previous\n") && text.contains("Zero variance: starting position"), "\(text)")
    }

    @Test func aPipeIsWrittenNotRefused() throws {
        let run = try Self.shell("\"$HNF\" describe \"$S\" --out /dev/stdout | head -1")
        #expect(run.output == "Zero variance: starting position, January 2025\n", "\(run.output)")
        let descriptor = try Self.shell("\"$HNF\" describe \"$S\" --out /dev/fd/3 3>&1 1>/dev/null | head -1")
        #expect(descriptor.output == "Zero variance: starting position, January 2025\n", "\(descriptor.output)")
    }
}
