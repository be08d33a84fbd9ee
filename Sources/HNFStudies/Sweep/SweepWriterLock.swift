import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// One writer at a time on a sweep database: a second `hnf sweep` on the same `--db`
/// waits for the first to finish (then finds its runs done) instead of racing it to
/// create the tables (`UNIQUE constraint failed: sweep.key`) or to run the same runs.
///
/// The lock is an open-file-description lock (Linux `F_OFD_SETLK`) on one byte of the
/// database file far from the bytes SQLite locks (its lock bytes start at 1 GiB, 0x40000000),
/// so it never meets SQLite's own locks, is released when the process ends however it
/// ends (kill -9 included: nothing stale to clean up), and works on NFS as POSIX locks do.
public final class SweepWriterLock {
    public let path: String
    private let descriptor: Int32
    /// Whether this lock made the file (empty), so a refusal can remove it again.
    public let created: Bool

    /// Locks `path` (creating it empty when missing), calling `waiting` once if another
    /// process holds the lock, then blocking until it is released.
    public init(path: String, waiting: () -> Void) throws {
        self.path = path
        created = !FileManager.default.fileExists(atPath: path)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Failure(path: path, code: errno) }
        if !Self.lock(descriptor, wait: false) {
            waiting()
            guard Self.lock(descriptor, wait: true) else {
                let code = errno
                close(descriptor)
                throw Failure(path: path, code: code)
            }
        }
    }

    deinit { close(descriptor) }

    /// Removes the file when this lock created it and nothing was written to it.
    public func removeIfUnused() {
        var info = stat()
        if created, fstat(descriptor, &info) == 0, info.st_size == 0 { unlink(path) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var code: Int32
        public var description: String {
            "\(path): cannot lock the sweep database for writing: \(String(cString: strerror(code)))"
        }
    }

    /// The byte locked: beyond SQLite's lock bytes (0x40000000 up to 0x40000200).
    private static let lockedByte: off_t = 0x5000_0000

    private static func lock(_ descriptor: Int32, wait: Bool) -> Bool {
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = lockedByte
        request.l_len = 1
        request.l_pid = 0  // OFD locks require 0
        while true {
            #if os(Linux)
                // F_OFD_SETLK (37) and F_OFD_SETLKW (38), from <fcntl.h> under _GNU_SOURCE.
                let result = fcntl(descriptor, wait ? 38 : 37, &request)
            #else
                let result = fcntl(descriptor, wait ? F_SETLKW : F_SETLK, &request)
            #endif
            if result == 0 { return true }
            if errno == EINTR { continue }
            return false
        }
    }
}
