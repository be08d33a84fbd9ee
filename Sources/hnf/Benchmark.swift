import ArgumentParser
import Foundation
import HighNeeds

struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "An LA beside its DfE statistical neighbours.",
        discussion: """
            Plans per 1,000 aged 0-25, growth, the placement mix, high needs spend per head of \
            the 2-18 population by Section 251 line and the DSG cumulative balance as % of \
            income, with the LA's rank among its neighbours and its distance from their median. \
            Published figures only (SEN2, ONS population, Section 251 outturn, DSG balances); \
            nothing is modelled. Example: hnf benchmark --la Kent
            """
    )

    @Option(name: .long, help: "The LA: a 3-digit LA code (886) or an LA name (any case).")
    var la: String

    @Option(help: "The January of the SEN2 caseload (2019-2025).")
    var year: Int = 2025

    @OptionGroup var output: OutputOptions<TextAndWorkbook>
    @OptionGroup var national: NationalDataOptions

    func run() throws {
        let target = try output.prepare(inputs: national.inputPaths)
        let data = try national.load()
        let benchmark = try NeighbourBenchmark(la: try data.area(named: la), year: year, data: data)
        let provenance: [String: Any] = [
            "tool": "hnf", "version": HighNeedsVersion.current, "national_data": data.directory.path,
        ]
        if output.format == .xlsx {
            try target.writeFile { try benchmark.writeWorkbook(to: $0, provenance: provenance) }
        } else {
            try target.write(benchmark.render(output.format, provenance: provenance))
        }
    }
}
