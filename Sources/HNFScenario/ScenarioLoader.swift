import Foundation
import HNFCore

/// Reads a scenario and its overlays, checks them, and builds the typed `Scenario`.
/// Every problem in every file is collected and returned together; nothing is read
/// half-way into a scenario.
public enum ScenarioLoader {
    /// Loads `base` with `overlays` applied in order, then `settings` (`KEY.PATH=VALUE`,
    /// as `hnf run --set`). National data is needed only when the scenario derives its
    /// stock from SEN2. Throws every problem in every file at once, each located
    /// (`file:line:col`), as one `InvalidInput`.
    public static func load(
        _ base: String, overlays: [String] = [], settings: [String] = [], blocks: FundingRegistry,
        national: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        try load(try merge(base, overlays: overlays), settings: settings, blocks: blocks, national: national)
    }

    /// A scenario file with its overlays applied, read once and kept in memory: what a
    /// command that loads the same files again and again (`hnf serve`, a what-if per
    /// change) starts from, so a file edited while it runs cannot make its runs disagree.
    public struct Merged: Sendable {
        public let document: SourceNode
        public let files: [String]
        let names: [String]
        let removals: [Overlay.Change]
    }

    /// Reads `base` and applies `overlays` in order; throws every problem in every file.
    public static func merge(_ base: String, overlays: [String] = []) throws(InvalidInput) -> Merged {
        var diagnostics: [Diagnostic] = []
        var names: [String] = []
        guard var document = readDocument(base, &diagnostics) else { throw InvalidInput(diagnostics) }
        var removals: [Overlay.Change] = []
        for path in overlays {
            guard let overlayDocument = readDocument(path, &diagnostics) else { continue }
            let (overlay, problems) = Overlay.read(overlayDocument, file: path)
            diagnostics += problems
            guard let overlay else { continue }
            names.append(overlay.name)
            let (applied, applyProblems) = overlay.apply(to: document)
            diagnostics += applyProblems
            document = applied
            removals += overlay.changes.filter { $0.operation == .remove }
        }
        guard diagnostics.isEmpty else { throw InvalidInput(diagnostics) }
        return Merged(document: document, files: [base] + overlays, names: names, removals: removals)
    }

    /// The merged files with `settings` applied, checked and typed.
    public static func load(
        _ merged: Merged, settings: [String] = [], blocks: FundingRegistry, national: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        var document = merged.document
        if !settings.isEmpty {
            var (overlay, problems) = Overlay.assignments(settings)
            if let overlay {
                let (applied, applyProblems) = overlay.apply(to: document)
                problems += applyProblems
                document = applied
            }
            guard problems.isEmpty else { throw InvalidInput(problems) }
        }
        do throws(InvalidInput) {
            var loaded = try scenario(from: document, files: merged.files, blocks: blocks, national: national)
            loaded.overlayNames = merged.names
            return loaded
        } catch {
            throw InvalidInput(error.diagnostics.map { blameRemoval($0, merged.removals) })
        }
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
        let (node, problems) = SourceNode.parse(yaml: text, file: path)
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
}
