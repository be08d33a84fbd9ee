import Foundation
import HighNeedsTestSupport
import Testing

/// The house plan: the library is five SwiftPM targets in layers (the compiler refuses an
/// import that runs back up); these tests keep the words about it true. Each target's
/// README says what it may depend on, as `Package.swift` does, and every source file is
/// named in its target's READMEs, so a reader finds it from the folder notes.
@Suite struct HousePlanTests {
    /// The layers, bottom first; each may depend only on those before it.
    static let layers = ["HNFCore", "HNFScenario", "HNFEngine", "HNFFunding", "HNFStudies"]

    /// hnf's own targets a target depends on, as `Package.swift` declares them.
    static func declaredDependencies(of target: String) throws -> Set<String> {
        let manifest = try String(contentsOfFile: TestSupport.path("Package.swift"), encoding: .utf8)
        let start = try #require(manifest.range(of: "name: \"\(target)\",")).upperBound
        let rest = manifest[start...]
        let end = rest.range(of: ".target(")?.lowerBound ?? rest.endIndex
        let declaration = rest[..<end]
        let quoted = declaration.matches(of: /"(HNF\w+)"/).map { String($0.output.1) }
        return Set(quoted)
    }

    @Test(arguments: layers)
    func aLayerDependsOnlyOnTheLayersBelowIt(_ target: String) throws {
        let below = Set(Self.layers.prefix { $0 != target })
        let declared = try Self.declaredDependencies(of: target)
        #expect(declared.isSubset(of: below), "\(target) depends on \(declared.subtracting(below).sorted())")
    }

    /// Each target README's "Dependencies:" line names exactly the hnf targets it depends on.
    @Test(arguments: layers)
    func readmeStatesTheDependencies(_ target: String) throws {
        let readme = try String(contentsOfFile: TestSupport.path("Sources/\(target)/README.md"), encoding: .utf8)
        let line = try #require(
            readme.split(separator: "\n").first { $0.hasPrefix("**Dependencies:**") },
            "Sources/\(target)/README.md has a **Dependencies:** line")
        let named = Set(line.matches(of: /HNF\w+/).map { String($0.output) })
        #expect(named == (try Self.declaredDependencies(of: target)), "Sources/\(target)/README.md")
    }

    /// Every `.swift` file of a library target is named in one of the target's READMEs:
    /// as itself (`Name.swift` or `Folder/Name.swift`), by a pattern (`Explanation*.swift`,
    /// `Blocks/*.swift`), or as a concern of a file (`RunReport.swift` (+`CSV`, `Workbook`)).
    @Test(arguments: layers + ["HighNeeds"])
    func everySourceFileIsNamedInItsReadme(_ target: String) throws {
        let root = TestSupport.path("Sources/\(target)")
        let paths = try #require(FileManager.default.subpathsOfDirectory(atPath: root) as [String]?)
        let readmes = try paths.filter { $0.hasSuffix("README.md") }.map {
            try String(contentsOfFile: root + "/" + $0, encoding: .utf8)
        }.joined(separator: "\n")
        let names = Self.namedFiles(readmes)
        let unnamed = paths.filter { $0.hasSuffix(".swift") }.filter { path in
            let file = String(path.split(separator: "/").last!)
            return !names.contains { Self.matches($0, path: path, file: file) }
        }
        #expect(unnamed.isEmpty, "Sources/\(target): no README names \(unnamed.sorted())")
    }

    /// The file names and patterns a README gives in backquotes, with concerns expanded.
    static func namedFiles(_ text: String) -> [String] {
        var names = text.matches(of: /`([\w+*\/]+\.swift)`/).map { String($0.output.1) }
        for match in text.matches(of: /`([\w\/]+)\.swift` \(([^)]*)\)/) {
            for concern in match.output.2.matches(of: /`\+?(\w+)`/) {
                names.append("\(match.output.1)+\(concern.output.1).swift")
            }
        }
        return names
    }

    static func matches(_ name: String, path: String, file: String) -> Bool {
        guard name.contains("*") else { return name == file || name == path || path.hasSuffix("/" + name) }
        let pattern =
            "^" + NSRegularExpression.escapedPattern(for: name).replacingOccurrences(of: "\\*", with: "[^/]*")
            + "$"
        return [file, path].contains { $0.range(of: pattern, options: .regularExpression) != nil }
            || path.range(of: "/" + pattern.dropFirst(), options: .regularExpression) != nil
    }
}
