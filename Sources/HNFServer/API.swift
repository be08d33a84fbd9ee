import Foundation
import HighNeeds

/// The JSON the page and scripts exchange with `hnf serve` (Docs/json-contracts.md, "hnf serve"). Versioned
/// like the other contracts: a field is only ever added.
enum API {
    /// `POST /api/v1/run` (and `/api/v1/report`, `/api/v1/workbook`): the values changed,
    /// each a `--set` (a key path and a YAML value), and the draws.
    struct RunRequest: Decodable {
        struct Setting: Decodable {
            var path: String
            var value: String
        }
        var set: [Setting]?
        var draws: Int?
        /// A locality (id or name, any case) to show the money of, line by line, and the
        /// financial year (2027 = 2027-28; default the last projected).
        var locality: String?
        var year: Int?
        /// A name the page chose for this run, to ask `/api/v1/progress` how far it has got.
        var ticket: String?
    }

    /// `GET /api/v1/scenario`.
    struct ScenarioDescription: Encodable {
        var schema = "hnf.serve.scenario.v1"
        var title: String
        var scenario: String
        var overlays: [String]
        var baseYear: Int
        var horizon: Int
        var seed: UInt64
        var draws: Int
        var maxDraws: Int
        var localities: [Locality]
        /// The projected financial years (by the year each starts).
        var financialYears: [Int]
        var levers: [ScenarioLevers.Lever]
    }

    struct Locality: Encodable {
        var id: String
        var name: String
    }

    /// `GET /api/v1/progress?ticket=T`: draws done of those expected; not running while it
    /// waits its turn (or once it has finished).
    struct Progress: Encodable {
        var schema = "hnf.serve.progress.v1"
        var running: Bool
        var done: Int
        var total: Int
    }

    /// One problem with a request, as the validator words it.
    struct Problem: Encodable {
        var keyPath: String
        var found: String
        var expected: String
        var file: String?
        var line: Int?
        var message: String

        init(_ diagnostic: Diagnostic) {
            keyPath = diagnostic.keyPath
            found = diagnostic.found
            expected = diagnostic.expected
            file = diagnostic.file
            line = diagnostic.location?.line
            message = diagnostic.description
        }

        init(keyPath: String = "", found: String, expected: String) {
            self.init(Diagnostic(at: nil, file: "request", keyPath: keyPath, found: found, expected: expected))
        }
    }

    struct Problems: Encodable {
        var schema = "hnf.serve.problems.v1"
        var problems: [Problem]
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
