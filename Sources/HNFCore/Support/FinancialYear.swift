import Foundation

/// An English financial year, April to March, named by the calendar year it starts in:
/// `FinancialYear(2025)` is April 2025 to March 2026, written `2025-26`.
///
/// hnf's projection step from January *c* to January *c + 1* is financial year *c*: it is
/// costed on the children of January *c + 1*, the January inside it.
public struct FinancialYear: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The calendar year the financial year starts in (April).
    public let start: Int

    public init(_ start: Int) { self.start = start }

    /// The financial year that contains January `january` (it started the April before).
    public init(containing january: Int) { start = january - 1 }

    /// `2025-26`: the start year and the last two digits of the next.
    public var label: String { "\(start)-\(String(format: "%02d", (start + 1) % 100))" }

    public var description: String { label }

    public static func < (a: FinancialYear, b: FinancialYear) -> Bool { a.start < b.start }
}
