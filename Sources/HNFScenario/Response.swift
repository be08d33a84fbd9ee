import HNFCore

/// A behavioural response to a funding change: an assumption the scenario states, with
/// its uncertainty, applied to the flows from a year on. Never a hidden constant.
public struct Response: Sendable {
    public enum Effect: Sendable {
        /// Of the children who would move out of `setting` at `transfer`, this share stays.
        case retentionAtTransfer(transfer: Transfer, setting: String)
        /// New plans change by this share (−0.05: 5% fewer).
        case newPlanRate
        /// Of the new plans that would start in `settings` (in `phases`; all when empty),
        /// this share starts in `to` instead (where `to` takes the child's age): e.g. new
        /// resourced places taking children who would have gone to special schools.
        case joinerShift(settings: [String], to: String, phases: [Phase])
    }

    public var id: String
    public var effect: Effect
    public var size: Distribution
    public var from: Int
    /// Why the scenario believes it (shown in `hnf explain` and the report).
    public var because: String
}
