import Foundation
import HighNeedsTestSupport
import Testing

/// Standard output that cannot take the result (a full disk, a descriptor the parent
/// closed or opened read-only, a reader that went away) ends every command that prints
/// with one line and exit 3, or quietly with 141 for a closed pipe: never a crash
/// (Foundation's FileHandle traps on a failed write) and never exit 0 having written nothing.
@Suite struct StandardOutputTests {
    /// Where the command's standard output goes.
    enum Sink: String, CaseIterable, Sendable {
        case full = "/dev/full"
        case closed = "closed"
        case readOnly = "read-only"
        case closedPipe = "closed pipe"
    }

    /// Commands that print their result, one of each kind of writer.
    static let commands: [[String]] = [
        ["ratios", "--la", "886"],
        ["validate", "Scenarios/kent/baseline.yaml"],
        ["run", "Tests/Fixtures/zero-variance.yaml", "--draws", "2"],
        ["run", "Tests/Fixtures/zero-variance.yaml", "--draws", "2", "--format", "json", "--out", "-"],
        ["describe", "Scenarios/kent/baseline.yaml"],
        ["calibrate", "--la", "887", "--from", "2019", "--to", "2025"],
        ["sweep", "Scenarios/sweeps/kent-levers.yaml", "--db", "/tmp/never-written.db", "--print-slurm"],
        ["--help"],
        ["run", "--help"],
        ["--version"],
    ]

    static var cases: [(Int, Sink)] { commands.indices.flatMap { i in Sink.allCases.map { (i, $0) } } }

    @Test(arguments: cases)
    func aStandardOutputThatCannotBeWrittenEndsCleanly(_ index: Int, _ sink: Sink) throws {
        let arguments = Self.commands[index]
        let result = try Self.run(arguments, stdout: sink)
        #expect(!result.crashed && !result.timedOut, "\(arguments) \(sink): \(result.stderr.prefix(400))")
        if sink == .closedPipe {
            #expect(result.status == 141 && result.stderr.isEmpty, "\(arguments): \(result.status) \(result.stderr)")
        } else {
            #expect(result.status == 3, "\(arguments) \(sink): \(result.status) \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("standard output: cannot write"), "\(result.stderr)")
        }
    }

    /// A standard error that cannot be written changes nothing else: the result is written
    /// and bad input is still exit 2.
    @Test func aStandardErrorThatCannotBeWrittenChangesNoStatus() throws {
        let good = try Self.run(["ratios", "--la", "886"], stderr: "/dev/full")
        #expect(good.status == 0 && good.stdout.contains("Kent"))
        let bad = try Self.run(["ratios", "--la", "nowhere"], stderr: "/dev/full")
        #expect(bad.status == 2 && !bad.crashed)
    }

    /// Runs the built hnf in the checkout with its standard output sent to `stdout`
    /// (captured when nil) and standard error captured unless sent to `stderr`.
    static func run(_ arguments: [String], stdout: Sink? = nil, stderr: String? = nil) throws -> BoundedRun {
        var redirect: [String] = []
        switch stdout {
        case .full?: redirect.append(">/dev/full")
        case .closed?: redirect.append(">&-")
        case .readOnly?: redirect.append("1</dev/null")
        case .closedPipe?, nil: break
        }
        if let stderr { redirect.append("2>\(stderr)") }
        return try BoundedRun.hnf(
            arguments, seconds: 120, redirect: redirect.isEmpty ? nil : redirect.joined(separator: " "),
            readerGone: stdout == .closedPipe)
    }
}
