/// Phases of education by age at the start of the academic year, and the transfers
/// between them, where setting moves are far more likely than within a phase.
public enum Phase: String, CaseIterable, Sendable, Codable {
    case earlyYears = "early_years"  // ages 0-4
    case primary  // 5-10
    case secondary  // 11-15
    case post16  // 16-18
    case post19  // 19-25

    @inlinable public var ages: ClosedRange<Int> {
        switch self {
        case .earlyYears: return 0...4
        case .primary: return 5...10
        case .secondary: return 11...15
        case .post16: return 16...18
        case .post19: return 19...25
        }
    }

    /// Inlinable: the engine's joiners ask it for every age of every locality each step.
    @inlinable public static func of(age: Int) -> Phase {
        allCases.first { $0.ages.contains(age) } ?? .post19
    }

    /// The oldest age with an EHC plan (plans cease at 25).
    public static let maximumAge = 25
}

/// A move from one phase to the next, named as in a scenario (`primary_to_secondary`).
public enum Transfer: String, CaseIterable, Sendable, Codable {
    case earlyYearsToPrimary = "early_years_to_primary"
    case primaryToSecondary = "primary_to_secondary"
    case secondaryToPost16 = "secondary_to_post16"
    case post16ToPost19 = "post16_to_post19"

    /// The age at which a child has just made the transfer.
    public var age: Int {
        switch self {
        case .earlyYearsToPrimary: return 5
        case .primaryToSecondary: return 11
        case .secondaryToPost16: return 16
        case .post16ToPost19: return 19
        }
    }
}
