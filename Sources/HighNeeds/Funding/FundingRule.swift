import HNFCore

/// A formula block a scenario funds high needs through, beyond each child's own top-up,
/// fee and place funding (which the settings state and the engine costs child by child).
/// Each block type is one file holding everything about it, as an OpenFisca variable keeps
/// its label, reference and formula together: the fields it takes under
/// `funding.blocks.<id>`, the checks the schema cannot state, how it is read from a
/// validated document, what its payment reads (for the parameter trace), how a draw pays
/// it per locality and year, and how `hnf explain` shows it. `FundingBlocks.registry` lists
/// the types, as swift-argument-parser lists a command's subcommands.
///
/// All blocks are paid per financial year, year *c* being the step from January *c* to
/// January *c + 1*, from this January's children and pupils on SEN support.
protocol FundingRule: Sendable {
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

    /// The block's parameters each year's payment reads, as key paths under the block
    /// (recorded in the parameter trace while the plan compiles).
    var tracedKeys: [String] { get }
    /// Settings whose top-ups the block pays instead, in the years it pays.
    var replaces: [String] { get }
    /// What one draw needs to pay the block: compiled against the plan, with the draw's
    /// price in each step's financial year.
    func payer(plan: ProjectionPlan, prices: [Double]) -> any FundingPayer
    /// The steps `hnf explain` shows for the block in one locality and year.
    func explain(_ block: NamedFundingBlock, _ context: Explanation.BlockContext) -> [Explanation.Step]
}

extension FundingRule {
    static var requiredFields: [String] { [] }
    static var onlyOne: String? { nil }
    static func check(_ block: SourceNode, path: String, document: SourceNode) -> [Diagnostic] { [] }
    var replaces: [String] { [] }
}

/// One draw's payment of one block: called once a year, never per child from outside (a
/// block that pays children loops over them itself, without dynamic dispatch per child).
protocol FundingPayer {
    /// Pays block `k` for the year into `out.funding[k * L + l]` (and, where the money
    /// goes to children in a setting, `out.fundingBySetting`; `out.fundingFeasible[k]`
    /// where the rule can fail to meet its constraints).
    mutating func pay(_ year: FundingYear, block k: Int, _ out: inout StepOutcome)
}

/// What a year's payment may read: this January's children and pupils on SEN support.
struct FundingYear {
    let plan: ProjectionPlan
    /// The step, and the financial year it pays in.
    let t: Int
    let year: Int
    /// Whether the block pays this year (`from`).
    let active: Bool
    /// Children by locality x setting x band, `[(l * S + s) * B + b]`.
    let counts: OwnedBuffer<Int32>
    let population: Population
    /// Pupils on SEN support by locality x phase.
    let senSupport: [Double]
    /// The draw's price index in the step's financial year.
    let price: Double
}

/// A funding block as the scenario names it.
public struct NamedFundingBlock: Sendable {
    public var id: String
    public var description: String
    /// The first financial year the block pays in (every year when not given).
    public var from: Int?
    var rule: any FundingRule

    public func isActive(in year: Int) -> Bool { from.map { year >= $0 } ?? true }
    /// The `type:` the scenario names the block by.
    public var typeName: String { type(of: rule).typeName }
}
