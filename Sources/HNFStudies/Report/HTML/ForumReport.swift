import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario
import Yams

/// `hnf report`: one self-contained HTML page for a Schools Forum paper. The scenario's
/// projection (a `RunReport`), what-ifs run with the same draws and seed and compared draw
/// by draw with it, the assumptions register of every file read, and provenance.
public struct ForumReport {
    /// One what-if: a set of overlays applied on top of the report's scenario.
    public struct WhatIf {
        public var name: String
        public var files: [String]
        public var report: RunReport
        /// Against the report's own projection (same draws and seed).
        public var change: BaselineComparison
        public init(name: String, files: [String], report: RunReport, change: BaselineComparison) {
            self.name = name
            self.files = files
            self.report = report
            self.change = change
        }
    }

    public var run: RunReport
    public var whatIfs: [WhatIf]
    public var assumptions: AssumptionRegister
    /// Provenance as dotted keys and values (tool, version, files with SHA-256, seed...).
    public var provenance: [(String, String)]
    public var files: [String]
    /// When the report was made: its date heads the page (a Forum paper is dated).
    public var made = Date()

    /// `assumptions`: the register of the files, when the caller has it already (`hnf
    /// serve` reads it once, not once a what-if); read from the files otherwise.
    public init(
        run: RunReport, whatIfs: [WhatIf], files: [String], provenance: [String: Any],
        assumptions: AssumptionRegister? = nil
    ) throws {
        self.run = run
        self.whatIfs = whatIfs
        self.files = files
        let all = files + whatIfs.flatMap(\.files).filter { !files.contains($0) }
        var seen = Set<String>()
        self.assumptions = try assumptions ?? AssumptionRegister(files: all.filter { seen.insert($0).inserted })
        self.provenance = RunReport.flatten(provenance, prefix: "provenance")
    }

    /// "7 December 2026", and the ISO date for the `<time>` element.
    var madeOn: (text: String, iso: String) {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_GB")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "d MMMM yyyy"
        let iso = DateFormatter()
        iso.locale = Locale(identifier: "en_US_POSIX")
        iso.timeZone = TimeZone(identifier: "UTC")
        iso.dateFormat = "yyyy-MM-dd"
        return (day.string(from: made), iso.string(from: made))
    }

    /// The `name:` of an overlay file (its file name when it has none or cannot be read).
    public static func overlayName(_ file: String) -> String {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let document = try? Yams.load(yaml: text) as? [String: Any], let name = document["name"] as? String
        else {
            return URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        }
        return name
    }
}
