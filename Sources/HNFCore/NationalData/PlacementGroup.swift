/// Where a child with an EHC plan is educated, in the groups the DfE publishes in the
/// SEN2 statistics (`caseload.csv`), which `hnf ratios` and every report compare against.
public enum PlacementGroup: String, CaseIterable, Sendable, Codable {
    /// Mainstream schools, including resourced provision and SEN units, and independent mainstream.
    case mainstream
    /// State special, independent special and non-maintained special schools.
    case special
    /// Alternative provision and pupil referral units.
    case ap
    /// General FE and tertiary colleges, specialist post-16 institutions, other post-16 providers.
    case post16
    /// Educated elsewhere: home education, other arrangements, NEET, other settings.
    case elsewhere
    /// Non-maintained early years settings.
    case earlyYears = "early_years"
    /// Placement not recorded (collected from January 2023).
    case unknown
    /// Awaiting provision (collected up to January 2022 only).
    case awaitingProvision = "awaiting_provision"
    /// Permanently excluded (collected up to January 2022 only).
    case permanentlyExcluded = "permanently_excluded"

    /// The seven groups the DfE gives a published percentage for.
    public static let published: [PlacementGroup] = [
        .mainstream, .special, .ap, .post16, .elsewhere, .earlyYears, .unknown,
    ]

    /// The SEN2 column holding the group's total.
    public var totalColumn: String {
        switch self {
        case .mainstream: return "mainstream_total"
        case .special: return "special_total"
        case .ap: return "ap_pru_total"
        case .post16: return "fe_total"
        case .elsewhere: return "ed_elsewhere"
        case .earlyYears: return "nm_early_years"
        case .unknown: return "placement_unknown"
        case .awaitingProvision: return "await_prov_2022"
        case .permanentlyExcluded: return "perm_ex_2022"
        }
    }

    public var label: String {
        switch self {
        case .mainstream: return "Mainstream (incl. RP/units)"
        case .special: return "Special schools"
        case .ap: return "AP / PRU"
        case .post16: return "Post-16 / FE"
        case .elsewhere: return "Educated elsewhere"
        case .earlyYears: return "Early years (non-maint.)"
        case .unknown: return "Not recorded"
        case .awaitingProvision: return "Awaiting provision"
        case .permanentlyExcluded: return "Permanently excluded"
        }
    }
}

/// The finer split the SEN2 columns allow within a group.
public enum PlacementDetail: String, CaseIterable, Sendable, Codable {
    /// Resourced provision and SEN units in mainstream schools (within `mainstream`).
    case resourcedProvisionUnits = "resourced_provision_units"
    /// Independent mainstream schools (within `mainstream`).
    case independentMainstream = "independent_mainstream"
    /// LA-maintained special schools, special academies and free schools (within `special`).
    case stateSpecial = "state_special"
    /// Independent special schools (within `special`).
    case independentSpecial = "independent_special"
    /// Non-maintained special schools (within `special`).
    case nonMaintainedSpecial = "non_maintained_special"

    public var group: PlacementGroup {
        switch self {
        case .resourcedProvisionUnits, .independentMainstream: return .mainstream
        case .stateSpecial, .independentSpecial, .nonMaintainedSpecial: return .special
        }
    }

    /// The SEN2 columns that add up to this detail.
    public var columns: [String] {
        switch self {
        case .resourcedProvisionUnits:
            return [
                "mainstream_la_maintained_resourced_provision", "mainstream_la_maintained_senunit",
                "mainstream_academy_resourced_provision", "mainstream_academy_senunit",
                "mainstream_free_school_resourced_provision", "mainstream_free_school_senunit",
            ]
        case .independentMainstream: return ["mainstream_independent"]
        case .stateSpecial: return ["special_la_maintained", "special_academy_free"]
        case .independentSpecial: return ["special_independent"]
        case .nonMaintainedSpecial: return ["special_non_maintained"]
        }
    }

    public var label: String {
        switch self {
        case .resourcedProvisionUnits: return "RP / SEN units"
        case .independentMainstream: return "independent mainstream"
        case .stateSpecial: return "state special"
        case .independentSpecial: return "independent special"
        case .nonMaintainedSpecial: return "non-maintained special"
        }
    }
}

/// The placement columns of the SEN2 caseload and new-plans tables, each with its group.
/// A scenario's settings name these columns to say which children they hold.
public enum SEN2Placement {
    public static let columns: [(name: String, group: PlacementGroup)] = [
        ("mainstream_la_maintained", .mainstream), ("mainstream_la_maintained_resourced_provision", .mainstream),
        ("mainstream_la_maintained_senunit", .mainstream), ("mainstream_academy", .mainstream),
        ("mainstream_academy_resourced_provision", .mainstream), ("mainstream_academy_senunit", .mainstream),
        ("mainstream_free_school", .mainstream), ("mainstream_free_school_resourced_provision", .mainstream),
        ("mainstream_free_school_senunit", .mainstream), ("mainstream_independent", .mainstream),
        ("special_la_maintained", .special), ("special_academy_free", .special),
        ("special_independent", .special), ("special_non_maintained", .special),
        ("ap_pru_academy", .ap), ("ap_pru_free_school", .ap), ("ap_pru_la_maintained", .ap),
        ("general_fe_tertiary_colleges", .post16), ("specialist_post_16_institutions", .post16),
        ("ukrlp_provider", .post16),
        ("elective_home_education", .elsewhere), ("other_arrangements_la", .elsewhere),
        ("other_arrangements_parents", .elsewhere), ("online_provider", .elsewhere), ("w_settings", .elsewhere),
        ("other_schools", .elsewhere), ("other_placement_settings", .elsewhere),
        ("neet", .elsewhere), ("neet_ntci", .elsewhere), ("neet_other", .elsewhere), ("neet_other_csa", .elsewhere),
        ("nm_early_years", .earlyYears), ("placement_unknown", .unknown),
        ("await_prov_2022", .awaitingProvision), ("perm_ex_2022", .permanentlyExcluded),
    ]

    public static let names: [String] = columns.map(\.name)
}
