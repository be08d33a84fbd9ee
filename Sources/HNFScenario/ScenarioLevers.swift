import Foundation
import HNFCore

/// The values of a scenario a Forum member can change and see the effect of (`hnf serve`'s
/// levers): top-ups, fees and place funding by setting and band, commissioned places, every
/// number under `funding` (thresholds, locality budgets, transition funding, responses),
/// new-plan rates and growth, ceasing rates, and the block's growth and other income.
///
/// Read from the merged document (scenario and overlays) alongside the schema, so each
/// lever has the unit and bounds the validator applies, the file and line that set it and
/// the comment written beside it. A lever's `path` is a `--set` key path: changing a lever
/// is `--set path=value`, checked by the same loader.
public struct ScenarioLevers: Sendable {
    public struct Lever: Sendable, Equatable, Codable {
        /// A `--set` key path (`settings.mainstream.top_up.B1`, `funding.blocks.x.pot.2026`).
        public var path: String
        /// What a headteacher calls it: "Mainstream school: top-up, Band 1".
        public var label: String
        /// Which part of the page it belongs to ("Top-ups, fees and places", ...).
        public var group: String
        public var value: Double
        /// The schema's unit ("£", "a share from 0 to 1", ...).
        public var unit: String
        public var min: Double?
        public var max: Double?
        public var wholeNumber: Bool
        /// Where the value was written (an overlay's line when an overlay set it).
        public var file: String
        public var line: Int
        /// The comment beside the value (its source or ASSUMPTION), when it has one.
        public var comment: String?
    }

    public var levers: [Lever]

    /// The groups in page order, each with the key paths that belong to it.
    static let groups: [(name: String, pattern: String)] = [
        (
            "Top-ups, fees and places",
            #"^settings\.[^.]+\.(top_up\.[^.]+|fee|place_funding|capacity\.[^.]+)(\.[0-9]{4})?$"#
        ),
        ("Funding: blocks, thresholds and responses", #"^funding\."#),
        ("New plans", #"^flows\.new_plans\.(rate_per_1000|per_year|growth)(\.|$)"#),
        ("Plans ceasing", #"^flows\.ceasing\.rate\."#),
        ("Income", #"^budget\.(high_needs_block\.(growth|increments)|other_income\.[^.]+\.amounts)(\.|$)"#),
    ]

    /// `texts`: the files' texts as loaded (`Scenario.sourceTexts`), where comments are read.
    public init(_ document: SourceNode, blocks: FundingRegistry, texts: [String: String] = [:]) {
        var found: [Leaf] = []
        Self.collect(document, blocks.scenario, [], &found)
        let patterns = Self.groups.map { ($0.name, try! Regex($0.pattern)) }
        var comments = SourceComments(texts: texts)
        // Group by group, in document order within each.
        levers = patterns.flatMap { group, pattern in
            found.compactMap { leaf -> Lever? in
                let path = KeyPath.render(leaf.steps)
                guard path.contains(pattern) else { return nil }
                return Lever(
                    path: path, label: Self.label(leaf.steps, in: document), group: group, value: leaf.value,
                    unit: leaf.unit, min: leaf.min, max: leaf.max, wholeNumber: leaf.wholeNumber,
                    file: leaf.location.file, line: leaf.location.line,
                    comment: comments.comment(document, leaf.steps, valueAt: leaf.overlaid ? leaf.location : nil))
            }
        }
    }

    /// The groups' names, in page order.
    public static var groupNames: [String] { groups.map(\.name) }

    /// The lever at a key path, if the scenario has one there.
    public func lever(_ path: String) -> Lever? { levers.first { $0.path == path } }

    /// A numeric value in the document, with the shape that accepts it.
    struct Leaf {
        var steps: [KeyPath.Step]
        var value: Double
        var unit: String
        var min: Double?
        var max: Double?
        var wholeNumber: Bool
        var location: SourceLocation
        /// Written somewhere other than under its key (an overlay's `set`).
        var overlaid: Bool
    }
}
