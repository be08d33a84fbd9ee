import HNFCore

/// `hnf benchmark`: one LA beside its ten DfE statistical neighbours, its region and
/// England — plans per 1,000 aged 0–25, growth, the placement mix, high needs spend per
/// head of the 2–18 population by Section 251 line, the DSG cumulative balance as % of
/// income — with the LA's rank among itself and its neighbours and its distance from their
/// median. Every figure is read from the shipped national data; nothing is modelled.
public struct NeighbourBenchmark: Sendable {
    /// One area's figures; nil where its data does not have them.
    public struct Figures: Sendable {
        public var area: Area
        /// The DfE's closeness band, for a neighbour.
        public var closeness: String?
        public var plans: Double?
        public var perThousand: Double?
        /// Growth of plans, % a year, from `growthFrom` to the January.
        public var growth: Double?
        /// The DfE's published % of plans in each group.
        public var shares: [PlacementGroup: Double] = [:]
        /// £ per head of the 2–18 population, by Section 251 outturn line.
        public var spendPerHead: [S251Line: Double] = [:]
        public var balancePercent: Double?

        /// All lines, added in their order (a dictionary's order changes run to run, and
        /// with it the last bit of a sum).
        public var spendPerHeadTotal: Double? {
            let lines = S251Line.allCases.compactMap { spendPerHead[$0] }
            return lines.count == S251Line.allCases.count ? lines.reduce(0, +) : nil
        }
    }

    /// The Section 251 high needs outturn lines, as the DfE's benchmarking tool groups them.
    public enum S251Line: String, CaseIterable, Sendable {
        case placeFunding = "outturn_place_funding_total"
        case topUpsMaintained = "outturn_top_up_maintained_total"
        case topUpsIndependent = "outturn_top_up_nmss_independent_total"
        case senSupport = "outturn_sen_support_inclusion_services"
        case alternativeProvision = "outturn_alternative_provision_services"
        case hospital = "outturn_hospital_education_services"
        case therapies = "outturn_therapies_health_services"

        public var label: String {
            switch self {
            case .placeFunding: "Place funding"
            case .topUpsMaintained: "Top-ups: maintained schools and academies"
            case .topUpsIndependent: "Top-ups: independent and non-maintained"
            case .senSupport: "SEN support and inclusion services"
            case .alternativeProvision: "Alternative provision services"
            case .hospital: "Hospital education"
            case .therapies: "Therapies and health"
            }
        }
    }

    /// The January of the SEN2 caseload.
    public var year: Int
    public var growthFrom: Int
    /// The financial year of the Section 251 outturn, and of the DSG balance.
    public var spendYear: Int?
    public var balanceYear: Int?
    public var la: Figures
    /// Nearest first.
    public var neighbours: [Figures]
    public var region: Figures?
    public var england: Figures
}
