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

    /// hnf's own targets a target depends on, as `Package.swift` declares them: the quoted
    /// `HNF…` names between the target's `name:` and the next declaration of any kind.
    static func declaredDependencies(of target: String) throws -> Set<String> {
        let manifest = try String(contentsOfFile: TestSupport.path("Package.swift"), encoding: .utf8)
        let start = try #require(manifest.range(of: "name: \"\(target)\",")).upperBound
        let rest = manifest[start...]
        let end =
            rest.firstRange(of: /\.(target|executableTarget|testTarget|systemLibrary)\(/)?.lowerBound ?? rest.endIndex
        let declaration = rest[..<end]
        let quoted = declaration.matches(of: /"(HNF\w+)"/).map { String($0.output.1) }
        return Set(quoted)
    }

    @Test func everyLayerIsATargetOfThePackage() throws {
        let manifest = try String(contentsOfFile: TestSupport.path("Package.swift"), encoding: .utf8)
        for target in Self.layers + ["HighNeeds"] {
            #expect(manifest.contains(".target(\n            name: \"\(target)\","), "Package.swift declares \(target)")
        }
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

    /// Every `.swift` file of a library target is named in the README of its own folder or
    /// of a folder above it, by its path from that README's folder: as itself
    /// (`Name.swift` beside it, `Folder/Name.swift` above it), by a pattern
    /// (`Explanation*.swift`, `Blocks/*.swift`), or as a concern of a file
    /// (`RunReport.swift` (+`CSV`, `Workbook`)).
    @Test(arguments: layers + ["HighNeeds"])
    func everySourceFileIsNamedInItsFoldersReadme(_ target: String) throws {
        let root = TestSupport.path("Sources/\(target)")
        let paths = try FileManager.default.subpathsOfDirectory(atPath: root)
        let readmes = try Self.readmes(root: root, paths: paths)
        let unnamed = paths.filter { $0.hasSuffix(".swift") }.filter { path in
            !readmes.contains { folder, names in
                guard folder.isEmpty || path.hasPrefix(folder + "/") else { return false }
                let relative = folder.isEmpty ? path : String(path.dropFirst(folder.count + 1))
                return names.contains { Self.matches($0, relative) }
            }
        }
        #expect(unnamed.isEmpty, "Sources/\(target): no README of its folder names \(unnamed.sorted())")
    }

    /// A README names no file that is not there: every file it gives by name (not by
    /// pattern) is somewhere in the package's sources, tests or benchmarks.
    @Test(arguments: layers + ["HighNeeds", "HNFServer", "hnf-fuzz"])
    func everyFileAReadmeNamesExists(_ target: String) throws {
        let root = TestSupport.path("Sources/\(target)")
        let readmes = try Self.readmes(root: root, paths: try FileManager.default.subpathsOfDirectory(atPath: root))
        var everywhere = ["Package.swift"]
        for tree in ["Sources", "Tests", "Benchmarks"] {
            let base = TestSupport.path(tree)
            everywhere += try FileManager.default.subpathsOfDirectory(atPath: base).filter { $0.hasSuffix(".swift") }
                .map { "\(tree)/\($0)" }
        }
        for (folder, names) in readmes {
            let missing = names.filter { !$0.contains("*") }.filter { name in
                !everywhere.contains { $0 == name || $0.hasSuffix("/" + name) }
            }
            #expect(missing.isEmpty, "Sources/\(target)/\(folder)/README.md names \(missing) that do not exist")
        }
    }

    /// The folders (relative to `root`, "" for the target's own) holding a README, with the
    /// file names and patterns each gives.
    static func readmes(root: String, paths: [String]) throws -> [(folder: String, names: [String])] {
        try paths.filter { $0 == "README.md" || $0.hasSuffix("/README.md") }.map { path in
            let folder = path == "README.md" ? "" : String(path.dropLast("/README.md".count))
            return (folder, namedFiles(try String(contentsOfFile: root + "/" + path, encoding: .utf8)))
        }
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

    /// Whether a README's `name` (a path from its folder, perhaps with `*`) names `relative`.
    static func matches(_ name: String, _ relative: String) -> Bool {
        guard name.contains("*") else { return name == relative }
        let pattern =
            "^" + NSRegularExpression.escapedPattern(for: name).replacingOccurrences(of: "\\*", with: "[^/]*")
            + "$"
        return relative.range(of: pattern, options: .regularExpression) != nil
    }
}
