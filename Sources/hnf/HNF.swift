import ArgumentParser
import HighNeeds

@main
struct HNF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hnf",
        abstract: "High needs funding simulator for English local authorities.",
        discussion: """
            Exit status: 0 done; 1 ran, but the result is not what was asked (a comparison \
            that does not agree, a fit or a solution refused); 2 bad input (nothing written); \
            3 the output could not be written; 4 an unexpected error (a bug); 5 a sweep with \
            failed runs; 130 or 143 interrupted. Docs/json-contracts.md, "Exit status, outputs and limits", has the details.
            """,
        version: HighNeedsVersion.current,
        subcommands: [
            Run.self, Report.self, Describe.self, Ratios.self, Validate.self,
            Calibrate.self, Backtest.self, ReplayCommand.self,
            Import.self, Localities.self, Compare.self, Explain.self, Solve.self, FitFormula.self,
            Sweep.self, Serve.self, BenchmarkCommand.self,
        ]
    )
}

extension OutputFormat: ExpressibleByArgument {}
extension PlacementGroup: ExpressibleByArgument {}

/// Options every command that reads the shipped national data shares.
struct NationalDataOptions: ParsableArguments {
    @Option(
        help:
            "Folder of the national SEN2 tables (default: Scenarios/national of this checkout, or $HNF_NATIONAL_DATA).")
    var nationalData: String?

    func load() throws -> NationalData {
        try NationalData(directory: NationalData.locate(explicit: nationalData))
    }

    /// The national data folder, when there is one, as an input no output may overwrite.
    var inputPaths: [String] {
        (try? NationalData.locate(explicit: nationalData)).map { [$0.path] } ?? []
    }
}

/// The formats a command writes, so that its `--help` offers only those.
protocol OutputFormats {
    /// Whether the command writes `--format xlsx` (a binary file, so it needs `--out`).
    static var workbook: Bool { get }
}

/// `run`, `describe`, `ratios`, `backtest`, `compare`, `explain` and `benchmark`: text formats and a workbook.
enum TextAndWorkbook: OutputFormats { static let workbook = true }

/// Every other report: text formats only.
enum TextOnly: OutputFormats { static let workbook = false }

/// A `--format` value among those a command writes: `--help` lists only those, and
/// xlsx for a command without workbooks is refused, with the message of `prepare`.
struct FormatChoice<Formats: OutputFormats>: ExpressibleByArgument {
    var format: OutputFormat

    init(_ format: OutputFormat) { self.format = format }

    init?(argument: String) {
        guard let format = OutputFormat(rawValue: argument) else { return nil }
        self.format = format
    }

    static var allValueStrings: [String] {
        OutputFormat.allCases.filter { Formats.workbook || $0 != .xlsx }.map(\.rawValue)
    }

    var defaultValueDescription: String { format.rawValue }
}

/// Options for writing a report.
struct OutputOptions<Formats: OutputFormats>: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("format")],
        help: ArgumentHelp(
            Formats.workbook
                ? "Output format: table, json, csv, markdown or xlsx (xlsx needs --out)."
                : "Output format: table, json, csv or markdown."))
    var choice = FormatChoice<Formats>(.table)

    var format: OutputFormat { choice.format }

    @Option(
        name: .shortAndLong,
        help:
            "Write to this file (atomically; `-` for standard output) instead of standard output. Never one of the inputs."
    )
    var out: String?

    /// Checks `--out` against the command's inputs before any work (see `OutputTarget`);
    /// write the report to what it returns.
    func prepare(inputs: [String]) throws -> OutputTarget {
        if format == .xlsx {
            guard Formats.workbook else {
                throw fail("--format xlsx: this command writes no workbook yet; use csv, json, markdown or table.")
            }
            // A workbook is binary: it goes to a file, not the terminal.
            guard out != nil else {
                throw fail("--format xlsx writes a binary workbook: give the file with --out (e.g. --out report.xlsx).")
            }
        }
        return try OutputTarget.prepare(out, option: "--out", inputs: inputs)
    }
}

/// A command's own ending, worded where the command knows why: `main` alone prints its
/// message on standard error and exits with its status.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let status: ExitStatus
    var description: String { message }

    /// The message as printed: marked `error:` like every other refusal, unless it starts
    /// with a diagnostic that already says so (`file:line: error: …`).
    var printed: String { Self.marked(message) }

    /// A refusal marked `error:` unless its first line already says so.
    static func marked(_ message: String) -> String {
        let first = message.prefix { $0 != "\n" }
        return first.hasPrefix("error:") || first.contains(": error:") ? message : "error: " + message
    }
}

/// Ends the command with a message and a status from `ExitStatus` (bad input unless
/// told), both given to `main` to print and exit with. Never a stack trace.
func fail(_ message: String, status: ExitStatus = .badInput) -> CommandFailure {
    CommandFailure(message: message, status: status)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        StandardStreams.error(string)
    }
}

extension NationalData {
    /// ". Cumbria was replaced in April 2023 by …: ask for those", after a refusal for an
    /// LA a reorganisation abolished; empty for any other.
    func replacedBy(_ area: Area) -> String {
        replacement(of: area).map { ". \($0): ask for those" } ?? ""
    }
}
