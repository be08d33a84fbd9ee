import HighNeeds
import Testing

/// The year a placement gap closes, as the run report states it: the first year by which
/// at least half of the draws have closed it, or none.
@Suite struct GapClosureTests {
    static let never = Double.infinity

    @Test(
        arguments: [
            ([2027, 2028, 2029, 2030], 2028),  // two of four by 2028
            ([2027, 2028, 2029], 2028),  // two of three
            ([2026, never, never, 2030], 2030),  // half by 2030
            ([2026, never, never, never], nil),  // only a quarter ever close
            ([never, never, 2026], nil),  // a third
            ([2031], 2031),
        ] as [([Double], Int?)])
    func firstYearClosedInHalf(years: [Double], expected: Int?) {
        #expect(RunReport.firstYearClosedInHalf(years) == expected)
    }
}
