import Crypto
import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension SweepSpec {
    /// Reads and checks a sweep file: every problem at once, as `file:line:col` diagnostics.
    public static func read(_ path: String) throws(InvalidInput) -> SweepSpec {
        var diagnostics: [Diagnostic] = []
        guard let document = ScenarioLoader.readDocument(path, &diagnostics) else { throw InvalidInput(diagnostics) }
        var validator = Validator(names: [:])
        validator.check(document, against: shape, at: "")
        diagnostics = validator.diagnostics
        let directory = (path as NSString).deletingLastPathComponent
        func resolve(_ written: String) -> String { SweepPaths.join(directory, written) }

        let scenarios = (document["scenarios"]?.items ?? []).compactMap(\.text).map {
            Base.scenario(written: $0, path: resolve($0))
        }
        let overlaySets = (document["overlay_sets"]?.items ?? [SourceNode(.sequence([]), at: document.location)]).map {
            set in
            (set.items ?? []).compactMap(\.text).map { (written: $0, path: resolve($0)) }
        }
        var files = scenarios.compactMap { base -> String? in
            if case .scenario(_, let p) = base { return p }; return nil
        }
        files += overlaySets.flatMap { $0.map(\.path) }
        for file in files where !FileManager.default.fileExists(atPath: file) {
            diagnostics.append(
                Diagnostic(
                    at: location(of: file, in: document, resolve) ?? document.location, keyPath: "",
                    found: "no such file \(file)",
                    expected: "a scenario or overlay file (paths are relative to the sweep file)"))
        }
        for (key, items) in [
            ("scenarios", document["scenarios"]?.items ?? []), ("overlay_sets", document["overlay_sets"]?.items ?? []),
        ] {
            var seen = Set<String>()
            for (i, item) in items.enumerated()
            where !seen.insert(item.text ?? (item.items ?? []).compactMap(\.text).joined(separator: "\u{1}")).inserted {
                diagnostics.append(
                    Diagnostic(
                        at: item.location, keyPath: "\(key)[\(i)]",
                        found: "the same \(key == "scenarios" ? "scenario" : "overlay set") a second time",
                        expected: "each once"))
            }
        }
        let las = readLAs(document, &diagnostics)
        checkCalibrate(document, &diagnostics)
        if las != nil, document["calibrate"] == nil {
            diagnostics.append(
                Diagnostic(
                    at: document["las"]!.location, keyPath: "calibrate", found: "no `calibrate`",
                    expected:
                        "`calibrate: {from: YEAR, to: YEAR}`, the history `hnf calibrate` estimates each LA's scenario from"
                ))
        }
        let design = document["design"]?["type"]?.text.flatMap(Design.init(rawValue:)) ?? .grid
        let parameters = readParameters(document["parameters"], design: design, &diagnostics)
        checkDesign(document, design, parameters, &diagnostics)
        // An every-LA sweep is counted again once its LAs are known (SweepPlan.make).
        if diagnostics.isEmpty, las == nil,
            let tooBig = sizeProblem(
                document, scenarios: scenarios.count, overlaySets: overlaySets.count, design, parameters, file: path)
        {
            diagnostics.append(tooBig)
        }
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }

        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        let calibrate = document["calibrate"].map {
            Calibrate(from: $0["from"]!.integer!, to: $0["to"]!.integer!, horizon: $0["horizon"]?.integer ?? 5)
        }
        return SweepSpec(
            file: path, hash: hash(text, files), text: text,
            name: document["name"]!.text!, scenarios: scenarios, las: las, calibrate: calibrate,
            overlaySets: overlaySets,
            parameters: parameters, design: design, samples: document["design"]?["samples"]?.integer ?? 0,
            horizon: document["horizon"]?.integer, draws: document["draws"]!.integer!,
            seed: UInt64(document["seed"]!.integer!),
            seeds: document["seeds"]?.text.flatMap(SeedRule.init(rawValue:)) ?? .common,
            metrics: document["metrics"]!.items!.compactMap { $0.text.flatMap(Metric.init(rawValue:)) },
            years: document["years"]!.items!.compactMap(\.integer), yearsLocation: document["years"]!.location,
            drawsLocation: document["draws"]?.location, designLocation: document["design"]?.location)
    }

    /// The sweep's identity: SHA-256 of its text and of each file it reads.
    static func hash(_ text: String, _ files: [String]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(text.utf8))
        for file in files { hasher.update(data: Data((Provenance.sha256(ofFile: file) ?? "").utf8)) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// `calibrate.to` after `from`, as `hnf calibrate` refuses otherwise: a trend needs two
    /// Januaries at least.
    static func checkCalibrate(_ document: SourceNode, _ diagnostics: inout [Diagnostic]) {
        guard let calibrate = document["calibrate"], let from = calibrate["from"]?.integer,
            let to = calibrate["to"], let toYear = to.integer, toYear <= from
        else { return }
        diagnostics.append(
            Diagnostic(
                at: to.location, keyPath: "calibrate.to", found: "\(toYear), not after `from` (\(from))",
                expected: "a later January than `from`: calibration needs at least two"))
    }

    /// The refusal of a sweep of scenario files over `maximumRuns`.
    static func sizeProblem(
        _ document: SourceNode, scenarios: Int, overlaySets: Int, _ design: Design, _ parameters: [Parameter],
        file: String
    ) -> Diagnostic? {
        sizeProblem(
            bases: scenarios, basesWord: "scenario\(scenarios == 1 ? "" : "s")", overlaySets: overlaySets,
            points: pointCount(design, parameters, samples: document["design"]?["samples"]?.integer ?? 0),
            at: document["design"]?.location, file: file)
    }

    static let shape: Shape = .record(
        Record(
            [
                .required("schema", .text(choices: [schema])),
                .required("name", .text()),
                .optional("description", .text()),
                .optional("scenarios", .list(.text(), minCount: 1)),
                .optional("las", .anything),
                .optional(
                    "calibrate",
                    .record(
                        Record([
                            .required("from", .integer(min: 2000, max: 2100)),
                            .required("to", .integer(min: 2000, max: 2100)),
                            .optional("horizon", .integer(min: 1, max: 30)),
                        ]))),
                .optional("overlay_sets", .list(.list(.text()), minCount: 1)),
                .optional("parameters", .anything),
                .required(
                    "design",
                    .record(
                        Record([
                            .required("type", .text(choices: Design.allCases.map(\.rawValue))),
                            .optional("samples", .integer(min: 1, max: 100_000)),
                        ]))),
                .optional("horizon", .integer(min: 1, max: 30)),
                .required("draws", .integer(min: 1, max: 1_000_000)),
                .required("seed", .integer(min: 0)),
                .optional("seeds", .text(choices: SeedRule.allCases.map(\.rawValue))),
                .required("metrics", .list(.text(choices: Metric.allCases.map(\.rawValue)), minCount: 1)),
                .required("years", .list(.integer(min: 2000, max: 2100), minCount: 1)),
            ], exactlyOneOf: [["scenarios", "las"]]))

    /// The line that names a file, for a "no such file" message.
    private static func location(
        of file: String, in document: SourceNode, _ resolve: (String) -> String
    ) -> SourceLocation? {
        let nodes =
            (document["scenarios"]?.items ?? []) + (document["overlay_sets"]?.items ?? []).flatMap { $0.items ?? [] }
        return nodes.first { $0.text.map(resolve) == file }?.location
    }

    private static func readLAs(_ document: SourceNode, _ diagnostics: inout [Diagnostic]) -> LASelection? {
        guard let node = document["las"] else { return nil }
        if node.text == "all" { return .all }
        if let items = node.items, !items.isEmpty, items.allSatisfy({ $0.text != nil && !$0.isNull }) {
            return .listed(items.map { (name: $0.text!, location: $0.location) })
        }
        diagnostics.append(
            Diagnostic(
                at: node.location, keyPath: "las", found: node.summary,
                expected: "`all`, or a list of LAs by SEN2 code or name"))
        return nil
    }
}

/// Paths as a sweep file writes them: relative to the file, normalised so the reproducing
/// command names `Scenarios/kent/baseline.yaml`, not `Scenarios/sweeps/../kent/baseline.yaml`.
public enum SweepPaths {
    static func join(_ directory: String, _ path: String) -> String {
        let joined = path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
        var parts: [String] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(String(part))
        }
        let body = parts.joined(separator: "/")
        return joined.hasPrefix("/") ? "/" + body : (body.isEmpty ? "." : body)
    }
}

extension SweepPaths {
    /// Whether two paths name the same file (as written, or once both exist).
    public static func same(_ a: String, _ b: String) -> Bool {
        let ua = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath()
        let ub = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath()
        return ua.path == ub.path
    }
}
