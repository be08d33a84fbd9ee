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
    public static func load(_ path: String, overlays: [String] = []) -> Result<Scenario, InvalidInput> {
        ScenarioLoader.load(path, overlays: overlays, national: { national })
    }

    /// The Kent baseline with one line replaced (`replacing` must occur once), as a new file.
    public static func kentVariant(replacing old: String, with new: String) -> String {
        let text = try! String(contentsOfFile: path("Scenarios/kent/baseline.yaml"), encoding: .utf8)
        precondition(text.components(separatedBy: old).count == 2, "\(old) must occur once in the Kent baseline")
        return temporaryFile("kent.yaml", text.replacingOccurrences(of: old, with: new))
    }

    /// The 1-based line of the first occurrence of `needle` in a file.
    public static func line(of needle: String, in file: String) -> Int? {
        let text = try! String(contentsOfFile: file, encoding: .utf8)
        return text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    /// Runs the built `hnf` with arguments; returns status, standard output and error.
    public static func runCLI(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("hnf")
        process.arguments = arguments
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// Where SwiftPM put the built products (beside the test bundle).
    static var productsDirectory: URL {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for candidate in candidates {
            var directory = candidate
            for _ in 0..<4 {
                if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("hnf").path) { return directory }
                directory = directory.deletingLastPathComponent()
            }
        }
        return root.appendingPathComponent(".build/debug")
    }
}
