import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension LocalityTable {
    /// The scenario `text` (parsed as `document`) with its `localities:` section replaced by
    /// the table's rows, everything else as written, comments included. A locality the
    /// scenario already has keeps its own `flows` (as written). With plans by setting, a
    /// stock derived from SEN2 is split by them (`split: plans_by_setting`).
    public func scenarioYAML(_ text: String, document: SourceNode, command: String) throws -> String {
        try written(text, document: document, command: command).yaml
    }

    /// The scenario as `scenarioYAML` writes it, with where each of its lines came from.
    public func written(_ text: String, document: SourceNode, command: String) throws -> Written {
        var lines = text.components(separatedBy: "\n")
        var origins = lines.indices.map { Origin.scenario(line: $0 + 1) }
        let top = document.entries ?? []
        guard let k = top.firstIndex(where: { $0.key == "localities" }) else {
            throw InvalidInput([
                Diagnostic(
                    at: document.location, keyPath: "localities", found: "no `localities` section",
                    expected: "a scenario with localities to replace")
            ])
        }
        var first = top[k].keyLocation.line - 1
        var end = k + 1 < top.count ? top[k + 1].keyLocation.line - 1 : lines.count
        // Comments just above the next key are that key's; those just above `localities` go with it.
        while end > first + 1, Self.isCommentOrBlank(lines[end - 1]) { end -= 1 }
        while first > 0, lines[first - 1].hasPrefix("#") { first -= 1 }
        // Once, not once per row: asked for each row it made 10^5 rows take minutes.
        let plansGiven = rows.contains { !$0.plans.isEmpty }
        var section = YAMLDocument.sectionHeader(
            "localities",
            comments: [
                "Localities imported by `\(command)`: one row per locality of \(URL(fileURLWithPath: file).lastPathComponent);",
                "each says where its figures come from.",
            ]
                + (plansGiven
                    ? [
                        "Plans by setting are local data: each setting's SEN2 plans are split between localities by them."
                    ] : [])
        ).map { ($0, Origin.csv(line: 1)) }
        // Looked up by id once (`SourceNode[key]` walks the entries).
        var existing: [String: SourceNode] = [:]
        for entry in document["localities"]?.entries ?? [] where existing[entry.key] == nil {
            existing[entry.key] = entry.value
        }
        let csvName = URL(fileURLWithPath: file).lastPathComponent
        section.reserveCapacity(section.count + rows.count * 7)
        for row in rows {
            section += localityYAML(
                row, keeping: existing[row.id], lines: lines, plansGiven: plansGiven, csvName: csvName)
        }
        // Edit from the bottom up, so earlier line numbers stay right.
        var edits: [(range: Range<Int>, with: [(String, Origin)])] = [(first..<end, section)]
        if plansGiven, let split = document["ehc_plans"]?["derive"]?["split"], split.text != "plans_by_setting" {
            let i = split.location.line - 1, column = split.location.column - 1
            let kept = String(lines[i].prefix(column))
            edits.append(
                (
                    i..<(i + 1),
                    [
                        (
                            kept
                                + YAMLNode.word("plans_by_setting").inlineText(
                                    trailing: YAMLComment(
                                        "each setting's SEN2 plans shared by the localities' own counts (localities)",
                                        gap: 3)),
                            .scenario(line: i + 1)
                        )
                    ]
                ))
        }
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            lines.replaceSubrange(edit.range, with: edit.with.map(\.0))
            origins.replaceSubrange(edit.range, with: edit.with.map(\.1))
        }
        return Written(yaml: lines.joined(separator: "\n"), origins: origins)
    }

    static func isCommentOrBlank(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// One locality as YAML lines, two spaces in, each with its origin: the CSV row, or
    /// the scenario's own lines for the flows it keeps.
    func localityYAML(
        _ row: Row, keeping existing: SourceNode?, lines: [String], plansGiven: Bool, csvName: String
    ) -> [(
        String, Origin
    )] {
        var fields = [
            YAMLEntry(
                "name", .quoted(row.name),
                after: [
                    (row.source.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? "no source given")
                        + " (\(csvName), line \(row.line))"
                ]),
            YAMLEntry(
                "population",
                .block([
                    row.populationByAge.isEmpty
                        ? YAMLEntry("by_phase", Self.inline(row.populationByPhase.map { ($0.0.rawValue, $0.1) }))
                        : YAMLEntry("by_age", Self.inline(row.populationByAge.map { (String($0.0), $0.1) }))
                ])),
        ]
        fields += row.figures.map { YAMLEntry($0.0, Self.node($0.1)) }
        if !row.senSupport.isEmpty {
            fields.append(YAMLEntry("sen_support", Self.inline(row.senSupport.map { ($0.0.rawValue, $0.1) })))
        }
        if plansGiven { fields.append(YAMLEntry("plans_by_setting", Self.inline(row.plans))) }
        var located = Self.lines(YAMLDocument([YAMLEntry(row.id, .block(fields))]), indent: 2).map {
            ($0, Origin.csv(line: row.line))
        }
        if let flows = existing?.entries?.first(where: { $0.key == "flows" }) {
            located +=
                Self.originalText(flows, lines: lines, indent: 4)?.map { ($0.text, Origin.scenario(line: $0.line)) }
                ?? Self.lines(YAMLDocument([YAMLEntry("flows", YAMLNode(flows.value))]), indent: 4).map {
                    ($0, Origin.scenario(line: flows.keyLocation.line))
                }
        }
        return located
    }

    /// The document's lines, `indent` spaces in.
    static func lines(_ document: YAMLDocument, indent: Int) -> [String] {
        document.text(indent: indent).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(
            String.init)
    }

    static func inline(_ pairs: [(String, Double)]) -> YAMLNode { .flow(pairs.map { ($0.0, node($0.1)) }) }

    /// A figure as the CSV gave it: whole numbers without a point, others in full.
    static func node(_ value: Double) -> YAMLNode {
        .number(value, value == value.rounded() && abs(value) < 1e15 ? .places(0) : .exact)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The lines that wrote a block-style key and its value, comments included, moved to
    /// `indent` spaces; nil when the key shares its line with another (flow style).
    static func originalText(_ entry: SourceNode.Entry, lines: [String], indent: Int) -> [(text: String, line: Int)]? {
        let start = entry.keyLocation.line - 1, column = entry.keyLocation.column - 1
        guard lines.indices.contains(start), lines[start].prefix(column).allSatisfy({ $0 == " " }) else { return nil }
        var end = start + 1
        while end < lines.count {
            let line = lines[end]
            let leading = line.prefix { $0 == " " }.count
            if !line.trimmingCharacters(in: .whitespaces).isEmpty && leading <= column { break }
            end += 1
        }
        while end > start + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        return (start..<end).map { i in
            let leading = lines[i].prefix { $0 == " " }.count
            let kept = String(lines[i].dropFirst(min(leading, column)))
            return (kept.isEmpty ? "" : String(repeating: " ", count: indent) + kept, i + 1)
        }
    }

    /// The CSV `hnf localities template` prints: the scenario's localities as the import
    /// reads them, with its figures filled in, for an LA to overwrite with its own. Plans by
    /// setting are filled only where they are local data already (`LocalityEvidence`): a
    /// split of the LA's SEN2 figures left in the columns would come back from the import as
    /// "local data", so the columns are left for the LA's own counts, and the source says so.
    public static func template(_ scenario: Scenario, shownAs name: String) -> String {
        let byAge = scenario.localities.contains { !$0.populationByAge.isEmpty }
        let ages = Array(Set(scenario.localities.flatMap { $0.populationByAge.keys })).sorted()
        var header = ["id", "name", "source"]
        header += byAge ? ages.map { "\(agePrefix)\($0)" } : Phase.allCases.map { "\(phasePrefix)\($0.rawValue)" }
        header +=
            figureColumns + Phase.allCases.map { "\(supportPrefix)\($0.rawValue)" }
            + scenario.settings.map { "\(plansPrefix)\($0.id)" }
        var plans: [String: [String: Int]] = [:]
        for cell in scenario.stock { plans[cell.locality, default: [:]][cell.setting, default: 0] += cell.count }
        var out = [header.joined(separator: ",")]
        let plansKnown = scenario.localityEvidence == .localData || scenario.localities.count == 1
        let source =
            "the figures of \(name) (hnf localities template): replace with the LA's own, and say where they come from"
            + (plansKnown
                ? ""
                : "; plans_ columns left blank: this scenario's plans by locality are a split of SEN2, not counts, so give the LA's own")
        for l in scenario.localities {
            var row = [l.id, l.name, source]
            row +=
                byAge
                ? ages.map { l.populationByAge[$0].map { number($0.value(in: scenario.meta.baseYear)) } ?? "" }
                : Phase.allCases.map { l.population[$0].map(number) ?? "" }
            row += [l.pupilsOnRoll, l.fsm, l.lowPriorAttainment, l.planShare, l.deprivation].map {
                $0.map(number) ?? ""
            }
            row += Phase.allCases.map { l.senSupport[$0].map(number) ?? "" }
            row += scenario.settings.map { plansKnown ? String(plans[l.id]?[$0.id] ?? 0) : "" }
            out.append(row.map(csvField).joined(separator: ","))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
