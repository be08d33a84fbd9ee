import Foundation
import HNFCore

/// Reads a scenario and its overlays, checks them, and builds the typed `Scenario`.
/// Every problem in every file is collected and returned together; nothing is read
/// half-way into a scenario.
public enum ScenarioLoader {
    /// Loads `base` with `overlays` applied in order, then `settings` (`KEY.PATH=VALUE`,
    /// as `hnf run --set`), then `options` (values a command's options set, `--years`). National data is needed only when the scenario derives its
    /// stock from SEN2. Throws every problem in every file at once, each located
    /// (`file:line:col`), as one `InvalidInput`.
    public static func load(
        _ base: String, overlays: [String] = [], settings: [String] = [], options: [ScenarioSetting] = [],
        blocks: FundingRegistry, national: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        try load(
            try merge(base, overlays: overlays), settings: settings, options: options, blocks: blocks,
            national: national)
    }

    /// A scenario file with its overlays applied, read once and kept in memory: what a
    /// command that loads the same files again and again (`hnf serve`, a what-if per
    /// change) starts from, so a file edited while it runs cannot make its runs disagree.
    public struct Merged: Sendable {
        public let document: SourceNode
        public let files: [String]
        let names: [String]
        let removals: [Overlay.Change]
        /// Each file's text as it was read (comments are read from it, never from the file again).
        let texts: [String: String]
    }

    /// Reads `base` and applies `overlays` in order; throws every problem in every file.
    public static func merge(_ base: String, overlays: [String] = []) throws(InvalidInput) -> Merged {
        try merge(.file(base), overlays: overlays.map(ScenarioSource.file))
    }

    /// `merge(_:overlays:)` for files on disk and documents a command built in memory alike.
    public static func merge(_ base: ScenarioSource, overlays: [ScenarioSource] = []) throws(InvalidInput) -> Merged {
        var diagnostics: [Diagnostic] = []
        var names: [String] = []
        var texts: [String: String] = [:]
        guard var document = readDocument(base, &diagnostics, texts: &texts) else { throw InvalidInput(diagnostics) }
        var removals: [Overlay.Change] = []
        for source in overlays {
            guard let overlayDocument = readDocument(source, &diagnostics, texts: &texts) else { continue }
            let (overlay, problems) = Overlay.read(overlayDocument, file: source.name)
            diagnostics += problems
            guard let overlay else { continue }
            names.append(overlay.name)
            let (applied, applyProblems) = overlay.apply(to: document)
            diagnostics += applyProblems
            document = applied
            removals += overlay.changes.filter { $0.operation == .remove }
        }
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }
        return Merged(
            document: document, files: [base.name] + overlays.map(\.name), names: names, removals: removals,
            texts: texts)
    }

    /// The merged files with `settings`, then `options`, applied, checked and typed.
    public static func load(
        _ merged: Merged, settings: [String] = [], options: [ScenarioSetting] = [], blocks: FundingRegistry,
        national: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        var document = merged.document
        let assignments = settings.map { ScenarioSetting($0) } + options
        if !assignments.isEmpty {
            var (overlay, problems) = Overlay.assignments(assignments)
            if let overlay {
                let (applied, applyProblems) = overlay.apply(to: document)
                problems += applyProblems
                document = applied
            }
            let origins = Set(options.map(\.origin))
            guard problems.isEmpty else { throw InvalidInput(problems.map { atOption($0, origins) }) }
        }
        do throws(InvalidInput) {
            var loaded = try scenario(from: document, files: merged.files, blocks: blocks, national: national)
            loaded.overlayNames = merged.names
            loaded.sourceTexts = merged.texts
            return loaded
        } catch {
            let optionOrigins = Set(options.map(\.origin))
            throw InvalidInput(
                error.diagnostics.map { blameRemoval($0, merged.removals) }.map { atOption($0, optionOrigins) })
        }
    }

    /// A problem with a value an option set (`--years 40`) is said at the option, which has
    /// no lines and columns.
    static func atOption(_ diagnostic: Diagnostic, _ origins: Set<String>) -> Diagnostic {
        guard let file = diagnostic.location?.file, origins.contains(file) else { return diagnostic }
        var moved = diagnostic
        moved.location = nil
        moved.file = file
        return moved
    }

    /// A problem with a key an overlay removed (a required section, say) belongs at the
    /// overlay's `remove` line, not at the scenario's line that no longer holds it.
    static func blameRemoval(_ diagnostic: Diagnostic, _ removals: [Overlay.Change]) -> Diagnostic {
        guard
            let removal = removals.last(where: {
                diagnostic.keyPath == $0.path || diagnostic.keyPath.hasPrefix($0.path + ".")
            })
        else { return diagnostic }
        var moved = diagnostic
        moved.location = removal.pathLocation
        moved.file = removal.pathLocation.file
        moved.found += " (removed here)"
        return moved
    }

    /// Checks a merged document (a scenario with its overlays applied, or one a command
    /// has changed, as `hnf solve` does) and builds the typed scenario; throws every
    /// problem found, located, as one `InvalidInput`.
    public static func scenario(
        from document: SourceNode, files: [String], blocks: FundingRegistry, national load: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        // Read the national data once however many checks need it.
        var loaded: Result<NationalData, Error>?
        func national() throws -> NationalData {
            if loaded == nil { loaded = Result { try load() } }
            return try loaded!.get()
        }
        var validator = Validator(names: ScenarioSchema.names(in: document))
        validator.check(document, against: blocks.scenario, at: "")
        var diagnostics = validator.diagnostics.map(ScenarioChecks.explainingLAWideOnly)
        diagnostics += ScenarioChecks.check(document, blocks: blocks)
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }
        diagnostics += ScenarioChecks.localityFlowRules(document, blocks: blocks)
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }
        diagnostics += ScenarioChecks.nationalNeeds(document, national: national)
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }

        var scenario = ScenarioDecoding.decode(document, files: files, blocks: blocks)
        if let derive = document["ehc_plans"]?["derive"] {
            do {
                scenario.stock = try StockDerivation.derive(derive, scenario: scenario, national: national())
            } catch let error as InvalidInput {
                throw error
            } catch {
                throw InvalidInput([
                    Diagnostic(
                        at: derive.location, keyPath: "ehc_plans.derive", found: "\(error)",
                        expected: "national SEN2 data to derive the stock from")
                ])
            }
        }
        return scenario
    }

    package static func readDocument(_ path: String, _ diagnostics: inout [Diagnostic]) -> SourceNode? {
        var texts: [String: String] = [:]
        return readDocument(.file(path), &diagnostics, texts: &texts)
    }

    /// The source's top-level mapping; nil, with the problems added, when it is not one.
    /// Its text is kept in `texts` under its name.
    static func readDocument(
        _ source: ScenarioSource, _ diagnostics: inout [Diagnostic], texts: inout [String: String]
    ) -> SourceNode? {
        let text: String
        switch source {
        case .file(let path):
            guard let read = readText(path, &diagnostics) else { return nil }
            text = read
        case .generated(let name, let yaml):
            guard yaml.utf8.count <= SourceNode.largestFileBytes else {
                diagnostics.append(
                    Diagnostic(
                        at: nil, file: name, keyPath: "",
                        found: "a document of \(Text.thousands(yaml.utf8.count)) bytes",
                        expected:
                            "a scenario or overlay of at most \(Text.thousands(SourceNode.largestFileBytes)) bytes"))
                return nil
            }
            text = yaml
        }
        let (node, problems) = SourceNode.parse(yaml: text, file: source.name)
        texts[source.name] = text
        diagnostics += problems
        guard let node, problems.isEmpty else { return nil }
        guard node.entries != nil else {
            diagnostics.append(
                Diagnostic(
                    at: node.location, keyPath: "", found: node.summary, expected: "a mapping of keys at the top level")
            )
            return nil
        }
        return node
    }

    /// A file's text; nil, with the problem added, when it is missing, too large, a
    /// directory, unreadable or not UTF-8.
    static func readText(_ path: String, _ diagnostics: inout [Diagnostic]) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.append(
                Diagnostic(at: nil, file: path, keyPath: "", found: "no such file", expected: "a readable YAML file"))
            return nil
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > SourceNode.largestFileBytes {
            diagnostics.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "a file of \(Text.thousands(size)) bytes",
                    expected: "a scenario or overlay of at most \(Text.thousands(SourceNode.largestFileBytes)) bytes"))
            return nil
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            diagnostics.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "",
                    found: isDirectory.boolValue ? "a directory" : "an unreadable file",
                    expected: "a readable YAML file"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(
                Diagnostic(
                    at: nil, file: path, keyPath: "", found: "bytes that are not UTF-8 text",
                    expected: "a UTF-8 YAML file"))
            return nil
        }
        return text
    }
}

/// Where a scenario or overlay comes from: a file, or a document a command built in memory
/// (calibrate's pilot, the backtests' calibrated scenarios, a scenario checked before it is written), read
/// through the same checks without a temporary file and named `name` in its problems.
public enum ScenarioSource: Sendable, Hashable {
    case file(String)
    case generated(name: String, yaml: String)

    /// The path, or the name problems in the generated document give.
    public var name: String {
        switch self {
        case .file(let path): path
        case .generated(let name, _): name
        }
    }
}
