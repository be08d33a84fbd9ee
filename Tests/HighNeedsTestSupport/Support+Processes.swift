import Foundation

extension TestSupport {
    /// The built `hnf` executable.
    public static var hnfExecutable: URL { productsDirectory.appendingPathComponent("hnf") }

    /// Starts the built `hnf` without waiting for it (its output is discarded), for tests
    /// that stop it part-way.
    public static func startCLI(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = hnfExecutable
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
