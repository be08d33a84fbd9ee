import HighNeeds
import HighNeedsTestSupport
import Testing

@Suite struct ShippedScenarioTests {
    @Test(arguments: ["Scenarios/kent/baseline.yaml", "Scenarios/england/baseline.yaml"])
    func shippedScenariosAreValid(path: String) throws {
        let scenario = try TestSupport.load(TestSupport.path(path))
        #expect(!scenario.stock.isEmpty)
    }

    /// The derived stock adds up to SEN2's January 2025 figures, in total and by group.
    @Test func kentStockMatchesSEN2() throws {
        let scenario = try TestSupport.load(TestSupport.path("Scenarios/kent/baseline.yaml"))
        #expect(scenario.totalPlans == 20_635)
        let groups = scenario.stockByGroup()
        #expect(groups[.mainstream] == 7_452)
        #expect(groups[.special] == 8_050)
        #expect(scenario.localities.count == 12)
        #expect(scenario.stock.allSatisfy { $0.count > 0 && (0...25).contains($0.age) })
    }
}

/// One broken scenario per error class: the problem must be reported at the right line
/// and key, saying what was found and what was expected. The cases break
/// `Tests/Fixtures/validation.yaml`, written for them, so recalibrating the shipped
/// scenarios does not move them.
@Suite struct ValidationTests {
    static let fixture = "Tests/Fixtures/validation.yaml"

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var old: String
        var new: String
        var keyPath: String
        var found: String
        var expected: String
        /// The text of the line the problem is reported at, when not the changed line.
        var at: String? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown key with did-you-mean", old: "  horizon: 5 ", new: "  horizn: 5 ",
            keyPath: "meta.horizn", found: "unknown key", expected: "did you mean \"horizon\""),
        Case(
            name: "wrong type", old: "  draws: 1000", new: "  draws: many",
            keyPath: "meta.draws", found: "text \"many\"", expected: "a whole number"),
        Case(
            name: "negative count", old: "        primary: 9949", new: "        primary: -9949",
            keyPath: "localities.ashford.population.by_phase.primary", found: "negative",
            expected: "a number from 0 to 10000000"),
        Case(
            name: "probability above 1", old: "      post16: 0.0740", new: "      post16: 1.3",
            keyPath: "flows.ceasing.rate.post16", found: "1.3", expected: "from 0 to 1"),
        Case(
            name: "shares not adding up", old: "primary: {mainstream: 0.7647,", new: "primary: {mainstream: 0.8647,",
            keyPath: "flows.new_plans.setting_mix.primary", found: "add up to 1.1", expected: "add up to 1"),
        Case(
            name: "undefined setting", old: "    overflow: independent_special",
            new: "    overflow: independant_special",
            keyPath: "settings.state_special.overflow", found: "not a setting",
            expected: "did you mean \"independent_special\""),
        Case(
            name: "undefined need", old: "    ASD: 0.4621", new: "    AUT: 0.4621",
            keyPath: "need_profile.mix.AUT", found: "not a need", expected: "one of"),
        Case(
            name: "bad distribution", old: "{dist: normal, mean: 4.30, sd: 0.40}",
            new: "{dist: normal, mean: 4.30, sd: -1}",
            keyPath: "flows.new_plans.rate_per_1000.early_years.sd", found: "-1", expected: "above 0"),
        Case(
            name: "places for the LA and for localities", old: "      all: 6427 ",
            new: "      ashford: 500\n      all: 6427 ",
            keyPath: "settings.state_special.capacity", found: "places for `all` and for localities",
            expected: "one or the other"),
        Case(
            name: "a move its setting does not allow", old: "    name: Mainstream school",
            new: "    name: Mainstream school\n    moves_to: [post16, elsewhere]",
            keyPath: "flows.moves[0].to", found: "a move from mainstream to state_special",
            expected: "settings.mainstream.moves_to (elsewhere, post16)",
            at: "      to: state_special"),
        Case(
            name: "missing required key", old: "  base_year: 2025 ", new: "  bse: 2025 ",
            keyPath: "meta.base_year", found: "no `base_year`", expected: "required"),
    ]

    @Test(arguments: cases)
    func brokenScenarioIsReported(_ c: Case) throws {
        let file = try TestSupport.variant(of: Self.fixture, replacing: c.old, with: c.new)
        guard let invalid = TestSupport.problems(file) else {
            Issue.record("\(c.name): a broken scenario was accepted")
            return
        }
        let hit = invalid.diagnostics.first { $0.keyPath == c.keyPath }
        let diagnostic = try #require(hit, "\(c.name): no diagnostic at \(c.keyPath); got \(invalid.diagnostics)")
        #expect(diagnostic.found.contains(c.found), "\(diagnostic)")
        #expect(diagnostic.expected.contains(c.expected), "\(diagnostic)")
        #expect(diagnostic.location?.file == file)
        let firstChangedLine = c.at ?? c.new.split(separator: "\n").first.map(String.init) ?? c.new
        let changedLine = TestSupport.line(of: firstChangedLine.trimmingCharacters(in: .whitespaces), in: file)
        if c.name != "missing required key" && c.name != "shares not adding up" {
            #expect(diagnostic.location?.line == changedLine, "\(diagnostic)")
        }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let text = try String(contentsOfFile: TestSupport.path(Self.fixture), encoding: .utf8)
            .replacingOccurrences(of: "  draws: 1000", with: "  draws: -3")
            .replacingOccurrences(of: "      post16: 0.0740", with: "      post16: 2")
        guard let invalid = TestSupport.problems(TestSupport.temporaryFile("two.yaml", text)) else {
            Issue.record("accepted")
            return
        }
        #expect(Set(invalid.diagnostics.map(\.keyPath)) == ["meta.draws", "flows.ceasing.rate.post16"])
    }

    @Test(arguments: [
        ("key: [unclosed", "invalid YAML"),
        ("a: 1\na: 2\n", "twice in one mapping"),
        ("- just\n- a list\n", "a list of 2 items"),
    ])
    func malformedYAMLIsADiagnosticNotACrash(text: String, found: String) {
        let file = TestSupport.temporaryFile("bad.yaml", text)
        guard let invalid = TestSupport.problems(file) else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(invalid.diagnostics.contains { $0.found.contains(found) && $0.file == file }, "\(invalid.diagnostics)")
    }

    @Test func missingFileIsADiagnostic() {
        guard let invalid = TestSupport.problems("/nonexistent/scenario.yaml") else {
            Issue.record("accepted")
            return
        }
        #expect(invalid.diagnostics.first?.found == "no such file")
    }
}

@Suite struct OverlayTests {
    let base = TestSupport.path("Scenarios/kent/baseline.yaml")

    @Test func setAddAndDatedChange() throws {
        let fixture = TestSupport.path(ValidationTests.fixture)
        let overlay = TestSupport.temporaryFile(
            "what-if.yaml",
            """
            overlay: hnf.overlay.v1
            name: Dearer independent places from 2027
            set:
              settings.independent_special.fee: {from: 2027, value: 65000}
              meta.horizon: 8
            add:
              settings.mainstream.capacity:
                ashford: 500
            remove:
              - flows.moves[2]
            """)
        let scenario = try TestSupport.load(fixture, overlays: [overlay])
        let fee = try #require(scenario.setting("independent_special")?.fee)
        #expect(fee.value(in: 2026) == 45_000)
        #expect(fee.value(in: 2027) == 65_000)
        #expect(fee.value(in: 2030) == 65_000)
        #expect(scenario.meta.horizon == 8)
        #expect(scenario.setting("mainstream")?.capacity["ashford"]?.value(in: 2025) == 500)
        #expect(scenario.flows.moves.count == 2)  // three in the fixture, one removed
        #expect(
            scenario.flows.moves.allSatisfy { $0.from != "state_special" },
            "the third, from state special, is the one removed")
        #expect(scenario.files == [fixture, overlay])
    }

    @Test func overlaysApplyInOrder() throws {
        let first = TestSupport.temporaryFile("a.yaml", "overlay: hnf.overlay.v1\nname: a\nset:\n  meta.horizon: 7\n")
        let second = TestSupport.temporaryFile("b.yaml", "overlay: hnf.overlay.v1\nname: b\nset:\n  meta.horizon: 9\n")
        #expect(try TestSupport.load(base, overlays: [first, second]).meta.horizon == 9)
        #expect(try TestSupport.load(base, overlays: [second, first]).meta.horizon == 7)
    }

    @Test(arguments: [
        ("set:\n  settings.state_specal.fee: 1\n", "settings.state_specal.fee", "did you mean \"state_special\"", 4),
        ("add:\n  meta.horizon: 3\n", "meta.horizon", "already exists", 4),
        ("remove:\n  - flows.moves[9]\n", "flows.moves[9]", "no such key", 4),
    ])
    func overlayNamingWrongKeysIsReported(body: String, keyPath: String, found: String, line: Int) {
        let overlay = TestSupport.temporaryFile("bad-overlay.yaml", "overlay: hnf.overlay.v1\nname: bad\n" + body)
        guard let invalid = TestSupport.problems(base, overlays: [overlay]) else {
            Issue.record("accepted")
            return
        }
        let d = invalid.diagnostics.first
        #expect(d?.keyPath == keyPath)
        #expect(d?.found.contains(found) == true, "\(invalid.diagnostics)")
        #expect(d?.location?.file == overlay)
        #expect(d?.location?.line == line)
    }

    /// A block's or a response's fields depend on its `type`: a field another type takes is
    /// refused at its line (`hnf validate` used to accept these while the engine ignored them).
    @Test(arguments: [
        (
            "add:\n  funding.blocks.pot2:\n    type: locality_budget\n    pot: 1000000\n    factors: {population: 1}\n    per_pupil: 50\n",
            "funding.blocks.pot2.per_pupil", "`per_pupil` with type: locality_budget", 8
        ),
        (
            "add:\n  funding.blocks.pot2:\n    type: locality_budget\n    pot: 1000000\n    factors: {population: 1}\n    amount_per_term: 50\n",
            "funding.blocks.pot2.amount_per_term", "`amount_per_term` with type: locality_budget", 8
        ),
        (
            "add:\n  funding.responses.fewer:\n    type: new_plan_rate\n    transfer: primary_to_secondary\n    effect: -0.05\n    from: 2026\n    because: ASSUMPTION\n",
            "funding.responses.fewer.transfer", "`transfer` with type: new_plan_rate", 6
        ),
    ])
    func aFieldOfAnotherTypeIsRefused(body: String, keyPath: String, found: String, line: Int) {
        let overlay = TestSupport.temporaryFile("stray-field.yaml", "overlay: hnf.overlay.v1\nname: stray\n" + body)
        guard let invalid = TestSupport.problems(base, overlays: [overlay]) else {
            Issue.record("accepted")
            return
        }
        let d = invalid.diagnostics.first { $0.keyPath == keyPath }
        #expect(d?.found.contains(found) == true, "\(invalid.diagnostics)")
        #expect(d?.location?.file == overlay && d?.location?.line == line, "\(invalid.diagnostics)")
    }

    @Test func overlayValuesAreValidatedAtTheirOwnLine() {
        let overlay = TestSupport.temporaryFile(
            "neg.yaml", "overlay: hnf.overlay.v1\nname: neg\nset:\n  settings.independent_special.fee: -5\n")
        guard let invalid = TestSupport.problems(base, overlays: [overlay]) else {
            Issue.record("accepted")
            return
        }
        #expect(invalid.diagnostics.first?.location == SourceLocation(file: overlay, line: 4, column: 37))
    }
}

@Suite struct DatedValueTests {
    @Test func stepsApplyFromTheirYear() {
        let v = DatedValue(steps: [(2026, 9800.0), (2024, 9300.0)])
        #expect(v.value(in: 2023) == 9300)
        #expect(v.value(in: 2025) == 9300)
        #expect(v.value(in: 2026) == 9800)
        #expect(v.value(in: 2040) == 9800)
    }

    @Test func largestRemainderAddsUpExactly() {
        let counts = StockDerivation.largestRemainder(10, [1, 1, 1])
        #expect(counts == [4, 3, 3])
        #expect(StockDerivation.largestRemainder(7_452, [0.3, 0.2, 0.5]).reduce(0, +) == 7_452)
    }
}

/// Plain scalars are classified by hand for speed; the result must be what Yams' own
/// rules (YAML 1.1 as Yams resolves it) give, for the quick forms and the rest alike.
@Suite struct ScalarKindTests {
    @Test(arguments: [
        ("12", SourceNode.ScalarKind.integer), ("-3", .integer), ("+4", .integer), ("0", .integer), ("012", .integer),
        ("0x1F", .integer),
        ("1_000", .integer), ("1:30", .integer), ("1.5", .float), ("1.", .float), (".5", .float), ("-0.25", .float),
        ("1e3", .float),
        ("1.5e-3", .float), ("2.5E+4", .float), (".inf", .float), ("-.inf", .float), (".nan", .float), ("yes", .bool),
        ("No", .bool),
        ("TRUE", .bool), ("off", .bool), ("null", .null), ("~", .null), ("abc", .string), ("Yess", .string),
        ("2024-01-01", .string),
        ("1.2.3", .string), ("'12'", .string), ("\"true\"", .string), ("12abc", .string), ("-x", .string),
        ("e5", .string),
    ])
    func plainScalarsResolveAsYams(text: String, kind: SourceNode.ScalarKind) throws {
        let (node, problems) = SourceNode.parse(yaml: "value: \(text)\n", file: "inline.yaml")
        #expect(problems.isEmpty)
        guard case .scalar(_, let found)? = node?["value"]?.content else {
            Issue.record("no scalar for \(text)"); return
        }
        #expect(found == kind, "\(text)")
    }
}
