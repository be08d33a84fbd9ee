import Foundation
import HighNeedsTestSupport
import Testing

/// CSV for spreadsheets and R/pandas: a header row, January and financial year in their own
/// columns, money to the penny, change-against-baseline rows with overlays, and `explain`'s
/// amounts adding up to the total once.
@Suite struct CSVReportTests {
    static let inputs = [
        "Scenarios/kent/baseline.yaml", "Scenarios/kent/reforms/communities-of-schools.yaml", "--draws", "30", "--seed",
        "5",
    ]

    static func rows(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map { Self.fields(String($0)) }
        let header = lines[0]
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// Splits one CSV line, honouring quotes.
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], field = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field); field = ""
            } else {
                field.append(c)
            }
        }
        return out + [field]
    }

    @Test func runCSVSeparatesPeriodsRoundsMoneyAndMatchesJSON() throws {
        let csv = try TestSupport.runCLI(["run"] + Self.inputs + ["--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasPrefix("area,january,financial_year,measure,unit,mean,sd,p5,p10,p50,p90,p95\n"))
        let rows = Self.rows(csv.stdout)
        for row in rows {
            if row["unit"] == "GBP" {
                #expect(row["january"] == "" && row["financial_year"]!.count == 7, "\(row)")
                #expect(row["p50"]!.split(separator: ".").last!.count == 2, "money not in pence: \(row)")
            } else if row["unit"] == "probability" {
                // A share of draws in a financial year: one number, in `mean`.
                #expect(row["january"] == "" && row["financial_year"]!.count == 7, "\(row)")
                #expect(Double(row["mean"]!).map { (0...1).contains($0) } == true && row["p50"] == "", "\(row)")
            } else {
                #expect(row["financial_year"] == "" && Int(row["january"]!) != nil, "\(row)")
            }
        }
        let json =
            try JSONSerialization.jsonObject(
                with: Data(try TestSupport.runCLI(["run"] + Self.inputs + ["--format", "json"]).stdout.utf8))
            as! [String: Any]
        let results = json["results"] as! [String: Any]
        let money = (results["money"] as! [[String: Any]]).last!
        let balance = (money["cumulative_balance"] as! [String: Double])["p50"]!
        let row = try #require(
            rows.first { $0["measure"] == "cumulative_balance" && $0["financial_year"] == money["label"] as? String })
        #expect(abs(Double(row["p50"]!)! - balance) <= 0.005)
        let change = (results["against_baseline"] as! [String: Any])["years"] as! [[String: Any]]
        let changeRow = try #require(
            rows.first { $0["measure"] == "change.plans" && $0["january"] == "\(change.last!["year"] as! Int)" })
        #expect(abs(Double(changeRow["p50"]!)! - (change.last!["plans"] as! [String: Double])["p50"]!) < 1e-4)
        #expect(rows.contains { $0["measure"] == "change.allocation" && $0["area"] == "ashford" })
        // The figure behind the feasibility warning: the share of draws whose pot pays its protection.
        let years = results["years"] as! [[String: Any]]
        for year in years {
            for (block, share) in (year["funding_feasible"] as? [String: Double]) ?? [:] {
                let label = FinancialYearLabel.endingIn(year["year"] as! Int)
                let feasible = try #require(
                    rows.first {
                        $0["measure"] == "feasible.\(block)" && $0["area"] == "886" && $0["financial_year"] == label
                    })
                #expect(abs(Double(feasible["mean"]!)! - share) < 1e-4)
            }
        }
        #expect(years.contains { $0["funding_feasible"] != nil }, "the overlay has a locality budget")
        #expect(rows.contains { $0["measure"] == "p_in_year_balance_without_conditional" })
    }

    /// "2026-27" for the financial year that January 2027 falls in.
    enum FinancialYearLabel {
        static func endingIn(_ january: Int) -> String {
            "\(january - 1)-\(String(format: "%02d", january % 100))"
        }
    }

    @Test func explainCSVAddsUpOnce() throws {
        let arguments = ["explain"] + Self.inputs + ["--locality", "ashford", "--financial-year", "2027"]
        let csv = try TestSupport.runCLI(arguments + ["--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = Self.rows(csv.stdout)
        let sum = rows.compactMap { Double($0["amount"] ?? "") }.reduce(0, +)
        let json =
            try JSONSerialization.jsonObject(
                with: Data(try TestSupport.runCLI(arguments + ["--format", "json"]).stdout.utf8)) as! [String: Any]
        let total = try #require(json["total"] as? Double)
        #expect(
            abs(sum - total) < 0.01 * Double(rows.filter { $0["kind"] == "block" }.count) + 1e-9,
            "amounts add to \(sum), total \(total)")
        #expect(rows.contains { $0["kind"] == "parameter" && $0["amount"] == "" && !($0["key_path"] ?? "").isEmpty })
    }
}
