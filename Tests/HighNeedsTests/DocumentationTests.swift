import Foundation
import HighNeedsTestSupport
import Testing

/// The front door: README stays short and shows the two commands a newcomer and CI run;
/// every relative link in README, the guides and references under `Docs/`, the scenario
/// reference and the other top-level documents reaches a file that exists, and its
/// `#anchor` a heading of that file (as GitHub makes anchors from headings).
@Suite struct DocumentationTests {
    /// README, CONTRIBUTING, CHANGELOG, the scenario reference and every `Docs/*.md`.
    static let documents: [String] = {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.path("Docs"))) ?? []
        return ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "Scenarios/README.md"]
            + docs.filter { $0.hasSuffix(".md") }.sorted().map { "Docs/\($0)" }
    }()

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: TestSupport.path(path), encoding: .utf8)
    }

    @Test func readmeIsShortAndShowsTheTwoCommands() throws {
        let readme = try Self.text("README.md")
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(lines <= 220, "README.md has \(lines) lines")
        #expect(readme.contains("\n## Two commands\n"))
        for command in [
            "Scripts/bootstrap && swift run -c release hnf run Scenarios/kent/baseline.yaml",
            "Scripts/bootstrap && swift test",
        ] {
            #expect(readme.contains("\n       \(command)\n"), "README.md shows `\(command)` as a command")
        }
    }

    /// The guides README sends each reader to, the references, and the licence files.
    @Test func theGuidesAndLicenceExist() {
        let files = [
            "Docs/forum-members.md", "Docs/finance-officers.md", "Docs/analysts.md", "Docs/commands.md",
            "Docs/json-contracts.md", "Docs/validation.md", "Docs/speed.md", "Scenarios/README.md",
            "CONTRIBUTING.md", "CHANGELOG.md", "LICENSE", "NOTICE",
        ]
        for file in files { #expect(FileManager.default.fileExists(atPath: TestSupport.path(file)), "\(file)") }
        #expect(Self.documents.count >= 11)
    }

    @Test(arguments: documents)
    func everyRelativeLinkResolves(_ document: String) throws {
        let text = try Self.text(document)
        let folder = TestSupport.root.appendingPathComponent(document).deletingLastPathComponent()
        var broken: [String] = []
        for target in Self.links(in: text) where !target.contains("://") && !target.hasPrefix("mailto:") {
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let file = String(parts[0])
            let url =
                file.isEmpty
                ? TestSupport.root.appendingPathComponent(document)
                : folder.appendingPathComponent(file).standardizedFileURL
            guard FileManager.default.fileExists(atPath: url.path) else {
                broken.append("\(target): no file \(url.path)")
                continue
            }
            guard parts.count == 2 else { continue }
            let anchor = String(parts[1])
            let headings = Self.anchors(try String(contentsOf: url, encoding: .utf8))
            if !headings.contains(anchor) {
                broken.append("\(target): no heading of \(url.lastPathComponent) is #\(anchor)")
            }
        }
        #expect(broken.isEmpty, "\(document): \(broken.joined(separator: "; "))")
    }

    /// The text outside fenced code blocks, with inline code removed (a link's text may hold
    /// code; a code span that looks like a link is not one).
    static func prose(_ text: String) -> [String] {
        var inFence = false
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if !inFence { lines.append(String(line)) }
        }
        return lines
    }

    /// Every `[text](target)` and `![alt](target)` target, links whose text runs over lines included.
    static func links(in text: String) -> [String] {
        let prose = Self.prose(text).joined(separator: "\n")
            .replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
        let pattern = try! NSRegularExpression(pattern: #"\[[^\]]*\]\(([^)\s]+)\)"#)
        return pattern.matches(in: prose, range: NSRange(prose.startIndex..., in: prose)).map {
            (prose as NSString).substring(with: $0.range(at: 1))
        }
    }

    /// The anchors GitHub gives a document's headings: lower case, letters, digits, `-` and
    /// `_` kept, spaces as `-`, everything else dropped; a repeated one gets `-1`, `-2`, ….
    static func anchors(_ text: String) -> Set<String> {
        var seen: [String: Int] = [:]
        var anchors: Set<String> = []
        for line in Self.prose(text) {
            guard let match = line.firstMatch(of: /^#{1,6} +(.*?) *#*$/) else { continue }
            let slug = Self.slug(String(match.output.1))
            let n = seen[slug, default: 0]
            seen[slug] = n + 1
            anchors.insert(n == 0 ? slug : "\(slug)-\(n)")
        }
        return anchors
    }

    static func slug(_ heading: String) -> String {
        let kept: Set<Unicode.GeneralCategory> = [
            .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation,
        ]
        var slug = ""
        for scalar in heading.lowercased().unicodeScalars {
            if scalar == " " {
                slug += "-"
            } else if scalar == "-" || kept.contains(scalar.properties.generalCategory) {
                slug.unicodeScalars.append(scalar)
            }
        }
        return slug
    }

    @Test func anchorsAreGitHubs() {
        #expect(Self.slug("The what-if page: `hnf serve`") == "the-what-if-page-hnf-serve")
        #expect(Self.slug("Kent's money, anchored to actuals") == "kents-money-anchored-to-actuals")
        #expect(Self.slug("Sweep database (`hnf.sweep-db.v1`)") == "sweep-database-hnfsweep-dbv1")
        #expect(Self.anchors("# A\n## A\n```\n# not a heading\n```\n") == ["a", "a-1"])
    }
}
