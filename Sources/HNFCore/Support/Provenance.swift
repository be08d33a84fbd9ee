import Crypto
import Foundation

/// Where a result came from: the tool, the files read (with SHA-256 content hashes, so a
/// changed file is noticed even under the same name), and how it was run. Everything
/// that depends on the machine or the clock belongs here and nowhere else.
public enum Provenance {
    /// SHA-256 of a file's bytes, hex; nil when it cannot be read.
    public static func sha256(ofFile path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
