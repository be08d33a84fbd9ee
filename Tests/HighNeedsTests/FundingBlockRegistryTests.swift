import Foundation
import HighNeeds
import HighNeedsTestSupport
import Testing

@testable import HNFScenario
@testable import HNFStudies

/// The funding blocks are one file each behind `FundingRule`, listed in
/// `FundingRegistry.standard.types`: the schema, the checks and CONTRIBUTING.md's "Extending hnf" follow it.
@Suite struct FundingBlockRegistryTests {
    /// The problems the zero-variance fixture with `blocks` has; nil when it loads.
    static func problems(blocks: String) throws -> InvalidInput? {
        let text = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/zero-variance.yaml"), encoding: .utf8)
        #expect(text.contains("funding: {}"))
        let variant = text.replacingOccurrences(of: "funding: {}", with: "funding:\n  blocks:\n" + blocks)
        return TestSupport.problems(TestSupport.temporaryFile("blocks.yaml", variant))
    }

    /// The scenario schema takes exactly the registered types (and band systems), with
    /// every field each type declares.
    @Test func schemaFollowsTheRegistry() throws {
        let names = FundingRegistry.standard.types.map { $0.typeName }
        #expect(Set(names).count == names.count, "one type per name")
        guard case .record(let record) = ScenarioSchema.block(FundingRegistry.standard.types),
            case .text(let choices) = record.fields.first(where: { $0.name == "type" })?.shape
        else {
            Issue.record("a block is a record with a `type`")
            return
        }
        #expect(choices == ["banded_top_up"] + names)
        for type in FundingRegistry.standard.types {
            for field in type.fields {
                #expect(record.fields.contains { $0.name == field.name }, "\(type.typeName).\(field.name)")
            }
        }
    }

    /// `place_plus` is what the settings' own top-ups, fees and place funding already pay:
    /// a block of that type is refused, where it used to be accepted and dropped.
    @Test func placePlusBlockIsRefused() throws {
        guard let error = try Self.problems(blocks: "    extra: {type: place_plus}\n") else {
            Issue.record("a place_plus block must be refused")
            return
        }
        #expect(
            error.diagnostics.contains { $0.keyPath == "funding.blocks.extra.type" && $0.found.contains("place_plus") })
    }

    /// A block that leaves out a field its type needs is told which, one diagnostic each.
    @Test(arguments: FundingRegistry.standard.types.map { $0.typeName })
    func missingRequiredFieldsAreNamed(_ typeName: String) throws {
        let type = try #require(FundingRegistry.standard.type(named: typeName))
        let reported = try Self.problems(blocks: "    bare: {type: \(typeName)}\n")?.diagnostics.map(\.keyPath) ?? []
        for field in type.requiredFields {
            #expect(reported.contains("funding.blocks.bare.\(field)"), "\(typeName) needs \(field)")
        }
        if type.requiredFields.isEmpty
            && type.check(SourceNode.emptyMapping, path: "p", document: SourceNode.emptyMapping).isEmpty
        {
            #expect(reported.isEmpty)
        }
    }

    /// CONTRIBUTING.md's "Extending hnf" shows a shipped block file as it is, and its registry line:
    /// the example compiles because it is the code.
    @Test func contributingShowsAShippedBlockVerbatim() throws {
        let guide = try String(contentsOfFile: TestSupport.path("CONTRIBUTING.md"), encoding: .utf8)
        let section = try #require(
            guide.components(separatedBy: "## Extending hnf").dropFirst().first?.components(separatedBy: "\n## ").first
        )
        let block = try String(
            contentsOfFile: TestSupport.path("Sources/HNFFunding/Blocks/SupportWithoutPlan.swift"),
            encoding: .utf8)
        #expect(
            section.contains(block), "CONTRIBUTING.md shows Sources/HNFFunding/Blocks/SupportWithoutPlan.swift as it is"
        )
        let registry = try String(
            contentsOfFile: TestSupport.path("Sources/HNFFunding/FundingBlocks.swift"), encoding: .utf8)
        #expect(registry.contains("        SupportWithoutPlan.self,\n") && section.contains("SupportWithoutPlan.self,"))
    }
}

/// A name from the user (a locality's) holding `|` or a line break stays in its Markdown
/// cell: the row was split and the table broken.
@Test func markdownCellsKeepTheirRow() {
    #expect(Text.markdownCell("Ash|ford\nnorth") == "Ash\\|ford north")
    let table = Text.table(["Locality", "£"], [["Ash|ford\nnorth", "1"]], markdown: true, rightAligned: { $0 == 1 })
    #expect(table.split(separator: "\n").count == 3 && table.contains("| Ash\\|ford north | 1 |"))
}
