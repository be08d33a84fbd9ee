import Foundation

/// Where a command writes a result, checked before any work so that an output can never
/// destroy an input or fail only at the end of a long run.
///
/// `prepare` refuses an output that is (through symbolic links, `..` or hard links) one of
/// the command's inputs or a file inside an input folder, a folder, a dangling link, or a
/// file in a folder that is missing or read-only. `write` then puts the text there:
/// regular files through a temporary file beside the target renamed over it (a reader never
/// sees half a file; an existing file keeps its permissions; a symbolic link keeps pointing
/// at the file it names); devices and FIFOs (`/dev/null`, a named pipe) written directly,
/// never replaced; `-` or no path is standard output. Messages name the path the user gave,
/// never the temporary file.
public struct OutputTarget: Sendable {
    public enum Destination: Sendable, Equatable {
        case standardOutput
        /// A regular file (existing or new), by its resolved path.
        case file(String)
        /// A device, FIFO or socket, written in place.
        case stream(String)
        /// A descriptor this process already holds (`/dev/stderr`, `/dev/fd/N`, a shell's
        /// process substitution), written as it is: reopening it by path would truncate an
        /// appended file or fail for a pipe.
        case descriptor(Int32)
    }

    /// A reason not to write, told with the option and path the user gave.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
        /// True when the output was refused before any work (bad input); false when writing failed.
        public var isRefusal: Bool
    }

    /// The path as given (for messages), nil for standard output.
    public let path: String?
    /// The option that named it (`--out`, `--overlay`), for messages.
    public let option: String
    public let destination: Destination

    public static let standardOutput = OutputTarget(path: nil, option: "--out", destination: .standardOutput)

    /// Told the path (as the user gave it) of each regular file `write` has put in place,
    /// once per file: the command line's `wrote FILE` (`hnf`'s main sets it). Nil, the
    /// default, tells no one, so a library caller sees nothing. Never called for standard
    /// output, a device, a FIFO or a descriptor the process held.
    public static var onWritten: (@Sendable (String) -> Void)? {
        get { observerLock.withLock { observer } }
        set { observerLock.withLock { observer = newValue } }
    }
    nonisolated(unsafe) private static var observer: (@Sendable (String) -> Void)?
    private static let observerLock = NSLock()

    /// Checks `path` for `option` against every input the command reads (files or folders,
    /// whose files all count) and against outputs already prepared.
    public static func prepare(
        _ path: String?, option: String = "--out", inputs: [String], otherOutputs: [OutputTarget] = []
    ) throws -> OutputTarget {
        guard let path, path != "-" else {
            return OutputTarget(path: nil, option: option, destination: .standardOutput)
        }
        func refuse(_ reason: String) -> Problem {
            Problem(description: "\(option) \(path): \(reason); nothing was run.", isRefusal: true)
        }
        guard !path.isEmpty else { throw refuse("an empty path") }
        let destination = try resolve(path, refuse)
        guard case .file(let resolved) = destination else {
            return OutputTarget(path: path, option: option, destination: destination)
        }
        let identity = FileIdentity(path: resolved)
        for input in inputs {
            for file in FileIdentity.files(of: input) where file.matches(resolvedPath: resolved, identity: identity) {
                let within = file.path == FileIdentity.canonical(input) ? "" : " (in \(input))"
                throw refuse(
                    "is an input of this command, \(file.shown)\(within); an output never overwrites an input, choose another file"
                )
            }
        }
        for other in otherOutputs where other.destination == destination {
            throw refuse("is also the \(other.option) output; give two different files")
        }
        return OutputTarget(path: path, option: option, destination: destination)
    }

    /// What a path names: standard output, a writable regular file location, or a stream.
    private static func resolve(_ path: String, _ refuse: (String) -> Problem) throws -> Destination {
        if let descriptor = heldDescriptor(path) {
            guard fcntl(descriptor, F_GETFD) != -1 else {
                throw refuse("names a descriptor this process does not hold")
            }
            return descriptor == 1 ? .standardOutput : .descriptor(descriptor)
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            guard let real = FileIdentity.canonical(path) else {
                throw refuse("is a symbolic link to a file that does not exist")
            }
            guard stat(real, &info) == 0 else { throw refuse(String(cString: strerror(errno))) }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw refuse("is a folder; expected a file name")
            case S_IFREG:
                guard access(real, W_OK) == 0 else { throw refuse("is read-only") }
                try checkFolder(URL(fileURLWithPath: real).deletingLastPathComponent().path, refuse)
                return .file(real)
            default:
                guard access(real, W_OK) == 0 else {
                    throw refuse("cannot be written (\(String(cString: strerror(errno))))")
                }
                return .stream(real)
            }
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        guard let realFolder = FileIdentity.canonical(folder) else {
            throw refuse("the folder \(folder) does not exist")
        }
        try checkFolder(realFolder, refuse)
        return .file(URL(fileURLWithPath: realFolder).appendingPathComponent(url.lastPathComponent).path)
    }

    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` name descriptors the
    /// process holds: what the shell redirected (`>`, `>>`, `| …`, `>(…)`) is written to as it
    /// stands, never resolved to a file and renamed over.
    static func heldDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    private static func checkFolder(_ folder: String, _ refuse: (String) -> Problem) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw refuse("\(folder) is not a folder")
        }
        guard access(folder, W_OK | X_OK) == 0 else { throw refuse("the folder \(folder) is not writable") }
    }

    /// Writes `text` to the destination. Throws `Problem` (naming `path`) on failure, after
    /// removing the temporary file; the target is then as it was.
    public func write(_ text: String) throws {
        try write(bytes: Array(text.utf8))
    }

    /// Lets `produce` write the whole output at a temporary path (for libraries that write
    /// files themselves, such as libxlsxwriter), then puts its bytes where `write` puts
    /// text: the same guards, permissions and clean-up, whatever the destination.
    public func writeFile(_ produce: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        TemporaryFiles.track(folder.path)
        defer {
            try? FileManager.default.removeItem(at: folder)
            TemporaryFiles.release(folder.path)
        }
        let file = folder.appendingPathComponent(path.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "output")
        try produce(file.path)
        try write(bytes: Array(try Data(contentsOf: file)))
    }

    /// Writes `bytes` to the destination (see `write(_:)`).
    public func write(bytes: [UInt8]) throws {
        switch destination {
        case .standardOutput:
            try StandardStreams.output(bytes)
        case .stream(let resolved):
            let descriptor = open(resolved, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure() }
            defer { close(descriptor) }
            if let code = StandardStreams.writeAll(bytes, to: descriptor) { throw failure(code) }
        case .descriptor(let descriptor):
            if let code = StandardStreams.writeAll(bytes, to: descriptor) { throw failure(code) }
        case .file(let resolved):
            try replaceAtomically(resolved, with: bytes)
            if let path { Self.onWritten?(path) }
        }
    }

    private func replaceAtomically(_ resolved: String, with bytes: [UInt8]) throws {
        let temporary = TemporaryFiles.sibling(of: resolved, suffix: "tmp")
        TemporaryFiles.track(temporary)
        defer { TemporaryFiles.release(temporary) }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure() }
        var existing = stat()
        if stat(resolved, &existing) == 0 {
            // Keep the permissions (and, where allowed, the owner) of the file replaced.
            _ = fchmod(descriptor, existing.st_mode & 0o7777)
            _ = fchown(descriptor, existing.st_uid, existing.st_gid)
        }
        let writeError = StandardStreams.writeAll(bytes, to: descriptor)
        close(descriptor)
        guard writeError == nil, rename(temporary, resolved) == 0 else {
            let reason = writeError ?? errno
            unlink(temporary)
            throw failure(reason)
        }
    }

    private func failure(_ code: Int32 = errno) -> Problem {
        Problem(
            description: "\(option) \(path ?? "-"): cannot write: \(String(cString: strerror(code)))", isRefusal: false)
    }

}

/// A file's identity: its canonical path and (device, inode), so that the same file
/// reached through a symbolic link, `..` or a hard link is recognised.
package struct FileIdentity {
    var path: String
    var shown: String
    package var device: UInt64
    package var inode: UInt64

    package init?(path: String, shown: String? = nil) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.path = Self.canonical(path) ?? path
        self.shown = shown ?? path
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// `realpath(3)`: the absolute path with every link and `..` resolved; nil if missing.
    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The input itself, or for a folder each file directly in it.
    static func files(of input: String) -> [FileIdentity] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return FileIdentity(path: input).map { [$0] } ?? [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
        return names.compactMap { name in
            let path = URL(fileURLWithPath: input).appendingPathComponent(name).path
            return FileIdentity(path: path)
        }
    }

    func matches(resolvedPath: String, identity: FileIdentity?) -> Bool {
        if path == resolvedPath { return true }
        guard let identity else { return false }
        return device == identity.device && inode == identity.inode
    }
}
