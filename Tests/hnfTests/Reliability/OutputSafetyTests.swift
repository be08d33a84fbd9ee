import Foundation
import HighNeedsTestSupport
import Testing

/// An output never destroys anything: not an input (however it is reached), not a device
/// or FIFO, not a file's permissions; it is refused before any work; an interrupted command
/// leaves no temporary file behind; messages never name the temporary file.
@Suite struct OutputSafetyTests {
    static let kent = TestSupport.path("Scenarios/kent/baseline.yaml")
    static let small = TestSupport.path("Tests/Fixtures/zero-variance.yaml")

    /// A fresh folder with copies of the Kent baseline and a what-if.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-outputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: kent, toPath: folder.appendingPathComponent("S.yaml").path)
        try FileManager.default.copyItem(
            atPath: TestSupport.path("Scenarios/kent/reforms/communities-of-schools.yaml"),
            toPath: folder.appendingPathComponent("O.yaml").path)
        try FileManager.default.copyItem(atPath: small, toPath: folder.appendingPathComponent("small.yaml").path)
        let ids = [
            "ashford", "canterbury", "dartford", "dover", "folkestone_hythe", "gravesham", "maidstone", "sevenoaks",
            "swale", "thanet", "tonbridge_malling", "tunbridge_wells",
        ]
        try Data(("locality,amount\n" + ids.map { "\($0),5000000\n" }.joined()).utf8).write(
            to: folder.appendingPathComponent("A.csv"))
        try FileManager.default.copyItem(
            atPath: TestSupport.path("Scenarios/national"), toPath: folder.appendingPathComponent("N").path)
        let witan = folder.appendingPathComponent("D")
        try FileManager.default.createDirectory(at: witan, withIntermediateDirectories: true)
        for name in ["transitions.csv", "population.csv", "costs.csv", "valid-states.csv"] {
            try Data("placeholder\n".utf8).write(to: witan.appendingPathComponent(name))
        }
        return folder
    }

    /// Every command whose output is one of its inputs, as the issue found them, in the workspace.
    static let clobbering: [[String]] = [
        ["run", "S.yaml", "--draws", "2", "--out", "S.yaml"],
        ["describe", "S.yaml", "--out", "S.yaml"],
        [
            "explain", "S.yaml", "O.yaml", "--locality", "ashford", "--financial-year", "2027", "--draws", "2", "--out",
            "O.yaml",
        ],
        ["fit-formula", "S.yaml", "--allocation", "A.csv", "--factors", "population", "--out", "A.csv"],
        [
            "solve", "small.yaml", "--vary", "budget.high_needs_block.amount", "--low", "0", "--high", "10000000",
            "--metric", "in_year_balance",
            "--financial-year", "2026", "--target", "0", "--draws", "3", "--overlay", "small.yaml",
        ],
        ["import", "witan-send", "D", "--out", "D/transitions.csv"],
        ["run", "S.yaml", "--draws", "2", "--out", "./sub/../S.yaml"],
        ["run", "S.yaml", "--draws", "2", "--out", "link.yaml"],
        ["run", "S.yaml", "--draws", "2", "--out", "hard.yaml"],
        // A copy of the national data, so that a build with the bug never touches the checkout's.
        ["describe", "S.yaml", "--national-data", "N", "--out", "N/caseload.csv"],
    ]

    @Test(arguments: clobbering.indices)
    func anOutputThatIsAnInputIsRefusedAndTheInputKept(index: Int) throws {
        let folder = try Self.workspace()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.yaml").path, withDestinationPath: "S.yaml")
        try FileManager.default.linkItem(
            atPath: folder.appendingPathComponent("S.yaml").path,
            toPath: folder.appendingPathComponent("hard.yaml").path)
        let before = try Self.snapshot(folder)
        let arguments = Self.clobbering[index].map {
            $0.hasSuffix(".yaml") || $0.hasSuffix(".csv") || $0 == "D" || $0 == "N" ? Self.inFolder($0, folder) : $0
        }
        let run = try BoundedRun.hnf(arguments)
        #expect(run.endedCleanly)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains("never overwrites an input"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)")
        #expect(try Self.snapshot(folder) == before, "every input as it was")
    }

    static func inFolder(_ path: String, _ folder: URL) -> String {
        path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
    }

    /// Every file in the folder (recursively) with its bytes.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: folder.path)! {
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[name] = try Data(contentsOf: url)
            }
        }
        return out
    }

    /// A character device (a private null device made with mknod where the tests run as
    /// root, so the machine's /dev/null is never at stake; else /dev/null itself).
    @Test func aDeviceIsWrittenNotReplaced() throws {
        let folder = try Self.workspace()
        var device = folder.appendingPathComponent("null").path
        // dev_t 259 is major 1, minor 3 (Linux: the null device).
        if mknod(device, S_IFCHR | 0o666, 259) != 0 { device = "/dev/null" }
        var info = stat()
        try #require(
            stat(device, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR,
            "\(device) is a character device to begin with")
        let run = try BoundedRun.hnf(["describe", Self.small, "--out", device])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(stat(device, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "\(device) is still a character device")
    }

    /// A full device (a private one made with mknod as root, so that a build with the bug
    /// never replaces the machine's /dev/full; else /dev/full itself).
    @Test func aFullDeviceFailsWithAMessageNamingTheOutputNotATemporaryFile() throws {
        let folder = try Self.workspace()
        var device = folder.appendingPathComponent("full").path
        // dev_t 263 is major 1, minor 7 (Linux: the full device).
        if mknod(device, S_IFCHR | 0o666, 263) != 0 { device = "/dev/full" }
        var info = stat()
        guard stat(device, &info) == 0, (info.st_mode & S_IFMT) == S_IFCHR else { return }
        let run = try BoundedRun.hnf(["describe", Self.small, "--out", device])
        #expect(run.status == 3, "cannot write: \(run.stderr)")
        #expect(run.stderr.contains("--out \(device): cannot write: No space left on device"), "\(run.stderr)")
        #expect(!run.stderr.contains(".tmp") && !run.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func aFIFOIsWrittenInPlace() throws {
        let folder = try Self.workspace()
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Thread { _ = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() }
        reader.start()
        let run = try BoundedRun.hnf(["describe", Self.small, "--out", fifo], seconds: 30)
        #expect(run.status == 0 && !run.timedOut, "\(run.stderr)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "still a FIFO")
    }

    @Test func aSymbolicLinkOutputStaysALinkAndItsFileIsWritten() throws {
        let folder = try Self.workspace()
        let real = folder.appendingPathComponent("real.json"), link = folder.appendingPathComponent("link.json")
        try Data("old".utf8).write(to: real)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real.json")
        let run = try BoundedRun.hnf(["describe", Self.small, "--format", "json", "--out", link.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == "real.json")
        #expect(try String(contentsOf: real, encoding: .utf8).contains("\"schema\""))
    }

    @Test func anExistingFileKeepsItsPermissions() throws {
        let folder = try Self.workspace()
        let out = folder.appendingPathComponent("private.json").path
        #expect(FileManager.default.createFile(atPath: out, contents: Data(), attributes: [.posixPermissions: 0o600]))
        let run = try BoundedRun.hnf(["describe", Self.small, "--format", "json", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// Refused at once (before a run that would take minutes), one line, exit 2.
    @Test(arguments: [
        ["/no/such/folder/out.json", "does not exist"], ["/tmp", "is a folder"],
        ["dangling", "symbolic link to a file that does not exist"],
    ])
    func aBadOutputLocationIsRefusedBeforeAnyWork(case: [String]) throws {
        let folder = try Self.workspace()
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("dangling").path, withDestinationPath: "nowhere/x")
        let out = Self.inFolder(`case`[0], folder)
        let started = Date()
        let run = try BoundedRun.hnf(["run", Self.kent, "--draws", "100000", "--out", out], seconds: 30)
        #expect(run.status == 2 && run.stderr.contains(`case`[1]), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 10, "refused before the run")
    }

    @Test func twoOutputsMustDiffer() throws {
        let folder = try Self.workspace()
        let out = folder.appendingPathComponent("same.yaml").path
        let run = try BoundedRun.hnf([
            "solve", Self.small, "--vary", "budget.high_needs_block.amount", "--low", "0", "--high", "10000000",
            "--metric", "in_year_balance",
            "--financial-year", "2026", "--target", "0", "--draws", "3", "--overlay", out, "--out", out,
        ])
        #expect(run.status == 2 && run.stderr.contains("is also the --out output"), "\(run.stderr)")
    }

    /// An interrupted command (SIGINT, as Ctrl-C or a scheduler sends) exits 130 and leaves
    /// no temporary file or folder in TMPDIR or beside the output.
    @Test func anInterruptedCommandLeavesNothingBehind() throws {
        let folder = try Self.workspace()
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for (arguments, after) in [
            (["backtest", "--la", "886", "--draws", "400000", "--out", out + "/b.json"], 1.0),
            (["run", Self.kent, "--draws", "50000", "--out", out + "/r.json"], 1.5),
        ] {
            let run = try BoundedRun.hnf(
                arguments, seconds: 60, environment: ["TMPDIR": temporary.path], interruptAfter: after)
            #expect(run.status == 130 && !run.timedOut, "\(arguments[0]): \(run.status) \(run.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty, "TMPDIR is empty")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "nothing beside the output")
        }
    }
}
