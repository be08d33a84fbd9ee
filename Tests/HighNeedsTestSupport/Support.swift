import Foundation
import HighNeeds

/// Paths and helpers shared by the test targets.
public enum TestSupport {
    /// The checkout's root folder.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// witan.send's published demo (`inputs/` and `published-1000/`), where
    /// `$HNF_WITAN_SEND_DEMO` names a folder that has it. The demo carries no licence, so it
    /// is never copied into the repository: the tests that compare against its published
    /// outputs are skipped without it (`.ci/run` sets the variable when the demo is at hand).
    public static let witanSendDemo: String? = {
        guard let folder = ProcessInfo.processInfo.environment["HNF_WITAN_SEND_DEMO"], !folder.isEmpty else {
            return nil
        }
        let transitions = URL(fileURLWithPath: folder).appendingPathComponent("inputs/transitions.csv").path
        return FileManager.default.fileExists(atPath: transitions) ? folder : nil
    }()

    /// A small synthetic history in witan.send's input format, written by
    /// `Scripts/make-witan-send-fixture.py`: what the import, estimator and bad-input tests read.
    public static let witanSendFixture = path("Tests/Fixtures/witan-send-small")

    /// A copy of the fixture's inputs in a new temporary folder, with `edits` applied to the
    /// named files (each edit replaces one exact text, which must occur), for bad-input tests.
    public static func witanSendInputs(editing edits: [String: (old: String, new: String)] = [:]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-witan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: witanSendFixture)
        for name in ["transitions.csv", "population.csv", "costs.csv", "valid-states.csv", "config-1000.edn"] {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            if let edit = edits[name] {
                guard text.contains(edit.old) else { throw FixtureError("\(edit.old) does not occur in \(name)") }
                text = text.replacingOccurrences(of: edit.old, with: edit.new)
            }
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        return directory.path
    }

    /// A fixture that is not as a test expects it.
    public struct FixtureError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// The shipped national tables, read once.
    public static let national: NationalData = {
        try! NationalData(directory: root.appendingPathComponent("Scenarios/national"))
    }()

    /// Writes `text` to a new temporary file named `name` and returns its path.
    public static func temporaryFile(_ name: String, _ text: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try! Data(text.utf8).write(to: url)
        return url.path
    }

    /// Loads a scenario (and overlays) against the shipped national data.
    public static func load(_ path: String, overlays: [String] = []) throws(InvalidInput) -> Scenario {
        try ScenarioLoader.load(path, overlays: overlays, national: { national })
    }

    /// The problems loading a scenario (and overlays) reports; nil when it loads.
    public static func problems(_ path: String, overlays: [String] = []) -> InvalidInput? {
        do throws(InvalidInput) {
            _ = try load(path, overlays: overlays)
            return nil
        } catch {
            return error
        }
    }

    /// The Kent baseline with one text replaced (`replacing` must occur once), as a new file.
    public static func kentVariant(replacing old: String, with new: String) throws -> String {
        try variant(of: "Scenarios/kent/baseline.yaml", replacing: old, with: new)
    }

    /// A file of the checkout with one text replaced (`replacing` must occur once), as a new file.
    public static func variant(of relative: String, replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOfFile: path(relative), encoding: .utf8)
        guard text.components(separatedBy: old).count == 2 else {
            throw FixtureError("\(old) must occur once in \(relative)")
        }
        return temporaryFile(
            URL(fileURLWithPath: relative).lastPathComponent, text.replacingOccurrences(of: old, with: new))
    }

    /// The 1-based line of the first occurrence of `needle` in a file.
    public static func line(of needle: String, in file: String) -> Int? {
        let text = try! String(contentsOfFile: file, encoding: .utf8)
        return text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    /// Runs the built `hnf` with arguments in `directory` (the checkout unless given);
    /// returns status, standard output and error.
    public static func runCLI(
        _ arguments: [String], in directory: URL? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("hnf")
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    /// Where SwiftPM put the built products (beside the test bundle).
    static var productsDirectory: URL {
        let candidates = [
            Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        for candidate in candidates {
            var directory = candidate
            for _ in 0..<4 {
                if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("hnf").path) {
                    return directory
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return root.appendingPathComponent(".build/debug")
    }
}
