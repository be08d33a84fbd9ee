import Foundation
import HighNeedsTestSupport
import Testing

/// Every input in the fuzzers' corpora (`Tests/Fuzz/TARGET`: seeds made for the target and
/// each input a fuzzer once crashed on, kept there once fixed; and the shipped files
/// `Tests/Fuzz/seeds.txt` names) goes through its parser in this build,
/// with `hnf-fuzz TARGET FOLDER`, under a time limit: none may crash or hang.
@Suite struct FuzzCorpusTests {
    static let targets = ["scenario", "overlay", "sweep", "localities", "witan-csv", "witan-edn", "national"]

    @Test(arguments: targets)
    func everyCorpusInputEndsCleanly(target: String) throws {
        let executable = TestSupport.hnfExecutable.deletingLastPathComponent().appendingPathComponent("hnf-fuzz")
        let folder = TestSupport.path("Tests/Fuzz/\(target)")
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.count ?? 0
        let shipped = try Self.shippedSeeds(target)
        #expect(kept + shipped.count > 0, "no seeds for \(target)")
        let run = try BoundedRun.hnf(
            [target, folder] + shipped, seconds: 300, megabytes: 4000, executable: executable)
        #expect(run.endedCleanly && run.status == 0, "\(target): \(run.status) \(run.stderr.suffix(800))")
        #expect(run.stdout.contains("\(target): \(kept + shipped.count) inputs, none crashed"), "\(run.stdout)")
    }

    /// The shipped files `Tests/Fuzz/seeds.txt` names for `target`, each of which must exist.
    static func shippedSeeds(_ target: String) throws -> [String] {
        let text = try String(contentsOfFile: TestSupport.path("Tests/Fuzz/seeds.txt"), encoding: .utf8)
        let paths = text.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.count == 2 && words[0] == target ? TestSupport.path(String(words[1])) : nil
        }
        for path in paths { #expect(FileManager.default.fileExists(atPath: path), "\(path) in seeds.txt") }
        return paths
    }
}
