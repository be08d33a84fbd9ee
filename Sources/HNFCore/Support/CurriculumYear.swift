/// National curriculum years and the ages hnf keys children by.
///
/// hnf's age is the age a child reaches during the academic year that contains the January
/// it is counted in, so reception (curriculum year 0) is age 4, year 11 is age 15, and
/// witan.send's academic years (nursery negative, post-16 12–14, post-19 up to 20) map
/// one to one.
public enum CurriculumYear {
    /// The difference between an age and its curriculum year.
    public static let offset = 4

    /// The age of children in curriculum year `year`.
    public static func age(_ year: Int) -> Int { year + offset }

    /// The curriculum year of children of `age`.
    public static func year(ofAge age: Int) -> Int { age - offset }
}
