import HNFCore
import HNFScenario

/// The age groups of the DfE's DSG management plan template (age in January).
public enum AgeGroup: Int, CaseIterable, Sendable {
    case under5, age5to10, age11to15, age16to19, age20to25

    public init(age: Int) {
        switch age {
        case ..<5: self = .under5
        case 5...10: self = .age5to10
        case 11...15: self = .age11to15
        case 16...19: self = .age16to19
        default: self = .age20to25
        }
    }

    /// The group's index for every age a child record can hold (0...255), for the kernels.
    static let ofAge: [Int] = (0...255).map { AgeGroup(age: $0).rawValue }

    public var label: String {
        switch self {
        case .under5: return "Under 5"
        case .age5to10: return "Age 5 to 10"
        case .age11to15: return "Age 11 to 15"
        case .age16to19: return "Age 16 to 19"
        case .age20to25: return "Age 20 to 25"
        }
    }
}
