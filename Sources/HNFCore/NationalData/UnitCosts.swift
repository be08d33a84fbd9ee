import Foundation

/// Unit costs per setting calibrated to an LA's Section 251 high needs outturn: each cost
/// is the money on the S251 lines that pay for one setting's children, divided by those
/// children (the same population above and below the line), for the LA, or England's
/// where the LA has no figure.
///
/// - **Year.** The lines are the 2021-22 outturn of the high needs benchmarking tool. The
///   engine costs a financial year on the children counted in the January that falls in
///   it (2021-22 on January 2022), so the children are SEN2's January 2022 counts — not
///   the January 2021 placements the tool prints beside the money, which were 14% fewer
///   for Kent (15,281 against 17,733) and would overstate a child's cost by as much.
/// - **Income.** A top-up family's `_income` line (money from other LAs for children
///   they place here, who are not in this LA's SEN2 count) reduces each of its phase
///   lines in proportion, so a cost is net, as the family's total is.
/// - **Not per child.** The AP/PRU lines pay mostly for pupils without plans, and the
///   services lines for no placement: they are `otherSpend`, not a setting's cost.
public struct UnitCosts: Sendable {
    public enum Component: String, Sendable { case topUp = "top_up", placeFunding = "place_funding", fee }

    /// Which S251 lines pay for which SEN2 placements.
    public struct Spec: Sendable {
        public var setting: String
        public var component: Component
        /// Outturn lines without the `outturn_` prefix.
        public var lines: [String]
        /// SEN2 caseload columns counting the children the lines pay for.
        public var columns: [String]
    }

    public struct Cost: Sendable {
        public var spec: Spec
        /// £ a child a year.
        public var amount: Double
        public var money: Double
        public var children: Double
        /// The area whose lines and children were used (the LA, or England as a fallback).
        public var source: Area
        /// Why England's figure stands in, when it does.
        public var fallback: String?
    }

    public static let rp = [
        "mainstream_la_maintained_resourced_provision", "mainstream_la_maintained_senunit",
        "mainstream_academy_resourced_provision", "mainstream_academy_senunit",
        "mainstream_free_school_resourced_provision", "mainstream_free_school_senunit",
    ]
    public static let stateSpecial = ["special_la_maintained", "special_academy_free"]
    public static let post16 = ["general_fe_tertiary_colleges", "specialist_post_16_institutions", "ukrlp_provider"]
    static let phaseTopUps = [
        "top_up_maintained_primary", "top_up_maintained_secondary",
        "top_up_nmss_independent_primary", "top_up_nmss_independent_secondary",
    ]

    /// The Kent-style settings (mainstream and resourced provision apart).
    public static let specs: [Spec] = [
        Spec(setting: "mainstream", component: .topUp, lines: phaseTopUps, columns: ["mainstream_total"]),
        Spec(setting: "resourced_provision", component: .topUp, lines: phaseTopUps, columns: ["mainstream_total"]),
        Spec(
            setting: "resourced_provision", component: .placeFunding,
            lines: ["place_funding_primary", "place_funding_secondary"], columns: rp),
        Spec(
            setting: "state_special", component: .placeFunding, lines: ["place_funding_special"], columns: stateSpecial),
        Spec(setting: "state_special", component: .topUp, lines: ["top_up_maintained_special"], columns: stateSpecial),
        Spec(
            setting: "independent_special", component: .fee, lines: ["top_up_nmss_independent_special"],
            columns: ["special_independent", "special_non_maintained"]),
        Spec(setting: "post16", component: .placeFunding, lines: ["place_funding_post_school"], columns: post16),
        Spec(
            setting: "post16", component: .topUp,
            lines: ["top_up_maintained_post_school", "top_up_nmss_independent_post_school"], columns: post16),
        Spec(
            setting: "early_years", component: .topUp,
            lines: ["top_up_maintained_early_years", "top_up_nmss_independent_early_years"],
            columns: ["nm_early_years"]),
    ]
    /// Lines that are high needs spend but not any setting's per-child cost.
    public static let serviceLines = [
        "sen_support_inclusion_services", "alternative_provision_services",
        "hospital_education_services", "therapies_health_services",
    ]
    public static let apLines = ["place_funding_pru_ap", "top_up_maintained_pru_ap", "top_up_nmss_independent_pru_ap"]

    public let area: Area
    /// The financial year of the outturn (2021 = 2021-22) and the January whose children divide it.
    public let year: Int, january: Int
    public let costs: [Cost]
    /// The LA's own services and AP/PRU lines, £ (net), for `budget.other_spend`.
    public let services: Double, alternativeProvision: Double

    public func cost(_ setting: String, _ component: Component) -> Cost? {
        costs.first { $0.spec.setting == setting && $0.spec.component == component }
    }

    /// Calibrates `specs` for `area` from the shipped tables.
    public init(
        area: Area, national: NationalData, finance: HighNeedsFinance, specs: [Spec] = UnitCosts.specs, year: Int = 2021
    ) throws {
        guard let row = finance.s251(of: area.code) ?? (area.level == .england ? finance.englandS251 : nil),
            let england = finance.englandS251
        else {
            throw NationalDataError.noData(
                "\(HighNeedsFinance.s251File) has no Section 251 lines for \(area.name) (\(area.code))")
        }
        let january = year + 1
        guard let englandCounts = national.caseload(of: national.england, in: january) else {
            throw NationalDataError.noData("SEN2 has no January \(january) caseload for England")
        }
        let counts = national.caseload(of: area, in: january)
        self.area = area
        self.year = year
        self.january = january
        costs = specs.map { spec in
            let own = Self.money(spec.lines, in: row),
                children = counts.map { Self.children(spec.columns, in: $0) } ?? 0
            if let own, children > 0 {
                return Cost(
                    spec: spec, amount: own / children, money: own, children: children, source: area, fallback: nil)
            }
            let money = Self.money(spec.lines, in: england) ?? 0, all = Self.children(spec.columns, in: englandCounts)
            let why =
                own == nil
                ? "\(area.name) has no figure on these lines"
                : "\(area.name) had no children here in January \(january)"
            return Cost(
                spec: spec, amount: all > 0 ? money / all : 0, money: money, children: all, source: national.england,
                fallback: why)
        }
        services = Self.money(Self.serviceLines, in: row) ?? 0
        alternativeProvision = Self.money(Self.apLines, in: row) ?? 0
    }

    /// The outturn on `lines`, each top-up line net of its family's income; nil when any is missing.
    package static func money(_ lines: [String], in row: NationalData.Row) -> Double? {
        var total = 0.0
        for line in lines {
            guard let gross = row.value("outturn_" + line) else { return nil }
            total += gross * netShare(of: line, in: row)
        }
        return total
    }

    static let topUpFamilies = ["top_up_maintained", "top_up_nmss_independent"]
    static let familyPhases = ["early_years", "primary", "secondary", "special", "pru_ap", "post_school"]

    /// Every outturn column `money` and `netShare` read, which the S251 table must have.
    static var outturnColumns: [String] {
        let lines =
            specs.flatMap(\.lines) + serviceLines + apLines
            + topUpFamilies.flatMap { family in familyPhases.map { "\(family)_\($0)" } + ["\(family)_total"] }
        var seen = Set<String>()
        return lines.filter { seen.insert($0).inserted }.map { "outturn_" + $0 }
    }

    /// Net over gross of the top-up family a line belongs to (1 for other lines).
    static func netShare(of line: String, in row: NationalData.Row) -> Double {
        for family in topUpFamilies where line.hasPrefix(family + "_") {
            let gross = familyPhases.reduce(0.0) { $0 + (row.value("outturn_\(family)_\($1)") ?? 0) }
            guard gross > 0, let net = row.value("outturn_\(family)_total") else { return 1 }
            return net / gross
        }
        return 1
    }

    static func children(_ columns: [String], in row: NationalData.Row) -> Double {
        columns.reduce(0) { $0 + (row.value($1) ?? 0) }
    }
}

extension UnitCosts {
    /// The settings of a calibrated scenario (`hnf calibrate`: mainstream holds resourced
    /// provision and units) and the lines their costs come from.
    public static let calibratedSpecs: [Spec] =
        [
            Spec(setting: "mainstream", component: .topUp, lines: phaseTopUps, columns: ["mainstream_total"]),
            Spec(
                setting: "mainstream", component: .placeFunding,
                lines: ["place_funding_primary", "place_funding_secondary"], columns: ["mainstream_total"]),
        ] + specs.filter { ["state_special", "independent_special", "post16", "early_years"].contains($0.setting) }
}
