import HNFCore

extension Shape {
    /// The shape of the value `steps` below a value of this shape: a record's field, a map's
    /// or a list's values, the value in force under a dated value's year, a distribution's
    /// parameter; nil where the schema has no such value (so a key path no scenario can
    /// hold is told from one this scenario happens to leave out).
    public func at(_ steps: some Collection<KeyPath.Step>) -> Shape? {
        guard let step = steps.first else { return self }
        let rest = steps.dropFirst()
        switch (self, step) {
        case (.record(let record), .key(let key)):
            return record.fields.first { $0.name == key }?.shape.at(rest)
        case (.map(_, let values, _), .key):
            return values.at(rest)
        case (.list(let item, _), .index):
            return item.at(rest)
        case (.dated(let value), .key(let key)), (.schedule(let value), .key(let key)):
            // `{2024: 9300, 2026: 9800}`: a year's entry has the value's shape; any other
            // key belongs to the value itself (a dated distribution's `mean`).
            return Int(key) != nil ? value.at(rest) : value.at(steps)
        case (.uncertain(let min, let max, let unit), .key(let key)) where rest.isEmpty:
            return key == "dist" ? .text() : .number(min: min, max: max, unit: unit)
        default:
            return nil
        }
    }

    /// The unit the numbers of this shape are in (`£`, `a share from 0 to 1`, …): the value's
    /// own for a dated or scheduled one; nil for text, years, records and lists.
    public var unit: String? {
        switch self {
        case .number(_, _, let unit), .uncertain(_, _, let unit): unit
        case .dated(let value), .schedule(let value): value.unit
        default: nil
        }
    }

    /// Whether the value is money in pounds (`£`, or `£, negative for a deficit`).
    public var isMoney: Bool { unit?.hasPrefix("£") == true }

    /// Whether the value is a calendar year (`from`, `base_year`, `budget.prices.base`).
    public var isYear: Bool {
        if case .integer(let min, _) = self, let min, min >= 1900 { return true }
        return false
    }
}
