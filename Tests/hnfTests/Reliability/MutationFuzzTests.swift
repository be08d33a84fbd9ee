import Foundation
import HighNeedsTestSupport
import Testing

/// A seeded random mutation test over the shipped scenarios and what-ifs: every mutation (a numeric
/// leaf set to a negative, zero, huge, non-finite or non-numeric value; a key renamed; a
/// section removed) must end in one of two ways, each under a time limit:
/// - `hnf validate` refuses it (exit 2) with a message located at file:line:column, or
/// - `hnf validate` accepts it and `hnf run --draws 2` succeeds with finite numbers only
///   (no nan or inf in its CSV), writing its output without touching the input.
///
/// The seed is fixed so a failure reproduces; `HNF_FUZZ_SEED` and `HNF_FUZZ_CASES` explore
/// further (e.g. `HNF_FUZZ_SEED=7 HNF_FUZZ_CASES=500 swift test --filter MutationFuzzTests`).
@Suite struct MutationFuzzTests {
    static let sources = [
        "Scenarios/kent/baseline.yaml", "Tests/Fixtures/zero-variance.yaml", "Tests/Fixtures/capacity.yaml",
        "Tests/Fixtures/transition.yaml", "Tests/Fixtures/by-need.yaml", "Tests/Fixtures/growth.yaml",
    ]
    /// The shipped what-ifs, mutated as overlays on the Kent baseline.
    static let overlays = ["communities-of-schools", "transition-funding", "inclusion-capacity", "special-places"].map {
        "Scenarios/kent/reforms/\($0).yaml"
    }
    static let seed = UInt64(ProcessInfo.processInfo.environment["HNF_FUZZ_SEED"] ?? "") ?? 20_261_129
    static let count = Int(ProcessInfo.processInfo.environment["HNF_FUZZ_CASES"] ?? "") ?? 72

    /// Values a numeric leaf is replaced by.
    static let replacements = [
        "-1", "0", "-0.0001", "0.5", "1e20", "-1e20", "1e300", "1e400", ".nan", ".inf", "-.inf", "NaN",
        "lots", "1000000", "2147483648", "99999999999999999999", "1_000", "0x10", "~", "[]", "{}",
    ]

    struct Mutation: CustomTestStringConvertible, Sendable {
        var source: String
        var description: String
        var text: String
        /// For an overlay: the scenario it applies to.
        var base: String? = nil
        var testDescription: String { "\(source): \(description)" }
    }

    static let numberPattern = try! NSRegularExpression(
        pattern: #"(?<=[:,\[{] )-?[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?(?=\s*(?:[,}\]]|$))"#)
    static let keyPattern = try! NSRegularExpression(pattern: #"^( *)(?:- )?([A-Za-z_][A-Za-z0-9_-]*):"#)

    static let mutations: [Mutation] = {
        var random = SplitMix(state: seed)
        func lines(_ path: String) -> [String] {
            try! String(contentsOfFile: TestSupport.path(path), encoding: .utf8).components(separatedBy: "\n")
        }
        var out: [Mutation] = []
        for i in 0..<count {
            // Half the cases on Kent, the largest and richest scenario; a quarter on the
            // fixtures; a quarter on the what-if overlays.
            switch i % 4 {
            case 0, 2: if let m = mutate(lines(sources[0]), source: sources[0], using: &random) { out.append(m) }
            case 1:
                let source = sources[1 + (i / 4) % (sources.count - 1)]
                if let m = mutate(lines(source), source: source, using: &random) { out.append(m) }
            default:
                let source = overlays[(i / 4) % overlays.count]
                if var m = mutate(lines(source), source: source, using: &random) { m.base = sources[0]; out.append(m) }
            }
        }
        return out
    }()

    static func mutate(_ lines: [String], source: String, using random: inout SplitMix) -> Mutation? {
        var lines = lines
        func code(_ line: String) -> String { line.components(separatedBy: " #").first ?? line }
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<6:  // a numeric leaf
            var leaves: [(Int, NSRange)] = []
            for (n, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                let body = code(line)
                for match in numberPattern.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
                    leaves.append((n, match.range))
                }
            }
            guard let (n, range) = leaves.randomElement(using: &random) else { return nil }
            let value = replacements.randomElement(using: &random)!
            let line = lines[n] as NSString
            let old = line.substring(with: range)
            lines[n] = line.replacingCharacters(in: range, with: value)
            return Mutation(
                source: source, description: "line \(n + 1): \(old) → \(value)", text: lines.joined(separator: "\n"))
        case 6..<8:  // a key renamed
            let keyed = lines.indices.filter {
                keyPattern.firstMatch(in: lines[$0], range: NSRange(lines[$0].startIndex..., in: lines[$0])) != nil
            }
            guard let n = keyed.randomElement(using: &random),
                let match = keyPattern.firstMatch(in: lines[n], range: NSRange(lines[n].startIndex..., in: lines[n]))
            else { return nil }
            let line = lines[n] as NSString
            let key = line.substring(with: match.range(at: 2))
            let renamed = ["\(key)_x", key.uppercased(), String(key.dropLast()), "\(key)s"].randomElement(
                using: &random)!
            lines[n] = line.replacingCharacters(in: match.range(at: 2), with: renamed)
            return Mutation(
                source: source, description: "line \(n + 1): key \(key) → \(renamed)",
                text: lines.joined(separator: "\n"))
        default:  // a section removed: a keyed line and every deeper-indented line after it
            let keyed = lines.indices.filter {
                keyPattern.firstMatch(in: lines[$0], range: NSRange(lines[$0].startIndex..., in: lines[$0])) != nil
                    && !lines[$0].contains("- ")
            }
            guard let n = keyed.randomElement(using: &random) else { return nil }
            let indent = lines[n].prefix { $0 == " " }.count
            var end = n + 1
            while end < lines.count,
                lines[end].trimmingCharacters(in: .whitespaces).isEmpty
                    || lines[end].prefix(while: { $0 == " " }).count > indent
            { end += 1 }
            let removed = lines[n].trimmingCharacters(in: .whitespaces)
            lines.removeSubrange(n..<end)
            return Mutation(
                source: source, description: "lines \(n + 1)–\(end): removed \(removed.prefix(40))",
                text: lines.joined(separator: "\n"))
        }
    }

    static let located = try! NSRegularExpression(pattern: #"[SO]\.yaml:[0-9]+:[0-9]+: error: "#)

    @Test(arguments: mutations)
    func validateRefusesWithALocationOrRunGivesFiniteNumbers(_ mutation: Mutation) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mutated = folder.appendingPathComponent(mutation.base == nil ? "S.yaml" : "O.yaml").path
        try Data(mutation.text.utf8).write(to: URL(fileURLWithPath: mutated))
        let files = mutation.base.map { [TestSupport.path($0), mutated] } ?? [mutated]
        let check = try BoundedRun.hnf(["validate"] + files, seconds: 60)
        #expect(check.endedCleanly, "validate crashed or hung (seed \(Self.seed)): \(check.stderr.prefix(500))")
        #expect(check.status == 0 || check.status == 2, "status \(check.status): \(check.stderr.prefix(500))")
        if check.status == 2 {
            let first = check.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(
                Self.located.firstMatch(in: first, range: NSRange(first.startIndex..., in: first)) != nil,
                "not located (seed \(Self.seed)): \(check.stderr.prefix(500))")
            #expect(check.stderr.split(separator: "\n").count < 60)
            return
        }
        let out = folder.appendingPathComponent("out.csv").path
        let run = try BoundedRun.hnf(
            ["run"] + files + ["--draws", "2", "--no-baseline", "--format", "csv", "--out", out], seconds: 120)
        #expect(run.endedCleanly, "run crashed or hung (seed \(Self.seed)): \(run.stderr.prefix(500))")
        #expect(run.status == 0, "validate accepted what run refused (seed \(Self.seed)): \(run.stderr.prefix(500))")
        guard run.status == 0 else { return }
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        let fields = csv.split(whereSeparator: { $0 == "," || $0 == "\n" }).map { $0.lowercased() }
        #expect(
            !fields.contains { $0 == "nan" || $0 == "inf" || $0 == "-inf" || $0 == "+inf" },
            "non-finite numbers in the output (seed \(Self.seed))")
        #expect(try String(contentsOfFile: mutated, encoding: .utf8) == mutation.text, "the input is untouched")
    }
}
