import HNFCore

/// The funding block types a scenario may name, in the order the schema lists them, and
/// the scenario schema that follows from them. The loader, the checks and the levers take
/// it as an argument: the types are declared above this layer (HNFFunding's `standard`),
/// so it is handed in, never looked up.
public struct FundingRegistry: Sendable {
    package let types: [any FundingRule.Type]
    /// The whole scenario schema with these blocks under `funding.blocks`.
    package let scenario: Shape

    /// The registry of these rules. The engine's `init(_:)` is the one to call: it takes
    /// only types it can pay (`FundingFormula`), so the check is the compiler's.
    package init(rules types: [any FundingRule.Type]) {
        self.types = types
        scenario = ScenarioSchema.scenario(blocks: types)
    }

    /// The registered type named `typeName`.
    package func type(named typeName: String) -> (any FundingRule.Type)? {
        types.first { $0.typeName == typeName }
    }

    /// Every type's fields, each name once (the first type to declare it gives its shape).
    package static func fields(of types: [any FundingRule.Type]) -> [Field] {
        var seen: Set<String> = []
        return types.flatMap { $0.fields }.filter { seen.insert($0.name).inserted }
    }

    /// The block the scenario declares as `id`; nil for a type that is not a formula block
    /// (`banded_top_up` is a band system, decoded with the settings' costs).
    package func decode(_ id: String, _ node: SourceNode) -> NamedFundingBlock? {
        guard let type = node["type"]?.text.flatMap(type(named:)) else { return nil }
        return NamedFundingBlock(
            id: id, description: node["description"]?.text ?? "", from: node["from"]?.integer,
            rule: type.init(decoding: node))
    }
}
