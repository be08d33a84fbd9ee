import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension RunReport {
    /// Renders the report: table and Markdown from its `document`, JSON its results and
    /// the document beside them. `provenance` (tool, files, hashes, timing) goes only into JSON,
    /// the one format scripts compare; the other formats carry results only.
    public func render(_ format: OutputFormat, provenance: [String: Any] = [:]) -> String {
        switch format {
        case .table, .xlsx: return document.table()
        case .markdown: return document.markdown()
        case .csv: return csv()
        case .json:
            return JSONOutput.encode([
                "schema": RunReport.schema, "provenance": provenance, "results": resultsJSON(),
                "report": document.jsonObject,
                "stats": ["pupil_years": pupilYears],
            ])
        }
    }

    public static let schema = "hnf.run.v1"
}
