import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

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
        let timeout =
            ProcessInfo.processInfo.environment["HNF_PRINT_TIMEOUT"].flatMap(Double.init).flatMap {
                $0.isFinite && $0 > 0 ? $0 : nil
            } ?? 120
        guard let chromium = executable() else {
            throw Failure(message: "Chromium is not installed (Debian: apt-get install chromium)")
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-chromium-\(UUID().uuidString)")
        TemporaryFiles.track(profile.path)
        defer {
            try? FileManager.default.removeItem(at: profile)
            TemporaryFiles.release(profile.path)
        }
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
            "--user-data-dir=\(profile.path)", "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString,
        ]
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(chromium, arguments, seconds: timeout) } catch {
            throw Failure(message: "\(error)")
        }
        switch outcome {
        case .exited(0) where FileManager.default.fileExists(atPath: pdf): return
        case .timedOut:
            throw Failure(
                message:
                    "Chromium did not finish printing within \(Int(timeout)) s and was stopped (HNF_PRINT_TIMEOUT sets the limit in seconds)"
            )
        case .exited(let status): throw Failure(message: "Chromium could not print the page (status \(status))")
        case .signalled(let signal): throw Failure(message: "Chromium could not print the page (signal \(signal))")
        }
    }
}
