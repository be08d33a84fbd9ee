import Foundation
import HighNeedsTestSupport
import Testing

/// Damaged national tables (issue 26, class 7): each is a copy of `Scenarios/national` with
/// one file changed as a cut download, a slip of the hand or a bad merge would change it,
/// and the command a user types on it must refuse it — exit 2, the file and line, what
/// was found — under a time limit, never printing figures from it. (A `caseload.csv` cut
/// mid-row once gave `hnf ratios` an England of 19,885 plans.)
@Suite struct NationalDataCasesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var change: @Sendable (String) -> String
        var arguments: [String]
        /// Text the standard error must contain; it must start with the damaged file's path.
        var message: String
        var testDescription: String { name }
    }

    static let kent = "Scenarios/kent/baseline.yaml"
    static let money = ["calibrate", "--la", "886", "--money"]

    /// `text` with its `n`th line (1-based) passed through `edit`.
    static func line(_ n: Int, of text: String, _ edit: (String) -> String) -> String {
        var lines = text.components(separatedBy: "\n")
        lines[n - 1] = edit(lines[n - 1])
        return lines.joined(separator: "\n")
    }

    static func replacing(_ old: String, _ new: String) -> @Sendable (String) -> String {
        { text in
            precondition(text.contains(old), "\(old) is not in the table")
            return text.replacingOccurrences(of: old, with: new)
        }
    }

    static let cases: [Case] = [
        Case(
            name: "caseload cut mid-row", file: "caseload.csv", change: { String($0.prefix($0.count / 2)) },
            arguments: ["ratios", "--la", "England"], message: "caseload.csv:585:1: error: a last line with no line end"
        ),
        Case(
            name: "caseload cut at a line end", file: "caseload.csv",
            change: { $0.components(separatedBy: "\n").prefix(600).joined(separator: "\n") + "\n" },
            arguments: ["ratios", "--la", "886"],
            message:
                "caseload.csv:487:35: error: plans: North East's 22,060 for 2022 against 19,410, the sum of its 11 LAs' rows"
        ),
        Case(
            name: "caseload cut after England's row", file: "caseload.csv",
            change: { text in
                let lines = text.components(separatedBy: "\n")
                let england = lines.firstIndex { $0.hasPrefix("2023,england,") }!
                return lines.prefix(england + 1).joined(separator: "\n") + "\n"
            },
            arguments: ["ratios", "--la", "886", "--year", "2022"],
            message: "caseload.csv:648:1: error: England's row for 2023 with no region's row after it"),
        Case(
            name: "an LA's plans mistyped", file: "caseload.csv",
            change: replacing("2022,la,886,Kent,E12000008,17733,", "2022,la,886,Kent,E12000008,1773,"),
            arguments: ["ratios", "--la", "886"],
            message: "plans: South East's 83,307 for 2022 against 67,347, the sum of its 19 LAs' rows"),
        Case(
            name: "a hexadecimal count", file: "caseload.csv",
            change: replacing("2022,la,886,Kent,E12000008,17733,", "2022,la,886,Kent,E12000008,0x10,"),
            arguments: ["ratios", "--la", "886"], message: "caseload.csv:621:28: error: plans: \"0x10\"; expected"),
        Case(
            name: "a row twice", file: "caseload.csv",
            change: { text in text + text.components(separatedBy: "\n").first { $0.hasPrefix("2022,la,886,") }! + "\n"
            },
            arguments: ["ratios", "--la", "886"], message: "a second row for Kent (886), 2022 (first on line 621)"),
        Case(
            name: "a column renamed", file: "caseload.csv",
            change: { line(1, of: $0) { $0.replacingOccurrences(of: ",plans,", with: ",plan,") } },
            arguments: ["ratios", "--la", "886"], message: "caseload.csv:1:1: error: header: no column plans"),
        Case(
            name: "an empty line", file: "caseload.csv", change: { $0 + "\n" }, arguments: ["ratios", "--la", "886"],
            message: "caseload.csv:1136:1: error: an empty line"),
        Case(
            name: "text after a closing quote", file: "needs.csv",
            change: replacing(
                "2025,la,801,\"Bristol, City of\",E12000009,age,10,",
                "2025,la,801,\"Bristol, City of\"x,E12000009,age,10,"),
            arguments: ["describe", kent], message: "needs.csv:4346:31: error: text after the closing quote"),
        Case(
            name: "needs cut at a line end", file: "needs.csv",
            change: { $0.components(separatedBy: "\n").prefix(5000).joined(separator: "\n") + "\n" },
            arguments: ["validate", kent],
            message: "needs.csv:65:42: error: plans: North East's 2,001 for 2025, breakdown age, value 10"),
        Case(
            name: "new plans cut at a year's end", file: "new-plans.csv",
            change: { text in
                let lines = text.components(separatedBy: "\n")
                let england = lines.firstIndex { $0.hasPrefix("2024,england,") }!
                return lines.prefix(england).joined(separator: "\n") + "\n"
            },
            arguments: ["calibrate", "--la", "886", "--from", "2019", "--to", "2022"],
            message:
                "new-plans.csv: error: year: rows up to 2023; expected rows up to 2024, as caseload.csv's latest January 2025 says"
        ),
        Case(
            name: "a year missing", file: "requests.csv",
            change: { $0.components(separatedBy: "\n").filter { !$0.hasPrefix("2021,") }.joined(separator: "\n") },
            arguments: ["calibrate", "--la", "886", "--from", "2019", "--to", "2022"],
            message: "requests.csv: error: year: no rows for 2021; expected every year from 2019 to 2024"),
        Case(
            name: "a negative count by age", file: "caseload-by-age.csv",
            change: replacing("2025,la,886,Kent,E12000008,10,", "2025,la,886,Kent,E12000008,10,-"),
            arguments: ["run", kent, "--draws", "2"], message: "caseload-by-age.csv:6848:31: error: plans: \"-"),
        Case(
            name: "total DSG a pound out", file: "dsg-balances.csv",
            change: replacing("2021,la,886,Kent,,1428707946,", "2021,la,886,Kent,,1428707947,"), arguments: money,
            message: "total_dsg: England's 51,102,707,746 for 2021 against 51,102,707,747, the sum of its 150 LAs' rows"
        ),
        Case(
            name: "a balance that is not its percentage", file: "dsg-balances.csv",
            change: replacing(
                "2021,la,886,Kent,,1428707946,-6.83,-97580752.71", "2021,la,886,Kent,,1428707946,-6.83,-9758075.27"),
            arguments: money,
            message: "cumulative_balance: -£9,758,075.27 for Kent 2021-22; expected cumulative_balance_pc of total_dsg"),
        Case(
            name: "an S251 line mistyped", file: "s251-high-needs.csv",
            change: replacing("2021,la,886,Kent,,334809.44,58009420.67,", "2021,la,886,Kent,,334809.44,58009421.67,"),
            arguments: ["calibrate", "--la", "886", "--unit-costs"],
            message: "s251-high-needs.csv:2:45: error: budget_place_funding_total: England's 1,638,110,627.40"),
        Case(
            name: "a settlement year that is not one", file: "high-needs-settlement.csv",
            change: replacing("\n2024,", "\n2024x,"), arguments: money,
            message: "high-needs-settlement.csv:3:1: error: year: \"2024x\"; expected a financial year"),
        Case(
            name: "a Safety Valve payment twice", file: "safety-valve.csv",
            change: { $0 + $0.components(separatedBy: "\n")[1] + "\n" }, arguments: money,
            message: "safety-valve.csv:47:10: error: year: 2022 a second time for 886 (first on line 2)"),
        Case(
            name: "the Safety Valve table cut short", file: "safety-valve.csv", change: { String($0.prefix(3000)) },
            arguments: ["backtest", "--money", "--la", "886"],
            message: "safety-valve.csv:14:1: error: a last line with no line end"),
    ]

    /// A copy of the shipped tables with `file` changed.
    static func damagedCopy(_ file: String, _ change: (String) -> String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hnf-national-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestSupport.root.appendingPathComponent("Scenarios/national"), to: folder)
        let url = folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(change(text).utf8).write(to: url)
        return folder.path
    }

    @Test(arguments: cases)
    func aDamagedTableIsRefusedAtItsLine(_ c: Case) throws {
        let folder = try Self.damagedCopy(c.file, c.change)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try BoundedRun.hnf(c.arguments + ["--national-data", folder], seconds: 60)
        #expect(run.endedCleanly)
        #expect(run.status == 2, "\(run.stdout.prefix(300))\(run.stderr)")
        #expect(run.stderr.hasPrefix("\(folder)/\(c.file):"), "located in the damaged file: \(run.stderr)")
        #expect(run.stderr.contains(c.message), "\(run.stderr)")
        #expect(run.stdout.isEmpty, "nothing printed from a damaged table")
    }

    /// The shipped tables and the small test extract pass every check.
    @Test(arguments: ["Scenarios/national", "Tests/Fixtures/national-small"])
    func theShippedTablesLoad(_ folder: String) throws {
        let run = try BoundedRun.hnf(
            ["calibrate", "--la", "886", "--from", "2019", "--to", "2022", "--national-data", folder], seconds: 120)
        #expect(run.status == 0, "\(run.stderr)")
    }
}
