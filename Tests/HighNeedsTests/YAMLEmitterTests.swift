import HighNeeds
import Testing

/// The one emitter of generated scenarios: whatever text, key or number it is given, what
/// it writes reads back as the same through the loader's parser.
@Suite struct YAMLEmitterTests {
    static let awkward = [
        "plain words", "Kent: calibrated", "a # not a comment", "- leading dash", "{braces}", "a, b", "true", "no",
        "2024", "1e3", "~", "null", " padded ", "quote \" and \\ backslash", "ends with colon:", "'single'", "@at",
        "Bromley (ONS E09000006)", "One band (ASSUMPTION; bands are not in SEN2)", "two\nlines", "tab\there",
        "carriage\rreturn",
    ]

    @Test(arguments: awkward)
    func textReadsBackAsItself(_ text: String) throws {
        let document = YAMLDocument([
            YAMLEntry("block", .text(text)), YAMLEntry("flow", .flow([("inner", .word(text))])),
            YAMLEntry("list", .flowList([.word(text), .word(text)])),
            YAMLEntry(text, .integer(1), trailing: "a comment"),
        ])
        let (node, problems) = SourceNode.parse(yaml: document.text, file: "t.yaml")
        #expect(problems.isEmpty, "\(document.text)")
        let root = try #require(node)
        #expect(root["block"]?.text == text, "\(document.text)")
        #expect(root["flow"]?["inner"]?.text == text, "\(document.text)")
        #expect(root["list"]?.items?.map(\.text) == [text, text], "\(document.text)")
        #expect(root[text]?.integer == 1, "\(document.text)")
    }

    /// A line break in a comment (a CSV's `source`) cannot end the comment early.
    @Test func aCommentStaysAComment() throws {
        let document = YAMLDocument([
            YAMLEntry("a", .integer(1), comments: ["first\nb: 2"], trailing: "then\nc: 3", after: ["x\r\nd: 4"])
        ])
        let root = try #require(SourceNode.parse(yaml: document.text, file: "t.yaml").0)
        #expect(root.entries?.map(\.key) == ["a"], "\(document.text)")
    }

    @Test(arguments: [
        (0.25, YAMLNumber.places(4), "0.25"), (12.0, .places(4), "12"), (1.23456789, .places(4), "1.2346"),
        (9153.4, .significant(8), "9153.4"), (1.0 / 6, .significant(8), "0.16666667"),
        (1e-9, .significant(8), "0.000000001"), (1862, .exact, "1862.0"), (0.1, .exact, "0.1"),
    ])
    func numbersAreWrittenAsTheirFormatSays(value: Double, format: YAMLNumber, text: String) {
        #expect(format.text(value) == text)
    }

    /// Block mappings and lists indent by two under their key, comments sit above their
    /// entry, and the document ends with one line break.
    @Test func layoutIsTheScenarioFilesLayout() {
        let document = YAMLDocument([
            YAMLEntry("schema", .word("hnf.scenario.v1"), comments: ["GENERATED", "  indented note"]),
            YAMLEntry(
                "flows",
                .block([
                    YAMLEntry("rate", .flow([("primary", .number(0.05, .places(4)))]), trailing: "[SEN2]", gap: 3),
                    YAMLEntry(
                        "cells", .blockList([YAMLItem(.flow([("age", .integer(5))]), trailing: "n = 2")]),
                        comments: ["by age"]),
                    YAMLEntry("empty", .block([])),
                ])),
        ])
        #expect(
            document.text == """
                # GENERATED
                #   indented note
                schema: hnf.scenario.v1
                flows:
                  rate: {primary: 0.05}   # [SEN2]
                  # by age
                  cells:
                    - {age: 5}  # n = 2
                  empty: {}

                """)
    }
}
