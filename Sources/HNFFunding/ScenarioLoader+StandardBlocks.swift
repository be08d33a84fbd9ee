import HNFCore
import HNFEngine
import HNFScenario

// The loader and the levers with the block types hnf ships, for every command and study
// above this layer (the scenario layer takes the registry as an argument).

extension ScenarioLoader {
    /// `load(_:overlays:settings:blocks:national:)` with hnf's own block types.
    public static func load(
        _ base: String, overlays: [String] = [], settings: [String] = [], options: [ScenarioSetting] = [],
        national: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        try load(base, overlays: overlays, settings: settings, options: options, blocks: .standard, national: national)
    }

    /// `load(_:settings:blocks:national:)` with hnf's own block types.
    public static func load(
        _ merged: Merged, settings: [String] = [], options: [ScenarioSetting] = [], national: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        try load(merged, settings: settings, options: options, blocks: .standard, national: national)
    }

    /// `scenario(from:files:blocks:national:)` with hnf's own block types.
    public static func scenario(
        from document: SourceNode, files: [String], national: () throws -> NationalData
    ) throws(InvalidInput) -> Scenario {
        try scenario(from: document, files: files, blocks: .standard, national: national)
    }
}

extension ScenarioLevers {
    /// The levers of a merged document with hnf's own block types.
    public init(_ document: SourceNode, texts: [String: String] = [:]) {
        self.init(document, blocks: .standard, texts: texts)
    }
}
