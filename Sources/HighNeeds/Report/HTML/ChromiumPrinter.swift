import Foundation

/// Prints an HTML file to PDF with headless Chromium (`--print-to-pdf`), where it is
/// installed; the PDF is written beside its target and renamed into place.
public enum ChromiumPrinter {
    public struct Failure: Error { public var message: String }

    public static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Prints the page at `html` to `pdf` (a temporary path: the command puts the file in
    /// place through `OutputTarget.writeFile`).
    public static func printToPDF(html: String, pdf: String) throws {
        guard let chromium = executable() else {
            throw Failure(message: "Chromium is not installed (Debian: apt-get install chromium)")
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-chromium-\(UUID().uuidString)")
        TemporaryFiles.track(profile.path)
        defer {
            try? FileManager.default.removeItem(at: profile)
            TemporaryFiles.release(profile.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
            "--user-data-dir=\(profile.path)", "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw Failure(message: "Chromium could not print the page (status \(process.terminationStatus))")
        }
    }
}
