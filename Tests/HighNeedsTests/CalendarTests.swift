import HighNeeds
import Testing

/// The year conventions every report shares: financial years named by the year they start,
/// costed on the January inside them; ages as curriculum year + 4.
@Suite struct CalendarTests {
    @Test(arguments: [(2025, "2025-26"), (2099, "2099-00"), (2008, "2008-09"), (2019, "2019-20")])
    func financialYearLabel(start: Int, label: String) {
        #expect(FinancialYear(start).label == label)
        #expect(FinancialYear(start).description == label)
    }

    @Test func theJanuaryInsideAFinancialYear() {
        #expect(
            FinancialYear(containing: 2026) == FinancialYear(2025), "January 2026 falls in April 2025 to March 2026")
        #expect(FinancialYear(2024) < FinancialYear(2025))
    }

    @Test(arguments: [(0, 4), (11, 15), (-1, 3), (14, 18), (20, 24)])
    func curriculumYearsAndAges(year: Int, age: Int) {
        #expect(CurriculumYear.age(year) == age)
        #expect(CurriculumYear.year(ofAge: age) == year)
    }
}
