import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The placement categories of the DfE's DSG management plan template, and the one
/// table that maps hnf's settings onto them (Docs/finance-officers.md, "DSG management plan").
///
/// A setting maps through the SEN2 placement columns it holds; a setting whose columns
/// fall in more than one category goes to the category of the most columns (ties: the
/// first in the list below), and a setting with no SEN2 columns goes by its DfE group.
public enum DSGPlanCategory: Int, CaseIterable, Sendable {
    case mainstream, resourcedProvision, maintainedSpecial, independentSpecial, hospitalAP, post16, other

    public var label: String {
        switch self {
        case .mainstream: return "Mainstream schools or academies"
        case .resourcedProvision: return "Resourced provision or SEN units"
        case .maintainedSpecial: return "Maintained special schools or special academies"
        case .independentSpecial: return "NMSS or independent placements"
        case .hospitalAP: return "Hospital schools or alternative provision"
        case .post16: return "Post 16 and further education"
        case .other: return "Other placements or direct payments"
        }
    }

    /// The template category of one SEN2 placement column.
    public static func of(sen2Column column: String) -> DSGPlanCategory {
        if column.hasSuffix("resourced_provision") || column.hasSuffix("senunit") { return .resourcedProvision }
        switch column {
        case "mainstream_la_maintained", "mainstream_academy", "mainstream_free_school", "mainstream_independent":
            return .mainstream
        case "special_la_maintained", "special_academy_free": return .maintainedSpecial
        case "special_independent", "special_non_maintained": return .independentSpecial
        case "ap_pru_academy", "ap_pru_free_school", "ap_pru_la_maintained": return .hospitalAP
        case "general_fe_tertiary_colleges", "specialist_post_16_institutions", "ukrlp_provider": return .post16
        default: return .other
        }
    }

    /// The category of a DfE group, for settings that name no SEN2 column.
    public static func of(group: PlacementGroup) -> DSGPlanCategory {
        switch group {
        case .mainstream: return .mainstream
        case .special: return .maintainedSpecial
        case .ap: return .hospitalAP
        case .post16: return .post16
        default: return .other
        }
    }

    /// The category of a scenario's setting.
    public static func of(setting: Scenario.Setting) -> DSGPlanCategory {
        guard !setting.sen2Columns.isEmpty else { return of(group: setting.group) }
        var counts = [DSGPlanCategory: Int]()
        for column in setting.sen2Columns { counts[of(sen2Column: column), default: 0] += 1 }
        return allCases.max { (counts[$0] ?? 0, -$0.rawValue) < (counts[$1] ?? 0, -$1.rawValue) }!
    }

    /// Why a setting lands where it does, for the workbook's mapping table.
    public static func reason(setting: Scenario.Setting) -> String {
        setting.sen2Columns.isEmpty
            ? "DfE group \(setting.group.rawValue)" : "SEN2 columns " + setting.sen2Columns.joined(separator: ", ")
    }
}
