import Foundation

/// Runs a helper program (Chromium, to print a PDF) so that it cannot outlive hnf or hang it.
///
/// Foundation's `Process` hands the child hnf's signal dispositions: hnf ignores SIGINT,
/// SIGTERM and SIGHUP (its handlers clean up through dispatch sources), so the child
/// ignored them too, and kept running after Ctrl-C or `kill`, writing into a profile folder
/// already removed. Here the child starts with every signal at its default and none
/// blocked (`posix_spawn` with `POSIX_SPAWN_SETSIGDEF`), is killed when hnf is interrupted
/// (`TemporaryFiles` knows it), and is killed at a deadline instead of being waited for
/// forever.
public enum ChildProcess {
    public enum Outcome: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` with `arguments`, standard input, output and error on /dev/null;
    /// kills it (SIGTERM, then SIGKILL two seconds later) after `seconds`.
    public static func run(_ executable: String, _ arguments: [String], seconds: Double) throws -> Outcome {
        let pid = try spawn(executable, arguments)
        TemporaryFiles.trackChild(pid)
        defer { TemporaryFiles.releaseChild(pid) }
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let outcome = reap(pid) {
                TemporaryFiles.waitIfInterrupting()
                return outcome
            }
            if Date() >= deadline {
                stop(pid)
                return .timedOut
            }
            usleep(20_000)
        }
    }

    /// SIGTERM to its process group, then SIGKILL if it has not ended within two seconds;
    /// reaped either way.
    public static func stop(_ pid: pid_t) {
        kill(-pid, SIGTERM)
        for _ in 0..<100 {
            if reap(pid) != nil {
                kill(-pid, SIGKILL)  // anything it started and left behind
                return
            }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    private static func reap(_ pid: pid_t) -> Outcome? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result == -1 && errno != EINTR ? .exited(-1) : nil }
        // <sys/wait.h>'s macros, which Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    private static func spawn(_ executable: String, _ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        // Its own process group, so that stopping it stops what it started (Chromium's
        // renderer and zygote processes) too.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }
}
