/// England, one of its nine regions, or a local authority, as the SEN2 release names them.
public struct Area: Hashable, Sendable, Codable {
    public enum Level: String, Sendable, Codable, CaseIterable {
        case england, region, la
    }

    public var level: Level
    /// `E92000001` for England, the ONS code for a region (`E12000008`), the old 3-digit
    /// DfE number for an LA (`886`).
    public var code: String
    public var name: String
    /// The region an LA belongs to (empty for England and regions).
    public var regionCode: String

    public init(level: Level, code: String, name: String, regionCode: String = "") {
        self.level = level
        self.code = code
        self.name = name
        self.regionCode = regionCode
    }

    public static let englandCode = "E92000001"
}
