import HNFCore

/// The funding block types a scenario may name, in the order the schema lists them. A new
/// block type is one file conforming to `FundingRule` and one line here.
enum FundingBlocks {
    static let registry: [any FundingRule.Type] = [
        LocalityBudget.self,
        TransitionFunding.self,
        SupportWithoutPlan.self,
    ]

    /// The registered type named `typeName`.
    static func type(named typeName: String) -> (any FundingRule.Type)? {
        registry.first { $0.typeName == typeName }
    }

    /// Every registered block's fields, each name once (the first block to declare it
    /// gives its shape).
    static var fields: [Field] {
        var seen: Set<String> = []
        return registry.flatMap { $0.fields }.filter { seen.insert($0.name).inserted }
    }

    /// The block the scenario declares as `id`; nil for a type that is not a formula block
    /// (`banded_top_up` is a band system, decoded with the settings' costs).
    static func decode(_ id: String, _ node: SourceNode) -> NamedFundingBlock? {
        guard let type = node["type"]?.text.flatMap(type(named:)) else { return nil }
        return NamedFundingBlock(
            id: id, description: node["description"]?.text ?? "", from: node["from"]?.integer,
            rule: type.init(decoding: node))
    }
}
