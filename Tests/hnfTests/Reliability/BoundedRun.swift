import Foundation
import HighNeedsTestSupport

/// Runs the built `hnf` under a time limit, so that a hang fails its test instead of the
/// whole suite: the process is killed (SIGKILL) at the limit and `timedOut` is set.
struct BoundedRun {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
    /// Killed by a signal (a crash such as SIGILL or SIGSEGV) rather than exiting.
    var crashed: Bool

    /// Whether the run ended as hnf promises: an exit status, never a crash or a hang.
    var endedCleanly: Bool { !timedOut && !crashed }

    /// `megabytes`: a limit on the process's address space (`ulimit -v`), so that a run
    /// that allocates without bound fails its test instead of the machine. `redirect`:
    /// redirections the shell applies, as a user's would (`>/dev/full`, `>&-`). `readerGone`:
    /// standard output is a pipe whose reader closed before hnf started.
    static func hnf(
        _ arguments: [String], seconds: Double = 60, environment: [String: String] = [:],
        interruptAfter: Double? = nil, megabytes: Int? = nil, in directory: URL? = nil, executable other: URL? = nil,
        redirect: String? = nil, readerGone: Bool = false
    ) throws -> BoundedRun {
        let process = Process()
        // HNF_EXECUTABLE runs the cases against another build (e.g. an older commit's).
        let executable =
            other ?? ProcessInfo.processInfo.environment["HNF_EXECUTABLE"].map(URL.init(fileURLWithPath:))
            ?? TestSupport.hnfExecutable
        if megabytes != nil || redirect != nil {
            // `exec` keeps hnf's own status and signal (a crash is a signal, not a status).
            let limit = megabytes.map { "ulimit -v \($0 * 1024) && " } ?? ""
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "\(limit)exec \"$0\" \"$@\" \(redirect ?? "")", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory ?? TestSupport.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let outData = LockedData(), errData = LockedData()
        if readerGone {
            try out.fileHandleForReading.close()
        } else {
            out.fileHandleForReading.readabilityHandler = { outData.append($0.availableData) }
        }
        err.fileHandleForReading.readabilityHandler = { errData.append($0.availableData) }
        try process.run()
        let started = Date()
        var interrupted = false, timedOut = false
        while process.isRunning {
            let elapsed = Date().timeIntervalSince(started)
            if let interruptAfter, !interrupted, elapsed > interruptAfter { process.interrupt(); interrupted = true }
            if elapsed > seconds { kill(process.processIdentifier, SIGKILL); timedOut = true; break }
            usleep(20_000)
        }
        process.waitUntilExit()
        err.fileHandleForReading.readabilityHandler = nil
        if !readerGone {
            out.fileHandleForReading.readabilityHandler = nil
            outData.append(out.fileHandleForReading.readDataToEndOfFile())
        }
        errData.append(err.fileHandleForReading.readDataToEndOfFile())
        return BoundedRun(
            status: process.terminationStatus, stdout: outData.string, stderr: errData.string, timedOut: timedOut,
            crashed: process.terminationReason == .uncaughtSignal && !timedOut)
    }
}

final class LockedData: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
    var string: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}
