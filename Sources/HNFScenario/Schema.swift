import HNFCore

/// The shape a value in a YAML input must have. Schemas are data: the validator walks a
/// document and a shape together, so a new scenario field is one line in
/// `ScenarioSchema`, and its checks (type, range, references, sums) come with it.
public indirect enum Shape: Sendable {
    /// Free text, or one of a fixed list of words.
    case text(choices: [String]? = nil)
    /// A whole number within bounds.
    case integer(min: Int? = nil, max: Int? = nil)
    /// A number within bounds; `unit` names it in messages ("£", "pupils", "a probability").
    case number(min: Double? = nil, max: Double? = nil, unit: String)
    case boolean
    /// A mapping with known keys.
    case record(Record)
    /// A mapping whose keys follow a rule (names of localities, years, …), all values one shape.
    /// With `total`, the values are shares that must add up to it.
    case map(keys: KeyRule, values: Shape, total: Double? = nil)
    /// A list whose items share one shape.
    case list(Shape, minCount: Int = 0)
    /// A value that may change by year: either the value itself, or a mapping from the
    /// year a value starts to that value (`{2024: 9300, 2026: 9800}`).
    case dated(Shape)
    /// Amounts that fall in particular years only: a mapping from year to amount.
    case schedule(Shape)
    /// A number that is either fixed or drawn from a declared distribution (normal,
    /// lognormal, beta, uniform). The bounds apply to fixed values and to a distribution's
    /// support or mean.
    case uncertain(min: Double? = nil, max: Double? = nil, unit: String)
    /// Text that names something declared elsewhere in the document.
    case reference(Namespace)
    /// Any value at all (checked elsewhere, e.g. an overlay's changes once applied).
    case anything
}

/// A mapping with known keys.
public struct Record: Sendable {
    public var fields: [Field]
    /// Groups of keys of which exactly one must be present (e.g. `derive` or `cells`).
    public var exactlyOneOf: [[String]]
    /// A tagged union: which of `fields` each value of a tag key allows.
    public var variants: Variants?

    public init(_ fields: [Field], exactlyOneOf: [[String]] = [], variants: Variants? = nil) {
        self.fields = fields
        self.exactlyOneOf = exactlyOneOf
        self.variants = variants
    }
}

/// A record whose fields depend on one key's value (a block's or a response's `type`):
/// `fields` lists every field any variant has, so key paths resolve whatever the variant,
/// and the validator refuses a field the given variant does not have at its line. Fields
/// no variant names are common to all.
public struct Variants: Sendable {
    /// The key whose value picks the variant (`type`).
    public var tag: String
    /// For each value of the tag, the fields beyond the common ones that it allows.
    public var fields: [String: [String]]

    public init(tag: String, fields: [String: [String]]) {
        (self.tag, self.fields) = (tag, fields)
    }

    /// The fields a record tagged `value` may have (nil for an unknown value, which the
    /// tag's own choices refuse).
    func allowed(_ value: String, in record: Record) -> [String]? {
        guard let own = fields[value] else { return nil }
        let variantFields = Set(fields.values.joined())
        return record.fields.map(\.name).filter { !variantFields.contains($0) || own.contains($0) }
    }
}

public struct Field: Sendable {
    public var name: String
    public var shape: Shape
    public var required: Bool

    public static func required(_ name: String, _ shape: Shape) -> Field {
        Field(name: name, shape: shape, required: true)
    }

    public static func optional(_ name: String, _ shape: Shape) -> Field {
        Field(name: name, shape: shape, required: false)
    }
}

/// The rule for the keys of a `map`.
public enum KeyRule: Sendable {
    /// A name made of letters, digits, `_` and `-`, starting with a letter.
    case identifier
    /// An age in whole years, 0 to 25.
    case age
    /// A name declared in the document (a locality, a setting, …), or one of `extra`.
    case namespace(Namespace, extra: [String] = [])
}

/// Kinds of names a document declares or hnf fixes, that other values refer to.
public enum Namespace: String, Sendable, CaseIterable {
    case locality, setting, need, band, phase, transfer, group, sen2Column = "SEN2 placement column", localityFactor =
        "locality factor"

    /// How the namespace is named in messages ("a setting declared under `settings`").
    public var declaredWhere: String {
        switch self {
        case .locality: return "a locality declared under `localities`"
        case .setting: return "a setting declared under `settings`"
        case .need: return "a need declared under `needs` (by default the SEN2 codes)"
        case .band: return "a band declared under `bands`"
        case .phase: return "a phase"
        case .transfer: return "a phase transfer"
        case .group: return "a DfE placement group"
        case .sen2Column: return "a SEN2 placement column"
        case .localityFactor: return "a numeric locality field"
        }
    }
}
