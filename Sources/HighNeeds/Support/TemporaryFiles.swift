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
                removeAll()
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
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

    /// A new folder under the system's temporary folder, registered; `body` runs with it and
    /// the folder is removed afterwards (also when `body` throws or the process is interrupted).
    public static func withDirectory<T>(prefix: String, _ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        track(directory.path)
        defer {
            try? FileManager.default.removeItem(at: directory)
            release(directory.path)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try body(directory)
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
