import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

/// The pieces every CSV reader shares (issue 26, classes 7 and 8): numbers in plain
/// digits, and fields split strictly, each problem at its column.
@Suite struct CSVReadingTests {
    @Test(arguments: [
        ("12", 12.0), ("-0.5", -0.5), ("44867520326.84", 44_867_520_326.84), ("0", 0), ("007", 7),
    ])
    func plainDecimalsRead(text: String, value: Double) {
        #expect(PlainDecimal.number(text) == value)
    }

    /// Each of these `Double("…")` reads as a number (or nearly), and none is a number a table writes.
    @Test(arguments: ["0x10", "1e3", "inf", "nan", "+5", ".5", "5.", "1_000", " 5", "5 ", "", "-", "1,000", "١٢"])
    func otherFormsAreNotPlainDecimals(text: String) {
        #expect(PlainDecimal.number(text) == nil, "\(text)")
    }

    @Test(arguments: [
        ("1,234", 1234.0), ("12,345,678.5", 12_345_678.5), ("999", 999),
    ])
    func thousandsAreGroupedInThrees(text: String, value: Double) {
        #expect(PlainDecimal.number(text, .init(thousands: true)) == value)
    }

    @Test(arguments: ["1,2,3", "1234,567", "1,23", "1,2345", ",123", "123,"])
    func badGroupsAreNotNumbers(text: String) {
        #expect(PlainDecimal.number(text, .init(thousands: true)) == nil, "\(text)")
    }

    @Test func exponentsOnlyWhereAllowed() {
        #expect(PlainDecimal.number("1e+05", .init(exponent: true)) == 100_000)
        #expect(PlainDecimal.number("2.5E-3", .init(exponent: true)) == 0.0025)
        #expect(PlainDecimal.number("1e", .init(exponent: true)) == nil)
        #expect(PlainDecimal.integer("-12") == -12 && PlainDecimal.integer("+12") == nil)
    }

    /// A line, and the fields or the column of the problem.
    @Test(
        arguments: [
            ("a,\"b, c\",d", ["a", "b, c", "d"], nil),
            ("a,\"say \"\"hi\"\"\",", ["a", "say \"hi\"", ""], nil),
            ("£,é,x", ["£", "é", "x"], nil),
            ("a,\"b\"c,d", [], 6),
            ("a,\"b,\"c,d", [], 7),
            ("a,b\"c", [], 4),
            ("a,\"bc", [], 3),
            ("é,\u{7}", [], 3),
            ("a,b\u{2028}c", [], 4),
        ] as [(String, [String], Int?)])
    func linesSplitStrictly(line: String, fields: [String], problemColumn: Int?) {
        let (split, problem) = LocatedCSV.split(line, file: "f.csv", line: 1)
        #expect(split.map(\.text) == fields)
        #expect(problem?.location?.column == problemColumn, "\(problem?.description ?? "no problem")")
    }

    /// `largestRemainder` picks the remainders with a heap now; its counts must be those
    /// of the stable sort it replaces, ties to the earlier index, for any weights.
    @Test(arguments: 0..<200)
    func largestRemainderMatchesTheSortItReplaced(seed: Int) {
        var generator = SplitMix(seed: UInt64(seed))
        let n = 1 + Int(generator.next() % 300)
        // Few distinct weights, so that ties are common.
        let weights = (0..<n).map { _ in Double(generator.next() % 7) / Double(1 + generator.next() % 3) }
        let total = Int(generator.next() % 1_000)
        #expect(StockDerivation.largestRemainder(total, weights) == Self.bySorting(total, weights))
    }

    static func bySorting(_ total: Int, _ weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0.rounded(.down)) }
        let left = total - counts.reduce(0, +)
        let order = exact.indices.sorted { a, b in
            let ra = exact[a] - Double(counts[a]), rb = exact[b] - Double(counts[b])
            return ra != rb ? ra > rb : a < b
        }
        for i in order.prefix(left) { counts[i] += 1 }
        return counts
    }

}
