import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

extension CalibratedMoney {
    /// Reads one area's figures from the money tables: an LA's or England's own row, a
    /// region's LAs added up, a successor LA's share of its predecessor; it records every
    /// figure that had to stand in for a published one.
    struct Reader {
        let area: Area
        let national: NationalData
        let finance: HighNeedsFinance
        var fallbacks: [String] = []

        init(area: Area, national: NationalData, finance: HighNeedsFinance) {
            self.area = area
            self.national = national
            self.finance = finance
        }

        /// The LA codes whose rows make up the area (an LA or England: its own row).
        var members: [String] {
            guard area.level == .region else { return [area.code] }
            let latest = national.years.last ?? 0
            return national.areas(in: latest).filter { $0.level == .la && $0.regionCode == area.code }.map(\.code)
        }

        func raw(_ code: String, _ year: Int, _ column: String) -> Double? {
            finance.balance(of: code, in: year)?.value(column)
        }

        func name(_ code: String) -> String {
            finance.balances.first { $0.area.code == code }?.area.name ?? national.areas().first { $0.code == code }?
                .name
                ?? code
        }

        /// A successor LA's share of its predecessor: its part of the successors' earliest
        /// figure of the same kind (else their total DSG).
        func successorShare(_ code: String, _ column: String) -> (share: Double, basis: String)? {
            guard let predecessor = Self.predecessorOf(code) else { return nil }
            let successors = CalibratedMoney.predecessors.filter { $0.value == predecessor }.map(\.key).sorted()
            // (A balance's share is by total DSG: balances mix surpluses and deficits.)
            for basis in column == "cumulative_balance" ? ["total_dsg"] : [column, "total_dsg"] {
                let years = finance.balances.map(\.year).filter { y in
                    successors.allSatisfy { raw($0, y, basis) != nil }
                }
                guard let year = years.min() else { continue }
                let all = successors.reduce(0.0) { $0 + raw($1, year, basis)! }
                guard all != 0 else { continue }
                return (raw(code, year, basis)! / all, "\(basis) \(FinancialYear(year))")
            }
            return nil
        }

        /// A percentage as the tables print it (2 places).
        func pct(_ value: Double) -> String { String(format: "%.2f", value) }

        static func predecessorOf(_ code: String) -> String? { CalibratedMoney.predecessors[code] }

        /// One LA's figure: its own, its share of its predecessor's, or (an LA the DSG tables
        /// leave out, such as the City of London) England's per child with a plan; the last
        /// two are recorded as fallbacks.
        mutating func value(_ code: String, _ year: Int, _ column: String, _ what: String) -> Double? {
            if let own = raw(code, year, column) { return own }
            guard let predecessor = Self.predecessorOf(code), let whole = raw(predecessor, year, column),
                let (share, basis) = successorShare(code, column)
            else { return englandPerPlan(code, year, column, what) }
            fallbacks.append(
                "\(what): \(name(code)) did not exist then; \(Text.decimal1(share * 100))% of \(name(predecessor))'s "
                    + "\(Text.pounds(whole)) (its share of the successors' \(basis)) [DSGBAL]")
            return whole * share
        }

        /// England's figure per EHC plan (January 2022) times the LA's plans, for an LA with no row.
        mutating func englandPerPlan(_ code: String, _ year: Int, _ column: String, _ what: String) -> Double? {
            guard code != Area.englandCode, finance.balances.allSatisfy({ $0.area.code != code }),
                let england = raw(Area.englandCode, year, column), let (perPlan, plans) = plansAgainstEngland(code)
            else { return nil }
            fallbacks.append(
                "\(what): \(name(code)) is not in the DSG tables; England's \(Text.pounds(england * perPlan)) "
                    + "per EHC plan × \(Text.thousands(Int(plans))) plans [DSGBAL, SEN2]")
            return england * perPlan * plans
        }

        /// 1 / England's plans in January 2022 and the LA's plans then (else in the latest January).
        func plansAgainstEngland(_ code: String) -> (Double, Double)? {
            guard let englandPlans = national.caseload(of: national.england, in: 2022)?.value("plans"),
                englandPlans > 0, let member = national.areas().first(where: { $0.level == .la && $0.code == code })
            else { return nil }
            let plans =
                national.caseload(of: member, in: 2022)?.value("plans")
                ?? national.years.reversed().lazy.compactMap { national.caseload(of: member, in: $0)?.value("plans") }
                .first ?? 0
            return (1 / englandPlans, plans)
        }

        /// The area's sum of `column` over its members; nil when none has it. Members without it are recorded.
        mutating func sum(_ year: Int, _ column: String, _ what: String) -> Double? {
            var total = 0.0, found = false, missing: [String] = []
            for code in members {
                if let v = value(code, year, column, what) { total += v; found = true } else { missing.append(code) }
            }
            if found, !missing.isEmpty {
                fallbacks.append(
                    "\(what): no figure for \(missing.map { name($0) }.joined(separator: ", ")); left out of \(area.name)'s sum"
                )
            }
            return found ? total : nil
        }

        /// The cumulative DSG balance at the close of `year` (31 March of the next year).
        mutating func balance(closing year: Int) -> Figure? {
            let what = "cumulative DSG balance at 31 March \(year + 1)"
            guard let amount = sum(year, "cumulative_balance", what) else { return nil }
            let source: String
            if members.count == 1, let pc = raw(members[0], year, "cumulative_balance_pc"),
                let total = raw(members[0], year, "total_dsg")
            {
                source =
                    "\(pct(pc))% of total DSG \(FinancialYear(year)) £\(Text.thousands(Int(total.rounded()))) [DSGBAL]"
            } else {
                source = members.count == 1 ? "[DSGBAL], see fallbacks" : "sum of \(members.count) LAs [DSGBAL]"
            }
            return Figure(year: year, amount: amount, source: source)
        }

        /// The block after direct funding of places: published in 2022-23 and 2023-24, carried back before.
        mutating func block(in year: Int) -> Figure? {
            let what = "high needs block \(FinancialYear(year))"
            if CalibratedMoney.blockYears.contains(year) {
                guard let amount = sum(year, "hnb_after_deductions", what) else { return nil }
                return Figure(year: year, amount: amount, source: "after deductions for directly funded places [DSG]")
            }
            let (first, second) = (CalibratedMoney.blockYears.lowerBound, CalibratedMoney.blockYears.upperBound)
            guard let b1 = sum(first, "hnb_after_deductions", what), let b2 = sum(second, "hnb_after_deductions", what),
                let t1 = sum(first, "total_dsg", what), let t2 = sum(second, "total_dsg", what),
                let total = sum(year, "total_dsg", what), t1 > 0, t2 > 0
            else { return nil }
            let s1 = b1 / t1, s2 = b2 / t2, share = s1 + (s2 - s1) * Double(year - first)
            fallbacks.append(
                "\(what): not in the shipped DfE files; ASSUMPTION \(pct(share * 100))% of total DSG "
                    + "\(Text.pounds(total)), the block's share carried back on the line through "
                    + "\(FinancialYear(first)) (\(pct(s1 * 100))%) and \(FinancialYear(second)) (\(pct(s2 * 100))%)"
            )
            return Figure(
                year: year, amount: share * total, source: "ASSUMPTION: share of total DSG carried back [DSGBAL]")
        }

        /// S251 outturn 2021-22 on `lines`, summed over the members; a member without S251
        /// lines takes England's per child with a plan in January 2022.
        mutating func outturn(_ lines: [String], _ what: String) -> Figure {
            var total = 0.0, standIns: [String] = []
            for code in members {
                if let row = finance.s251(of: code) ?? (code == Area.englandCode ? finance.englandS251 : nil),
                    let money = UnitCosts.money(lines, in: row)
                {
                    total += money
                    continue
                }
                if let predecessor = Self.predecessorOf(code), let row = finance.s251(of: predecessor),
                    let money = UnitCosts.money(lines, in: row),
                    let (share, basis) = successorShare(code, "hnb_after_deductions")
                {
                    total += money * share
                    standIns.append(
                        "\(name(code)) (\(Text.decimal1(share * 100))% of \(name(predecessor))'s \(Text.pounds(money)), its share of the successors' \(basis))"
                    )
                    continue
                }
                let england = finance.englandS251.flatMap { UnitCosts.money(lines, in: $0) } ?? 0
                let (inverse, plans) = plansAgainstEngland(code) ?? (0, 0)
                let perPlan = england * inverse
                total += perPlan * plans
                standIns.append(
                    "\(name(code)) (England's \(Text.pounds(perPlan)) per plan × \(Text.thousands(Int(plans))) plans)"
                )
            }
            if !standIns.isEmpty {
                fallbacks.append(
                    "other spend, \(what): no Section 251 outturn 2021-22 for \(standIns.joined(separator: ", ")) [S251]"
                )
            }
            return Figure(
                year: 2021, amount: total,
                source: standIns.isEmpty
                    ? "Section 251 outturn 2021-22 [S251]" : "Section 251 outturn 2021-22 with fallbacks [S251]")
        }
    }
}
