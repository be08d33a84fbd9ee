import HNFCore

/// A new band system for top-ups (`type: banded_top_up`): from `from`, children in
/// `settings` are topped up at `values` by band instead of the settings' own `top_up`.
/// Children already funded (with a plan in the January the system starts) either move
/// to the new values at once (`immediate`) or keep their old band value until their next
/// phase transfer (`protected`), the usual transition rule for a new banding system.
public struct BandSystem: Sendable {
    public enum Existing: String, Sendable { case immediate, protected }
    public var id: String
    public var from: Int
    public var settings: [String]
    /// £ a year by band id.
    public var values: [String: Double]
    public var existing: Existing
}
