import Foundation

/// The DfE's ten statistical neighbours of each LA (`statistical-neighbours.csv`, May 2025
/// edition, as the Local Authority Interactive Tool uses them): for each LA its ten nearest
/// LAs in rank order with the DfE's closeness band. LAs by their old 3-digit DfE numbers,
/// as SEN2's caseload has them.
public struct StatisticalNeighbours: Sendable {
    public struct Neighbour: Sendable, Equatable {
        /// 1 is the nearest.
        public var rank: Int
        public var code: String
        /// "Extremely close", "Very close", "Close", "Somewhat close" or "Not close".
        public var closeness: String
    }

    public static let file = "statistical-neighbours.csv"
    public static let source =
        "DfE, statistical neighbours, May 2025 (the Local Authority Interactive Tool's sn_may_2025.xlsx; OGL v3.0)"

    private let byLA: [String: [Neighbour]]

    /// Reads the file in the national data folder; a missing or damaged file is an error
    /// at its line and column.
    public init(directory: URL) throws(InvalidInput) {
        let csv = try NationalCSV(
            directory.appendingPathComponent(Self.file),
            required: ["la_code", "rank", "neighbour_code", "closeness"])
        let columns = (
            la: csv.column("la_code")!, rank: csv.column("rank")!, neighbour: csv.column("neighbour_code")!,
            closeness: csv.column("closeness")!
        )
        var problems: [Diagnostic] = []
        var byLA: [String: [Neighbour]] = [:]
        for row in csv.rows {
            guard let rank = Int(row.fields[columns.rank].text), (1...10).contains(rank) else {
                problems.append(
                    Diagnostic(
                        at: csv.location(row, columns.rank), keyPath: "rank",
                        found: "\"\(row.fields[columns.rank].text)\"", expected: "a rank from 1 to 10"))
                continue
            }
            byLA[row.fields[columns.la].text, default: []].append(
                Neighbour(
                    rank: rank, code: row.fields[columns.neighbour].text,
                    closeness: Self.band(row.fields[columns.closeness].text)))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        self.byLA = byLA.mapValues { $0.sorted { $0.rank < $1.rank } }
    }

    /// "Very Close" and "Very close" alike read "Very close": the DfE file mixes the cases.
    static func band(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst().lowercased()
    }

    /// The LA's neighbours, nearest first; empty when the file does not list it.
    public func of(la code: String) -> [Neighbour] { byLA[code] ?? [] }
}

extension NationalData {
    /// The shipped statistical neighbours, read from this folder.
    public func statisticalNeighbours() throws(InvalidInput) -> StatisticalNeighbours {
        try StatisticalNeighbours(directory: directory)
    }
}
