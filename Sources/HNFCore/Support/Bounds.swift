/// The largest figures any input may hold: beyond these a number is a typing slip, not a
/// local authority (England's whole high needs block is about £11bn). The scenario schema
/// and the national-data readers refuse the same values.
public enum Bounds {
    /// £100bn.
    public static let largestMoney = 1e11
    /// Ten million children or places.
    public static let largestCount = 1e7
}
