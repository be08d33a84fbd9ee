import ArgumentParser
import HighNeeds

@main
struct HNF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hnf",
        abstract: "High needs funding simulator for English local authorities.",
        discussion: """
        Compare where children with EHC plans are placed against England (ratios), check \
        scenarios and what-if overlays (validate), and read a scenario's starting position \
        (describe).
        """,
        version: HighNeedsVersion.current,
        subcommands: [Run.self, Describe.self, Ratios.self, Validate.self, Calibrate.self, Backtest.self, ReplayCommand.self, Import.self, Compare.self, Explain.self, Solve.self, FitFormula.self]
    )
}

extension OutputFormat: ExpressibleByArgument {}
extension PlacementGroup: ExpressibleByArgument {}

/// Options every command that reads the shipped national data shares.
struct NationalDataOptions: ParsableArguments {
    @Option(help: "Folder of the national SEN2 tables (default: Scenarios/national of this checkout, or $HNF_NATIONAL_DATA).")
    var nationalData: String?

    func load() throws -> NationalData {
        try NationalData(directory: NationalData.locate(explicit: nationalData))
    }
}

/// Options for writing a report.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output format: table, json, csv or markdown.")
    var format: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var out: String?

    func emit(_ text: String) throws {
        if let out {
            try AtomicFile.write(text, to: out)
        } else {
            print(text, terminator: "")
        }
    }
}

/// Ends the command with a message on standard error and a status: 2 for input the user
/// can correct, 1 for anything else. Never a stack trace.
func fail(_ message: String, status: Int32 = 2) -> ExitCode {
    var standardError = StandardError()
    print(message, to: &standardError)
    return ExitCode(status)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleWriter.standardError(string)
    }
}
