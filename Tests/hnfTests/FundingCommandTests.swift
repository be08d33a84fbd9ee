import Foundation
import HighNeedsTestSupport
import Testing

/// The funding commands end to end: a what-if against its baseline, explain, solve and
/// fit-formula, as a Forum member or finance officer runs them.
@Suite struct FundingCommandTests {
    static let kent = "Scenarios/kent/baseline.yaml"

    @Test(arguments: ["communities-of-schools", "transition-funding", "inclusion-capacity", "special-places"])
    func shippedWhatIfRunsAgainstTheBaseline(name: String) throws {
        let run = try TestSupport.runCLI([
            "run", Self.kent, "Scenarios/kent/reforms/\(name).yaml", "--draws", "20", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [String: Any])
        let title = try #require(results["title"] as? String)
        #expect(
            title.hasPrefix("Kent baseline + ") && title.hasSuffix("(mitigated)") && !title.contains("yaml"),
            "titled with its overlay: \(title)")
        let against = try #require(
            results["against_baseline"] as? [String: Any], "a what-if reports its change against the baseline")
        #expect((against["years"] as? [Any])?.count == 5)
        #expect((against["localities"] as? [Any])?.count == 12)
        let years = try #require(results["years"] as? [[String: Any]])
        #expect(
            years.allSatisfy { ($0["groups"] as? [String: Any])?["mainstream"] != nil },
            "the placement mix against England")
    }

    @Test func explainAndSolveAndFit() throws {
        let explain = try TestSupport.runCLI([
            "explain", Self.kent, "Scenarios/kent/reforms/communities-of-schools.yaml", "--locality", "ashford",
            "--financial-year", "2027", "--draws", "10",
        ])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(
            explain.stdout.contains(
                "funding.blocks.communities_of_schools.pot = £70,000,000 in 2027  [communities-of-schools.yaml:"))
        #expect(explain.stdout.contains("Total: £"))
        let badLocality = try TestSupport.runCLI([
            "explain", Self.kent, "--locality", "atlantis", "--financial-year", "2027", "--draws", "2",
        ])
        #expect(badLocality.status == 2 && badLocality.stderr.contains("--locality atlantis"))

        let overlay = TestSupport.temporaryFile("placeholder", "") + "-solved.yaml"
        let solve = try TestSupport.runCLI([
            "solve", "Tests/Fixtures/zero-variance.yaml", "--vary", "budget.high_needs_block.amount", "--low", "0",
            "--high", "10000000",
            "--metric", "in_year_balance", "--financial-year", "2026", "--target", "0", "--draws", "3", "--overlay",
            overlay,
        ])
        // Money is shown to the pound, at the scenario's prices where it states them.
        #expect(
            solve.status == 0 && solve.stdout.contains("Found: budget.high_needs_block.amount = £"),
            "\(solve.stdout)\(solve.stderr)")
        #expect(FileManager.default.fileExists(atPath: overlay))
        // The block's amount from £0 to `high` for an in-year balance of `target` in 2026-27.
        func seekBlock(high: String, target: String) throws -> (status: Int32, stdout: String, stderr: String) {
            try TestSupport.runCLI([
                "solve", "Tests/Fixtures/zero-variance.yaml", "--vary", "budget.high_needs_block.amount", "--low", "0",
                "--high", high, "--metric", "in_year_balance", "--financial-year", "2026", "--target", target,
                "--draws", "3",
            ])
        }
        let unreachable = try seekBlock(high: "1", target: "0")
        // No answer is not success (status 1), and the advice fits the bounds: the block
        // would have to be above £1, which it can be.
        #expect(
            unreachable.status == 1 && unreachable.stdout.contains("No value between 0.0 and 1.0 reaches the target"),
            "\(unreachable.stdout)\(unreachable.stderr)")
        #expect(unreachable.stdout.contains("the target lies above 1.0"), "\(unreachable.stdout)")
        #expect(unreachable.stderr.contains("reaches the target (see above)"))
        // Below £0 the block is not valid: the advice says so rather than "widen the bounds".
        let belowZero = try seekBlock(high: "1000000000", target: "-1000000000000")
        #expect(
            belowZero.status == 1 && belowZero.stdout.contains("which the scenario does not take"),
            "\(belowZero.stdout)\(belowZero.stderr)")
        let typo = try TestSupport.runCLI([
            "solve", "Tests/Fixtures/zero-variance.yaml", "--vary", "budget.high_needs_blok.amount", "--low", "0",
            "--high", "1",
            "--metric", "in_year_balance", "--financial-year", "2026", "--target", "0",
        ])
        #expect(typo.status == 2 && typo.stderr.contains("no such key"))

        let ids = [
            "ashford", "canterbury", "dartford", "dover", "folkestone_hythe", "gravesham", "maidstone", "sevenoaks",
            "swale", "thanet", "tonbridge_malling", "tunbridge_wells",
        ]
        let csv = TestSupport.temporaryFile(
            "current.csv", "locality,amount\n" + ids.enumerated().map { "\($1),\(5_000_000 + $0 * 100_000)\n" }.joined()
        )
        // Kent's plans are shared out by population: the two factors are collinear, and
        // this allocation is not theirs. The fit is refused (exit 1, no gains and losses) ...
        let fit = try TestSupport.runCLI([
            "fit-formula", Self.kent, "--allocation", csv, "--factors", "population,plans", "--format", "json",
        ])
        #expect(fit.status == 1, "\(fit.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        let weights = try #require(object["weights"] as? [String: Double])
        #expect(abs(weights.values.reduce(0, +) - 1) < 1e-9 && weights.values.allSatisfy { $0 >= 0 })
        #expect(object["refused"] as? Bool == true && (object["localities"] as? [Any])?.isEmpty == true)
        let vif = try #require((object["collinearity"] as? [String: Any])?["vif"] as? [String: Any])
        #expect(vif.values.allSatisfy { ($0 as? Double ?? .infinity) > 10 }, "collinear: \(vif)")
        // ... and given, with the warning, when the user lowers the bar.
        let forced = try TestSupport.runCLI([
            "fit-formula", Self.kent, "--allocation", csv, "--factors", "population,plans", "--min-r2=-100",
        ])
        #expect(
            forced.status == 0 && forced.stdout.contains("WARNING: the factors are collinear")
                && forced.stdout.contains("Ashford"), "\(forced.stdout)")
        let broken = TestSupport.temporaryFile("broken.csv", "locality,amount\nashford,lots\n")
        let bad = try TestSupport.runCLI(["fit-formula", Self.kent, "--allocation", broken, "--factors", "population"])
        #expect(bad.status == 2 && bad.stderr.contains("broken.csv:2:9: error: amount: \"lots\""), "\(bad.stderr)")
    }

    /// An allocation may name localities by id or name in any case, as `explain --locality`
    /// does: the fit is the same as with the ids.
    @Test func fitFormulaTakesLocalityNamesInAnyCase() throws {
        let ids = [
            "ashford", "canterbury", "dartford", "dover", "folkestone_hythe", "gravesham", "maidstone", "sevenoaks",
            "swale", "thanet", "tonbridge_malling", "tunbridge_wells",
        ]
        let names = [
            "ASHFORD", "Canterbury", "dartford", "Dover", "Folkestone and Hythe", "GRAVESHAM", "Maidstone", "sevenoaks",
            "Swale", "THANET", "tonbridge and malling", "Tunbridge Wells",
        ]
        func fit(_ localities: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let csv = TestSupport.temporaryFile(
                "current.csv",
                "locality,amount\n" + localities.enumerated().map { "\($1),\(5_000_000 + $0 * 100_000)\n" }.joined())
            return try TestSupport.runCLI([
                "fit-formula", Self.kent, "--allocation", csv, "--factors", "population,plans_in_mainstream",
                "--min-r2=-100", "--format", "json",
            ])
        }
        let byId = try fit(ids), byName = try fit(names)
        #expect(byId.status == 0 && byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout == byId.stdout)
    }
}
