import Foundation

/// External programs some tests check hnf's reports with (an independent workbook reader,
/// a real browser). `.ci/run` installs them; where they are missing those tests skip and
/// say what to install.
public enum ExternalTools {
    /// Runs a program found on PATH in `directory` (the checkout unless given); nil when it
    /// cannot be started.
    public static func run(
        _ program: String, _ arguments: [String], in directory: URL? = nil, timeout: TimeInterval = 300
    ) -> (status: Int32, stdout: String, stderr: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.currentDirectoryURL = directory ?? TestSupport.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return nil }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    /// Python 3 with openpyxl (Debian python3-openpyxl, or `pip install openpyxl`).
    public static let openpyxl: Bool = run("python3", ["-c", "import openpyxl"])?.status == 0

    /// Python 3 with pandas (Debian python3-pandas, or `pip install pandas`), for the docs' sweep examples.
    public static let pandas: Bool = run("python3", ["-c", "import pandas"])?.status == 0

    /// Python 3 with DuckDB (`pip install duckdb`): the docs' DuckDB example runs only with it.
    public static let duckdb: Bool = run("python3", ["-c", "import duckdb, pandas"])?.status == 0

    /// The sqlite3 shell (Debian's `sqlite3`; `Scripts/bootstrap` installs it).
    public static let sqlite3: Bool = run("sqlite3", ["-version"])?.status == 0

    /// Headless Chromium (Debian's `chromium`) and Python 3 to drive it over the DevTools protocol.
    public static let chromium: String? = {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            if let found = run("which", [name]), found.status == 0 {
                return found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return nil
    }()

    /// Poppler's `pdftotext` (Debian's poppler-utils), to read a printed PDF back.
    public static let pdftotext: Bool = run("pdftotext", ["-v"])?.status == 0

    /// A new empty temporary folder.
    public static func temporaryFolder(_ name: String) -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hnf-\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
