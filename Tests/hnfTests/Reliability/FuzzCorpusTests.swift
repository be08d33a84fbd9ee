import Foundation
import HighNeedsTestSupport
import Testing

/// Every input in the fuzzers' corpora (`Tests/Fuzz/TARGET`: the seeds, and each input a
/// fuzzer once crashed on, kept there once fixed) goes through its parser in this build,
/// with `hnf-fuzz TARGET FOLDER`, under a time limit: none may crash or hang.
@Suite struct FuzzCorpusTests {
    static let targets = ["scenario", "overlay", "sweep", "localities", "witan-csv", "witan-edn", "national"]

    @Test(arguments: targets)
    func everyCorpusInputEndsCleanly(target: String) throws {
        let executable = TestSupport.hnfExecutable.deletingLastPathComponent().appendingPathComponent("hnf-fuzz")
        let folder = TestSupport.path("Tests/Fuzz/\(target)")
        let count = try FileManager.default.contentsOfDirectory(atPath: folder).count
        #expect(count > 0, "no seeds for \(target)")
        let run = try BoundedRun.hnf(
            [target, folder], seconds: 300, megabytes: 4000, executable: executable)
        #expect(run.endedCleanly && run.status == 0, "\(target): \(run.status) \(run.stderr.suffix(800))")
        #expect(run.stdout.contains("\(target): \(count) inputs, none crashed"), "\(run.stdout)")
    }
}
