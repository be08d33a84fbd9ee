import Foundation
import HighNeedsTestSupport
import Testing

/// What commands say on standard error besides their errors (issue 21, item 5): one
/// `wrote FILE` line per file put in place, no progress when standard error is not a
/// terminal, and one meaning for `--year` (a January) beside `--financial-year`.
@Suite struct CommandMessagesTests {
    static let kent = "Scenarios/kent/baseline.yaml"
    static let communities = "Scenarios/kent/reforms/communities-of-schools.yaml"
    static let explain = ["explain", kent, communities, "--locality", "thanet", "--draws", "10", "--threads", "2"]
    static let solve = [
        "solve", "Tests/Fixtures/zero-variance.yaml", "--vary", "budget.high_needs_block.amount", "--low", "0",
        "--high", "10000000", "--target", "0", "--draws", "3",
    ]

    @Test func aFileWrittenIsNamedOnceAndStandardOutputIsNot() throws {
        let folder = ExternalTools.temporaryFolder("wrote")
        let out = folder.appendingPathComponent("kent.txt").path
        let toFile = try TestSupport.runCLI(["describe", Self.kent, "--out", out])
        #expect(toFile.status == 0, "\(toFile.stderr)")
        #expect(toFile.stderr == "wrote \(out)\n")
        let toStandardOutput = try TestSupport.runCLI(["describe", Self.kent])
        #expect(toStandardOutput.status == 0 && toStandardOutput.stderr.isEmpty, "\(toStandardOutput.stderr)")
        let dash = try TestSupport.runCLI(["describe", Self.kent, "--out", "-"])
        #expect(dash.stderr.isEmpty, "\(dash.stderr)")
        // Two outputs, two lines, each after its file is in place.
        let overlay = folder.appendingPathComponent("solved.yaml").path
        let report = folder.appendingPathComponent("solve.json").path
        let both = try TestSupport.runCLI(
            Self.solve + ["--metric", "in_year_balance", "--financial-year", "2026", "--overlay", overlay]
                + ["--format", "json", "--out", report])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stderr == "wrote \(overlay)\nwrote \(report)\n")
        #expect(FileManager.default.fileExists(atPath: overlay) && FileManager.default.fileExists(atPath: report))
        // A refused output names nothing as written.
        let refused = try TestSupport.runCLI(["describe", Self.kent, "--out", Self.kent])
        #expect(refused.status == 2 && !refused.stderr.contains("wrote"), "\(refused.stderr)")
    }

    /// Without a terminal on standard error (a pipe here), a long run draws no progress line.
    @Test func noProgressWithoutATerminal() throws {
        let run = try TestSupport.runCLI(["run", Self.kent, "--draws", "200", "--threads", "2"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    @Test func explainReadsAFinancialYearUnderEitherSpelling() throws {
        let new = try TestSupport.runCLI(Self.explain + ["--financial-year", "2027"])
        #expect(new.status == 0 && new.stderr.isEmpty, "\(new.stderr)")
        let written = try TestSupport.runCLI(Self.explain + ["--financial-year", "2027-28"])
        #expect(written.status == 0 && written.stdout == new.stdout, "\(written.stderr)")
        let old = try TestSupport.runCLI(Self.explain + ["--year", "2027"])
        #expect(old.status == 0 && old.stdout == new.stdout)
        #expect(
            old.stderr
                == "warning: --year 2027 for a locality's money is read as the financial year 2027-28; say --financial-year 2027\n"
        )
        let both = try TestSupport.runCLI(Self.explain + ["--year", "2027", "--financial-year", "2027"])
        #expect(both.status == 2 && both.stderr.contains("both given"), "\(both.stderr)")
        let neither = try TestSupport.runCLI(Self.explain)
        #expect(neither.status == 2 && neither.stderr.contains("--financial-year: missing"), "\(neither.stderr)")
        let wrong = try TestSupport.runCLI(Self.explain + ["--financial-year", "2027-29"])
        #expect(wrong.status == 2 && wrong.stderr.contains("expected a financial year such as 2027 or 2027-28"))
        let outside = try TestSupport.runCLI(Self.explain + ["--financial-year", "2040"])
        #expect(outside.status == 2 && outside.stderr.contains("--financial-year 2040-41: not a projected"))
    }

    @Test func solveTakesTheYearThatFitsTheMetric() throws {
        let money = try TestSupport.runCLI(Self.solve + ["--metric", "in_year_balance", "--financial-year", "2026"])
        #expect(money.status == 0 && money.stderr.isEmpty, "\(money.stderr)")
        let old = try TestSupport.runCLI(Self.solve + ["--metric", "in_year_balance", "--year", "2026"])
        #expect(old.status == 0 && old.stdout == money.stdout)
        #expect(
            old.stderr
                == "warning: --year 2026 for a money metric (in_year_balance) is read as the financial year 2026-27; say --financial-year 2026\n"
        )
        let countInAFinancialYear = try TestSupport.runCLI(
            Self.solve + ["--metric", "plans", "--financial-year", "2026"])
        #expect(countInAFinancialYear.status == 2)
        #expect(
            countInAFinancialYear.stderr.contains("plans is a count, read in a January, not a financial year"),
            "\(countInAFinancialYear.stderr)")
        let both = try TestSupport.runCLI(
            Self.solve + ["--metric", "spend", "--year", "2026", "--financial-year", "2026"])
        #expect(both.status == 2 && both.stderr.contains("both given"), "\(both.stderr)")
        let noYear = try TestSupport.runCLI(Self.solve + ["--metric", "plans"])
        #expect(noYear.status == 2 && noYear.stderr.contains("--year: missing"), "\(noYear.stderr)")
    }

    /// `--help` says which flag is which.
    @Test func helpNamesEachYearForWhatItIs() throws {
        let explain = try TestSupport.runCLI(["explain", "--help"])
        #expect(explain.stdout.contains("--financial-year <year>"))
        #expect(explain.stdout.contains("2027 = 2027-28"))
        #expect(!explain.stdout.contains("--year <year>"), "the old spelling is read, not offered")
        for words in [["solve"], ["sweep", "report"]] {
            let help = try TestSupport.runCLI(words + ["--help"])
            #expect(help.stdout.contains("--financial-year <year>"), "\(words)")
            #expect(help.stdout.contains("The January, for a count"), "\(words)")
        }
    }

    /// `describe` and `run` compare with one England: the LAs that record placements, the
    /// same LAs left out, the same shares (issue 21 found them different; checked again here).
    @Test func describeAndRunShareOneEngland() throws {
        let described = try TestSupport.runCLI(["describe", Self.kent, "--format", "json"])
        let ran = try TestSupport.runCLI(["run", Self.kent, "--format", "json", "--years", "1", "--draws", "5"])
        #expect(described.status == 0 && ran.status == 0, "\(described.stderr)\(ran.stderr)")
        let describe = try #require(JSONSerialization.jsonObject(with: Data(described.stdout.utf8)) as? [String: Any])
        let run = try #require(JSONSerialization.jsonObject(with: Data(ran.stdout.utf8)) as? [String: Any])
        let fromDescribe = try #require((describe["england"] as? [String: Any])?["shares"] as? [String: Double])
        let england = try #require((run["results"] as? [String: Any])?["england"] as? [String: Any])
        let fromRun = try #require(england["share"] as? [String: Double])
        #expect(Set(fromDescribe.keys) == Set(fromRun.keys))
        for (group, share) in fromRun {
            // describe rounds to one decimal.
            #expect(abs((fromDescribe[group] ?? .nan) - share) <= 0.05 + 1e-9, "\(group)")
        }
        #expect(described.stdout.contains("Cambridgeshire") && (england["excludes"] as? [String])?.count == 2)
    }
}
