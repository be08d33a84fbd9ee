import HNFCore

/// A formula block a scenario funds high needs through, beyond each child's own top-up,
/// fee and place funding (which the settings state and the engine costs child by child).
/// Each block type is one file holding everything about it, as an OpenFisca variable keeps
/// its label, reference and formula together: the fields it takes under
/// `funding.blocks.<id>`, the checks the schema cannot state, how it is read from a
/// validated document, what its payment reads (for the parameter trace), how a draw pays
/// it per locality and year, and how `hnf explain` shows it.
///
/// This layer declares what the loader needs of a block (its schema, checks and decoding);
/// the engine's `FundingFormula` adds how it is paid and explained. The block types live
/// in HNFFunding, above both, and reach the loader as a `FundingRegistry` handed in from
/// there, as swift-argument-parser hands a command its subcommands.
///
/// All blocks are paid per financial year, year *c* being the step from January *c* to
/// January *c + 1*, from this January's children and pupils on SEN support.
package protocol FundingRule: Sendable {
    /// The `type:` a scenario names the block by.
    static var typeName: String { get }
    /// The block's own fields, beside `type`, `description` and `from` (which every block
    /// takes). A field another block also takes must have the same shape there.
    static var fields: [Field] { get }
    /// Fields a block of this type must give (reported one by one when missing).
    static var requiredFields: [String] { get }
    /// Why a scenario may hold at most one block of this type (nil: any number).
    static var onlyOne: String? { get }
    /// Checks the schema cannot state, on a block of this type at `path`.
    static func check(_ block: SourceNode, path: String, document: SourceNode) -> [Diagnostic]
    /// The rule from a block the validator has accepted: reads fall back to neutral values.
    init(decoding block: SourceNode)

    /// Settings whose top-ups the block pays instead, in the years it pays.
    var replaces: [String] { get }
}

extension FundingRule {
    package static var requiredFields: [String] { [] }
    package static var onlyOne: String? { nil }
    package static func check(_ block: SourceNode, path: String, document: SourceNode) -> [Diagnostic] { [] }
    package var replaces: [String] { [] }
}

/// A funding block as the scenario names it.
public struct NamedFundingBlock: Sendable {
    public var id: String
    public var description: String
    /// The first financial year the block pays in (every year when not given).
    public var from: Int?
    package var rule: any FundingRule

    public func isActive(in year: Int) -> Bool { from.map { year >= $0 } ?? true }
    /// The `type:` the scenario names the block by.
    public var typeName: String { type(of: rule).typeName }
}
