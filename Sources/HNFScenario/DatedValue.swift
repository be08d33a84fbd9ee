import HNFCore

/// A parameter whose value can change by year, as OpenFisca dates its parameters.
///
/// `{2024: 9300, 2026: 9800}` means 9,300 from 2024 and 9,800 from 2026 on. A plain value
/// holds in every year. Asked for a year before the first date, it gives the first value
/// (a scenario states what holds at its start; earlier years are not simulated).
public struct DatedValue<Value: Sendable>: Sendable {
    /// (first year, value), sorted by year. A plain value is stored at `Int.min`.
    public private(set) var steps: [(year: Int, value: Value)]

    public init(_ value: Value) {
        steps = [(Int.min, value)]
    }

    public init(steps: [(year: Int, value: Value)]) {
        precondition(!steps.isEmpty, "a dated value needs at least one value")
        self.steps = steps.sorted { $0.year < $1.year }
    }

    /// The value in force in `year`. Inlinable: the engine reads dated values in every
    /// draw, and a generic call across the module boundary would not be specialised (it
    /// looked up type metadata at run time: 5% of a Kent run when the layers were split).
    @inlinable public func value(in year: Int) -> Value {
        steps.last { $0.year <= year }?.value ?? steps[0].value
    }
}

extension DatedValue {
    /// Reads a node the validator has accepted as `Shape.dated(inner)`.
    init?(_ node: SourceNode, inner: Shape, _ read: (SourceNode) -> Value?) {
        if let entries = node.entries, Validator.isYearKeyed(node, inner) {
            var steps: [(Int, Value)] = []
            for entry in entries {
                guard let year = Int(entry.key), let value = read(entry.value) else { return nil }
                steps.append((year, value))
            }
            guard !steps.isEmpty else { return nil }
            self.init(steps: steps)
        } else {
            guard let value = read(node) else { return nil }
            self.init(value)
        }
    }
}
