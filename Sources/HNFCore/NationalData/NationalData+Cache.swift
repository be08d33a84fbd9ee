import Crypto
import Foundation

/// The checked rows of each national table, kept in a binary file under the user's cache
/// folder so that a command does not parse and check 4 MB of CSV every time it starts
/// (that was most of `hnf validate`'s 0.17 s).
///
/// A cached table is found by its key: SHA-256 of the CSV's bytes, of the table's layout
/// (what is read and checked), of `formatVersion` and of the running executable's size
/// and modification time, so a changed table, a changed reader or a new build never
/// reads rows another made. A file is used only when its header names that key and its
/// payload's SHA-256 matches; anything else (stale, cut short, corrupt, unreadable, from
/// another format) is ignored and rebuilt from the CSV, which is then checked in full as
/// it always was. Only tables that passed every check on their own are kept; the checks
/// that tie a table to another (its years against caseload.csv's) run on every read.
///
/// The folder is `$HNF_CACHE_DIR`, else `$XDG_CACHE_HOME/hnf`, else `~/.cache/hnf`;
/// `HNF_CACHE_DIR=off` turns the cache off. A folder that cannot be written leaves
/// every command as it was, only slower.
extension NationalData {
    package enum TableCache {
        /// Bumped whenever what a cached row holds, or how a table is checked, changes.
        static let formatVersion = 1
        /// Cached files kept per table (one per checkout, data release or build in use).
        static let keptPerTable = 4

        /// The table's rows from the cache when its key matches, else from `parse`
        /// (whose rows are then cached).
        package static func rows(
            _ layout: Layout, source: URL, folder: URL? = folder(), parse: () throws(InvalidInput) -> [Row]
        ) throws(InvalidInput) -> [Row] {
            guard let folder, let bytes = FileManager.default.contents(atPath: source.path) else {
                return try parse()
            }
            let key = self.key(layout, source: bytes)
            let file = self.file(layout, key: key, in: folder)
            // Mapped, not copied: the pages come straight from the file system's cache.
            if let cached = try? Data(contentsOf: file, options: .alwaysMapped),
                let rows = TableEncoding.decode(cached, key: key)
            {
                return rows
            }
            let rows = try parse()
            store(TableEncoding.encode(rows, key: key), at: file, prefix: "\(layout.file).")
            return rows
        }

        /// Where a table with `key` is kept: its name and the key's first 8 bytes.
        static func file(_ layout: Layout, key: [UInt8], in folder: URL) -> URL {
            folder.appendingPathComponent("\(layout.file).\(key.prefix(8).hexString).rows")
        }

        package static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
            if let explicit = environment["HNF_CACHE_DIR"], !explicit.isEmpty {
                return explicit == "off" ? nil : URL(fileURLWithPath: explicit)
            }
            if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
                return URL(fileURLWithPath: xdg).appendingPathComponent("hnf")
            }
            guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/hnf")
        }

        static func key(_ layout: Layout, source: Data) -> [UInt8] {
            var hasher = SHA256()
            hasher.update(
                data: Data("hnf.national-rows.v\(formatVersion)|\(layout.fingerprint)|\(executableIdentity)|".utf8))
            hasher.update(data: source)
            return Array(hasher.finalize())
        }

        /// The running program's size and modification time: a rebuilt reader starts afresh.
        static let executableIdentity: String = {
            guard let path = Bundle.main.executablePath,
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            else { return "unknown" }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            return "\(path)|\(size)|\(modified)"
        }()

        /// Writes `bytes` to `file` by renaming a finished sibling into place (so a reader
        /// never sees half a file), then removes all but the newest `keptPerTable` files of
        /// the table. Any failure leaves the cache as it was.
        static func store(_ bytes: [UInt8], at file: URL, prefix: String) {
            let folder = file.deletingLastPathComponent()
            guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil
            else {
                return
            }
            let temporary = TemporaryFiles.sibling(of: file.path, suffix: "tmp")
            TemporaryFiles.track(temporary)
            defer { TemporaryFiles.release(temporary) }
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { return }
            let failed = StandardStreams.writeAll(bytes, to: descriptor) != nil
            close(descriptor)
            guard !failed, rename(temporary, file.path) == 0 else {
                unlink(temporary)
                return
            }
            prune(folder, prefix: prefix)
        }

        static func prune(_ folder: URL, prefix: String) {
            let manager = FileManager.default
            guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return }
            let dated = names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".rows") }.map { name in
                let path = folder.appendingPathComponent(name).path
                let modified = (try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
                return (path: path, modified: modified)
            }
            for stale in dated.sorted(by: { $0.modified > $1.modified }).dropFirst(keptPerTable) {
                try? manager.removeItem(atPath: stale.path)
            }
        }
    }
}

extension Sequence<UInt8> {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
