import Foundation

/// The one place hnf writes to its standard output and standard error.
///
/// Foundation's `FileHandle.write(_:)` traps when a write fails (a `try!` inside it), and
/// `print` drops its errors, so a full disk, a closed or read-only standard output, or a
/// reader that went away either crashed hnf or let it exit 0 having written nothing. Here
/// every write is a POSIX `write` loop whose failure is an error the command reports:
/// exit 3 with one line, or (a reader that closed the pipe, as `| head` does) a quiet exit
/// with 141, the status a Unix tool killed by SIGPIPE gives.
public enum StandardStreams {
    /// Standard output could not be written: `code` is the `errno`.
    public struct OutputFailure: Error, CustomStringConvertible, Equatable {
        public var code: Int32
        /// The reader closed the pipe: not an error worth a message.
        public var isClosedPipe: Bool { code == EPIPE }
        public var description: String { "standard output: cannot write: \(String(cString: strerror(code)))" }
    }

    /// Makes the three standard descriptors safe before anything opens a file: SIGPIPE is
    /// ignored (a closed pipe is then `EPIPE`, reported, not a silent death that skips the
    /// clean-up of temporary files), and a descriptor the parent closed is held by
    /// `/dev/null` opened read-only, so that writes to it fail (`EBADF`, reported) and no
    /// file hnf opens later (an output, a sweep database) takes its number and receives
    /// text meant for the terminal.
    public static func secure() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let placeholder = open("/dev/null", O_RDONLY)
            if placeholder >= 0, placeholder != descriptor {
                _ = dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }

    /// Writes all of `bytes` to standard output.
    public static func output(_ bytes: [UInt8]) throws(OutputFailure) {
        if let code = writeAll(bytes, to: STDOUT_FILENO) { throw OutputFailure(code: code) }
    }

    /// Writes `text` to standard output.
    public static func output(_ text: String) throws(OutputFailure) {
        try output(Array(text.utf8))
    }

    /// Writes `text` to standard error, unbuffered. A standard error that cannot be written
    /// has nowhere to report to: the failure is dropped, and the exit status still tells.
    public static func error(_ text: String) {
        _ = writeAll(Array(text.utf8), to: STDERR_FILENO)
    }

    /// Writes every byte, retrying short writes and interrupted calls; the `errno` of a
    /// failure, or nil.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }
}
