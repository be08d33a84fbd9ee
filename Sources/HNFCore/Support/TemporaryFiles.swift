import Foundation

/// Temporary files and folders hnf has made and not yet removed, so that an interrupted
/// command (Ctrl-C, `kill`, a scheduler's time limit) leaves nothing behind: on SIGINT,
/// SIGTERM or SIGHUP every one still registered is removed before the process exits with
/// 128 + the signal's number, as shells report a signal.
///
/// Register with `track` right after creating the item and `release` once it is renamed
/// into place or removed.
public enum TemporaryFiles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []
    nonisolated(unsafe) private static var children: Set<pid_t> = []
    nonisolated(unsafe) private static var interrupting = false
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let queue = DispatchQueue(label: "hnf.temporary-files.signals")

    /// Starts removing what is registered when the process is interrupted. Idempotent.
    public static func installSignalHandlers() {
        lock.lock(); defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                lock.lock(); interrupting = true; lock.unlock()
                stopChildren()
                removeAll()
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Blocks for good when an interrupt is being handled: its handler ends the process with
    /// 128 + the signal once it has cleaned up. (Stopping a helper program ends the command's
    /// wait for it; without this the command would report the helper's end and exit first,
    /// with its own status.)
    public static func waitIfInterrupting() {
        lock.lock()
        let waiting = interrupting
        lock.unlock()
        while waiting { pause() }
    }

    /// A helper program hnf started: stopped at an interrupt, before the files are removed
    /// (so it cannot write into a folder already cleaned up).
    public static func trackChild(_ pid: pid_t) {
        lock.lock(); children.insert(pid); lock.unlock()
    }

    public static func releaseChild(_ pid: pid_t) {
        lock.lock(); children.remove(pid); lock.unlock()
    }

    static func stopChildren() {
        lock.lock()
        let running = children
        children.removeAll()
        lock.unlock()
        for pid in running { ChildProcess.stop(pid) }
    }

    public static func track(_ path: String) {
        lock.lock(); paths.insert(path); lock.unlock()
    }

    public static func release(_ path: String) {
        lock.lock(); paths.remove(path); lock.unlock()
    }

    /// Removes every registered file and folder (at an interrupt, or at exit).
    public static func removeAll() {
        lock.lock()
        let pending = paths
        paths.removeAll()
        lock.unlock()
        for path in pending { try? FileManager.default.removeItem(atPath: path) }
    }
}

extension TemporaryFiles {
    /// A new name in the folder of `path`, for a file written there and then renamed onto
    /// `path`: `.NAME.UUID.SUFFIX`, with NAME cut (at a character) so the whole stays within
    /// the 255 bytes a file name may have. (A 214–255-byte output name made the temporary
    /// name too long, and the command failed after all its work.)
    public static func sibling(of path: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: path)
        let room = 255 - (1 + 1 + 36 + 1 + suffix.utf8.count)
        var name = Substring(url.lastPathComponent)
        while name.utf8.count > room { name = name.dropLast() }
        return url.deletingLastPathComponent().appendingPathComponent(".\(name).\(UUID().uuidString).\(suffix)").path
    }
}
