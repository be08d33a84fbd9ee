import HNFCore

/// The scenario format, `hnf.scenario.v1`, as data. Each field's meaning is documented in
/// `Scenarios/README.md`; this is what the validator enforces.
public enum ScenarioSchema {
    public static let version = "hnf.scenario.v1"

    /// The SEN2 primary-need codes, the default `needs` of a scenario.
    public static let sen2Needs: [(code: String, name: String)] = [
        ("ASD", "Autistic spectrum disorder"), ("SLCN", "Speech, language and communication needs"),
        ("SEMH", "Social, emotional and mental health"), ("MLD", "Moderate learning difficulty"),
        ("SLD", "Severe learning difficulty"), ("PMLD", "Profound and multiple learning difficulty"),
        ("SpLD", "Specific learning difficulty"), ("HI", "Hearing impairment"), ("VI", "Visual impairment"),
        ("MSI", "Multi-sensory impairment"), ("PD", "Physical disability"), ("OTH", "Other difficulty or disability"),
        ("UNK", "Need not recorded"),
    ]

    /// Numeric locality fields a locality-budget formula may weight. `deprivation` weights
    /// each locality's children aged 0–25 by its deprivation score (deprivation-weighted
    /// children): with the same children, a locality twice as deprived gets twice the share.
    public static let localityFactors = [
        "population", "pupils_on_roll", "fsm", "low_prior_attainment", "sen_support", "plans_in_mainstream", "plans",
        "deprivation",
    ]
    /// A locality's deprivation score: mySociety's composite IMD score of its council (from
    /// IMD 2019), a mean over its neighbourhoods (Scenarios/national/districts.csv).
    static let deprivationScore = Shape.number(
        min: 0, max: 100, unit: "a deprivation score (mySociety composite IMD, higher = more deprived)")

    // Every number has finite, physically meaningful bounds, so that nothing the validator
    // passes can overflow a sum, turn into NaN or make the engine simulate billions of
    // children: £100bn is nine times England's whole high needs block; 10 million is
    // about England's children of school age.
    package static let largestMoney = Bounds.largestMoney
    package static let largestCount = Bounds.largestCount
    package static let money = Shape.number(min: 0, max: largestMoney, unit: "£")
    static let signedMoney = Shape.number(min: -largestMoney, max: largestMoney, unit: "£")
    static let count = Shape.number(min: 0, max: largestCount, unit: "a count")
    package static let share = Shape.number(min: 0, max: 1, unit: "a share from 0 to 1")
    static let probability = Shape.uncertain(min: 0, max: 1, unit: "a probability from 0 to 1")
    static let year = Shape.integer(min: 1990, max: 2100)
    static let phases = Phase.allCases.map(\.rawValue)

    /// Shares of each phase's children by a namespace (must add up to 1 per phase).
    static func sharesByPhase(_ namespace: Namespace) -> Shape {
        .map(
            keys: .namespace(.phase, extra: ["all"]), values: .map(keys: .namespace(namespace), values: share, total: 1)
        )
    }

    static let locality = Shape.record(
        Record([
            .required("name", .text()),
            .required(
                "population",
                .record(
                    Record(
                        [
                            .optional("by_phase", .map(keys: .namespace(.phase), values: count)),
                            .optional("by_age", .map(keys: .age, values: .dated(count))),
                        ], exactlyOneOf: [["by_phase", "by_age"]]))),
            .optional("pupils_on_roll", count),
            .optional("fsm", count),
            .optional("low_prior_attainment", count),
            .optional("sen_support", .map(keys: .namespace(.phase), values: count)),
            .optional("plan_share", share),
            .optional("deprivation", deprivationScore),
            // Plans by setting in the locality (local data, `hnf localities import`): with
            // `ehc_plans.derive.split: plans_by_setting`, each setting's SEN2 plans are shared
            // between localities in proportion to these.
            .optional("plans_by_setting", .map(keys: .namespace(.setting), values: count)),
            // Overrides of the LA-wide flows for this locality (`Scenario+LocalityFlows.swift`).
            .optional("flows", localityFlows),
        ]))

    static let setting = Shape.record(
        Record([
            .required("name", .text()),
            .required("group", .text(choices: PlacementGroup.published.map(\.rawValue))),
            .optional("sen2", .list(.reference(.sen2Column), minCount: 1)),
            .optional(
                "ages",
                .record(
                    Record([.required("min", .integer(min: 0, max: 25)), .required("max", .integer(min: 0, max: 25))]))),
            .optional("place_funding", .dated(money)),
            .optional("top_up", .map(keys: .namespace(.band), values: .dated(money))),
            .optional("fee", .dated(money)),
            .optional("capacity", .map(keys: .namespace(.locality, extra: ["all"]), values: .dated(count))),
            .optional("overflow", .reference(.setting)),
            .optional("needs", .list(.reference(.need), minCount: 1)),
            .optional("moves_to", .list(.reference(.setting))),
        ]))

    /// Dirichlet concentrations over a namespace: pseudo-counts (observed counts plus a
    /// prior). The expected share of each name is its count over the total; each draw
    /// samples the shares, more tightly the larger the total.
    static func concentrations(_ namespace: Namespace) -> Shape {
        .map(keys: .namespace(namespace), values: .number(min: 0, max: 1e9, unit: "a pseudo-count"))
    }

    /// Flows of one setting at one age (or of one need in it), estimated from person-level data.
    static let cellFlows: [Field] = [
        .optional("leave", .uncertain(min: 0, max: 1, unit: "the chance the plan ends in the year")),
        .optional("move", .uncertain(min: 0, max: 1, unit: "the chance of changing setting, given the plan continues")),
        .optional("destinations", concentrations(.setting)),
    ]
    static let settingAgeFlows = Shape.record(
        Record(
            cellFlows + [
                .optional("by_need", .map(keys: .namespace(.need), values: .record(Record(cellFlows))))
            ]))

    /// New plans at one age, per child of that age in the locality's population.
    static let joinersAtAge = Shape.record(
        Record([
            .required(
                "rate", .uncertain(min: 0, max: 1, unit: "the chance a child of this age starts a plan in the year")),
            .required("settings", concentrations(.setting)),
            .optional("needs", concentrations(.need)),
        ]))

    /// Plans that move between LAs: arrivals a year by age (after the year's birthday) and
    /// the settings they arrive in, and the chance a year a plan transfers out, by age.
    static let transfers = Shape.record(
        Record([
            .optional(
                "in",
                .record(
                    Record([
                        .required(
                            "by_age",
                            .map(
                                keys: .age,
                                values: .record(
                                    Record([
                                        .required(
                                            "per_year",
                                            .uncertain(min: 0, unit: "plans arriving from other LAs a year at this age")
                                        ),
                                        .required("settings", concentrations(.setting)),
                                    ]))))
                    ]))),
            .optional(
                "out",
                .record(
                    Record([
                        .required(
                            "by_age",
                            .map(
                                keys: .age,
                                values: .uncertain(
                                    min: 0, max: 1, unit: "the chance a plan transfers to another LA in the year")))
                    ]))),
        ]))

    static let stockCell = Shape.record(
        Record([
            .required("locality", .reference(.locality)),
            .required("age", .integer(min: 0, max: 25)),
            .required("need", .reference(.need)),
            .required("setting", .reference(.setting)),
            .optional("band", .reference(.band)),
            .required("count", .integer(min: 0, max: 1_000_000)),
        ]))

    /// Year-to-year random effects on where children are: on each setting's log share of
    /// new plans, and on each setting's children (a share moved out, or drawn in, beyond the
    /// estimated moves). Each is a stationary AR(1) per setting: its sd, and the share of
    /// last year's shock that persists.
    static let mixShocks = Shape.record(
        Record([
            .optional(
                "new_plans",
                .record(
                    Record([
                        .required("sd", .number(min: 0, max: 3, unit: "the sd of a yearly shock to a log share")),
                        .required("persistence", persistence),
                    ]))),
            .optional(
                "settings",
                .record(
                    Record([
                        .required(
                            "sd",
                            .map(
                                keys: .namespace(.setting),
                                values: .number(
                                    min: 0, max: 0.5, unit: "the sd of the share of the setting's children moved a year"
                                ))),
                        .required("persistence", persistence),
                    ]))),
        ]))
    static let persistence = Shape.number(min: 0, max: 0.99, unit: "the share of last year's shock that persists")

    static let move = Shape.record(
        Record([
            .required("from", .reference(.setting)),
            .required("to", .reference(.setting)),
            .optional("phase", .text(choices: phases)),
            .optional("at", .reference(.transfer)),
            .required("rate", .dated(probability)),
        ]))

    /// How children join, leave and move: LA-wide, and (`localities.ID.flows`) per locality.
    static let flows = Shape.record(
        Record([
            .required(
                "new_plans",
                .record(
                    Record(
                        [
                            .optional(
                                "rate_per_1000",
                                .map(
                                    keys: .namespace(.phase),
                                    values: .dated(
                                        .uncertain(min: 0, max: 1000, unit: "new plans a year per 1,000 children")))),
                            .optional(
                                "per_year",
                                .map(
                                    keys: .namespace(.phase),
                                    values: .dated(
                                        .uncertain(min: 0, max: 1e6, unit: "new plans a year in the whole LA")))),
                            .optional(
                                "growth",
                                .uncertain(
                                    min: -0.5, max: 1, unit: "yearly growth of new plans from the base year, a share")),
                            .optional("by_age", .map(keys: .age, values: joinersAtAge)),
                            .optional("setting_mix", sharesByPhase(.setting)),
                            .optional(
                                "setting_trend",
                                .map(
                                    keys: .namespace(.setting),
                                    values: .number(
                                        min: -1, max: 1,
                                        unit: "the yearly change of the setting's log share of new plans"))),
                            .optional(
                                "setting_trend_fade",
                                .number(min: 0, max: 1, unit: "each year's trend as a share of the year before's")),
                            .optional("age_profile", .map(keys: .age, values: count)),
                        ], exactlyOneOf: [["rate_per_1000", "per_year", "by_age"]]))),
            .required(
                "ceasing",
                .record(
                    Record([
                        .required("rate", .map(keys: .namespace(.phase), values: .dated(probability))),
                        .optional("by_age", .map(keys: .age, values: .dated(probability))),
                        .optional(
                            "setting_factor",
                            .map(
                                keys: .namespace(.setting),
                                values: .number(min: 0, max: 100, unit: "a multiplier of the rate by age"))),
                        .optional("max_age", .integer(min: 16, max: 25)),
                    ]))),
            .optional("moves", .list(move)),
            .optional("mix_shocks", mixShocks),
            .optional(
                "locality_moves",
                .record(
                    Record([
                        .required(
                            "rate",
                            .dated(
                                .uncertain(
                                    min: 0, max: 1, unit: "the chance a child moves to another locality in a year")))
                    ]))),
            .optional(
                "by_setting_and_age",
                .map(keys: .namespace(.setting), values: .map(keys: .age, values: settingAgeFlows))),
            .optional("transfers", transfers),
            .optional(
                "sen_support",
                .record(
                    Record([
                        .required(
                            "growth",
                            .map(
                                keys: .namespace(.phase),
                                values: .dated(.uncertain(min: -1, max: 1, unit: "yearly growth, a share"))))
                    ]))),
        ]))

    /// A block under `funding.blocks`: a band system (`banded_top_up`, which changes the
    /// settings' top-ups) or one of the formula blocks a `FundingRegistry` lists, each
    /// of which declares its own fields.
    package static func block(_ types: [any FundingRule.Type]) -> Shape {
        let fields = FundingRegistry.fields(of: types)
        return Shape.record(
            Record(
                [
                    .required("type", .text(choices: ["banded_top_up"] + types.map { $0.typeName })),
                    .optional("description", .text()),
                    .optional("from", year),
                ] + fields
                    + bandSystemFields.filter { field in !fields.contains { $0.name == field.name } },
                variants: Variants(
                    tag: "type",
                    fields: Dictionary(
                        uniqueKeysWithValues: [("banded_top_up", bandSystemFields.map(\.name))]
                            + types.map { ($0.typeName, $0.fields.map(\.name)) }))))
    }

    /// A band system's fields (`BandSystem`).
    static let bandSystemFields: [Field] = [
        .optional("settings", .list(.reference(.setting), minCount: 1)),
        .optional("values", .map(keys: .namespace(.band), values: money)),
        .optional("existing", .text(choices: ["immediate", "protected"])),
    ]

    static let response = Shape.record(
        Record(
            [
                .required("type", .text(choices: ["retention_at_transfer", "new_plan_rate", "joiner_shift"])),
                .optional("transfer", .reference(.transfer)),
                .optional("setting", .reference(.setting)),
                .optional("settings", .list(.reference(.setting), minCount: 1)),
                .optional("to", .reference(.setting)),
                .optional("phases", .list(.text(choices: phases), minCount: 1)),
                .required(
                    "effect",
                    .uncertain(
                        min: -1, max: 1,
                        unit:
                            "a share: of would-be movers who stay, the change in new plans, or of new plans that shift")
                ),
                .required("from", year),
                .required("because", .text()),
            ],
            variants: Variants(
                tag: "type",
                fields: [
                    "retention_at_transfer": ["transfer", "setting"], "new_plan_rate": [],
                    "joiner_shift": ["settings", "to", "phases"],
                ])))

    static let income = Shape.record(
        Record([
            .required("name", .text()),
            .required("amounts", .schedule(signedMoney)),
            // Money paid only while conditions hold (Safety Valve): balances are shown with and without it.
            .optional("conditional", .boolean),
        ]))

    /// The whole scenario.
    /// (`FundingRegistry.scenario` holds it for its block types.)
    package static func scenario(blocks types: [any FundingRule.Type]) -> Shape {
        Shape.record(
            Record([
                .required("schema", .text(choices: [version])),
                .required(
                    "meta",
                    .record(
                        Record([
                            .required("name", .text()),
                            .optional("description", .text()),
                            .optional("area", .text()),
                            .required("base_year", year),
                            .required("horizon", .integer(min: 1, max: 30)),
                            .optional("draws", .integer(min: 1, max: 1_000_000)),
                            .optional("seed", .integer(min: 0)),
                            .optional("currency", .text(choices: ["GBP"])),
                            .optional("price_base", .text()),
                            // Figures the data does not publish for the area and what stands in
                            // (`hnf calibrate` fills SEN2's gaps): every report warns of each.
                            .optional("estimated", .list(.text())),
                        ]))),
                .optional("needs", .map(keys: .identifier, values: .record(Record([.required("name", .text())])))),
                .required(
                    "bands",
                    .map(
                        keys: .identifier,
                        values: .record(Record([.required("name", .text()), .optional("description", .text())])))),
                .required("settings", .map(keys: .identifier, values: setting)),
                .required("localities", .map(keys: .identifier, values: locality)),
                .required(
                    "need_profile",
                    .record(
                        Record([
                            .required("mix", .map(keys: .namespace(.need), values: share, total: 1)),
                            .required(
                                "band_mix",
                                .map(
                                    keys: .namespace(.phase, extra: ["all"]),
                                    values: .map(
                                        keys: .namespace(.need, extra: ["all"]),
                                        values: .map(keys: .namespace(.band), values: share, total: 1)))),
                        ]))),
                .required(
                    "ehc_plans",
                    .record(
                        Record(
                            [
                                .optional(
                                    "derive",
                                    .record(
                                        Record([
                                            .required("from", .text(choices: ["sen2"])),
                                            .required("area", .text()),
                                            .required("year", year),
                                            .required(
                                                "split",
                                                .text(choices: ["population", "plan_share", "plans_by_setting"])),
                                        ]))),
                                .optional("cells", .list(stockCell, minCount: 1)),
                                // How written cells were shared between localities, for the
                                // reports' locality note (`hnf calibrate --districts`).
                                .optional("cells_split", .text(choices: ["population"])),
                            ], exactlyOneOf: [["derive", "cells"]]))),
                .required("flows", flows),
                .optional(
                    "funding",
                    .record(
                        Record([
                            .optional("element2_threshold", .dated(money)),
                            .optional("blocks", .map(keys: .identifier, values: block(types))),
                            .optional("responses", .map(keys: .identifier, values: response)),
                        ]))),
                .optional(
                    "budget",
                    .record(
                        Record([
                            .required(
                                "high_needs_block",
                                .record(
                                    Record([
                                        .required("year", year),
                                        .required("amount", money),
                                        .optional("increments", .schedule(signedMoney)),
                                        .optional(
                                            "growth",
                                            .dated(.uncertain(min: -0.5, max: 0.5, unit: "yearly growth, a share"))),
                                        // The formula's floor and gains cap change by year (2024-25: 3% and 5% per head; 2025-26: 7% and 10%).
                                        .optional(
                                            "floor",
                                            .dated(
                                                .number(
                                                    min: -0.5, max: 0.5, unit: "the smallest yearly growth, a share"))),
                                        .optional(
                                            "cap",
                                            .dated(
                                                .number(min: -0.5, max: 0.5, unit: "the largest yearly growth, a share")
                                            )
                                        ),
                                    ]))),
                            .optional("other_income", .map(keys: .identifier, values: income)),
                            .optional(
                                "other_spend",
                                .map(
                                    keys: .identifier,
                                    values: .record(
                                        Record([
                                            .required("name", .text()),
                                            .required("amounts", .schedule(signedMoney)),
                                            .optional(
                                                "growth",
                                                .dated(.uncertain(min: -0.5, max: 0.5, unit: "yearly growth, a share"))),
                                        ])))),
                            .optional(
                                "opening_balance",
                                .record(
                                    Record([
                                        .required("year", year),
                                        .required(
                                            "amount",
                                            .number(
                                                min: -largestMoney, max: largestMoney, unit: "£, negative for a deficit"
                                            )),
                                    ]))),
                            // Published cumulative balances at the end of financial years (31 March), to set beside the modelled ones.
                            .optional(
                                "published_balances",
                                .schedule(
                                    .number(min: -largestMoney, max: largestMoney, unit: "£, negative for a deficit"))
                            ),
                            // Unit costs, fees and place values are stated at `base` year prices; `growth` uplifts them a year.
                            .optional(
                                "prices",
                                .record(
                                    Record([
                                        .required("base", year),
                                        .required(
                                            "growth",
                                            .dated(
                                                .uncertain(min: -0.5, max: 0.5, unit: "yearly price growth, a share"))),
                                    ]))),
                            .optional("basis", .text(choices: ["unmitigated", "mitigated"])),
                            // Money figures not published for the area and what stands in for them: every report warns of each.
                            .optional("fallbacks", .list(.text())),
                            // Published figures about the area's money (spend, income, balances) to set beside the modelled ones.
                            .optional(
                                "comparators",
                                .list(
                                    .record(
                                        Record([
                                            .required(
                                                "measure",
                                                .text(choices: Scenario.Comparator.Measure.allCases.map(\.rawValue))),
                                            .required("year", year),
                                            .required(
                                                "amount",
                                                .number(
                                                    min: -largestMoney, max: largestMoney,
                                                    unit: "£, negative for a deficit"
                                                )),
                                            .required("source", .text()),
                                        ])))),
                        ]))),
            ]))
    }

    /// The names a scenario document declares, for checking references.
    public static func names(in document: SourceNode) -> [Namespace: [String]] {
        func keys(_ path: String) -> [String] { document[path]?.entries?.map(\.key) ?? [] }
        let needs = document["needs"]?.entries?.map(\.key) ?? sen2Needs.map(\.code)
        return [
            .locality: keys("localities"),
            .setting: keys("settings"),
            .band: keys("bands"),
            .need: needs,
            .phase: phases,
            .transfer: Transfer.allCases.map(\.rawValue),
            .group: PlacementGroup.published.map(\.rawValue),
            .sen2Column: SEN2Placement.names,
            .localityFactor: localityFactors,
        ]
    }
}
