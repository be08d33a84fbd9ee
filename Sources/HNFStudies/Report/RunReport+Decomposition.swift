import HNFCore

/// Why spend changes over the projection, in parts that add up (means of draws, so they
/// do): from the first projected financial year to the last, spend on plans moves because
/// there are more children, because their mix moves toward costlier settings, because
/// prices rise, and because a plan costs more or less than that in its setting (top-up
/// rules, a formula's own terms); formula funding adds its own change.
extension RunReport {
    struct SpendChange {
        var from: String, to: String
        var start, children, mix, prices, costPerPlan, formula, end: Double
    }

    /// Nil for a projection of one year, or one whose first year has no plans.
    var spendChange: SpendChange? {
        guard let first = la.years.first, let last = la.years.last, la.years.count > 1 else { return nil }
        let label = { (y: AreaYear) in FinancialYear(containing: y.year).label }
        let price = { (y: AreaYear) in self.money.first { $0.label == label(y) }?.priceIndex.mean ?? 1 }
        let n0 = first.settings.map(\.stats.mean), nT = last.settings.map(\.stats.mean)
        let N0 = n0.reduce(0, +), NT = nT.reduce(0, +)
        guard N0 > 0, n0.count == nT.count else { return nil }
        let s0 = first.spendBySetting.map(\.stats.mean), S0 = first.spendOnPlans.mean, ST = last.spendOnPlans.mean
        // Each setting's cost per plan in the first year (0 where it had no children then).
        let c0 = zip(s0, n0).map { $1 > 0 ? $0 / $1 : 0 }
        let atFirstMix = NT / N0 * S0
        let atLastMix = zip(nT, c0).reduce(0) { $0 + $1.0 * $1.1 }
        let atLastPrices = atLastMix * price(last) / price(first)
        return SpendChange(
            from: label(first), to: label(last), start: S0 + first.formulaFunding,
            children: atFirstMix - S0, mix: atLastMix - atFirstMix, prices: atLastPrices - atLastMix,
            costPerPlan: ST - atLastPrices, formula: last.formulaFunding - first.formulaFunding,
            end: ST + last.formulaFunding)
    }

    func decompositionRows(_ c: SpendChange) -> [[ReportCell]] {
        let lines: [(String, Double, Bool)] = [
            ("Spend on plans and formula funding, \(c.from)", c.start, false),
            ("More children with plans", c.children, true),
            ("A costlier placement mix", c.mix, true),
            ("Prices (the scenario's uplift)", c.prices, true),
            ("Cost per plan beyond prices (top-up rules, formula terms)", c.costPerPlan, true),
            ("Formula funding", c.formula, true),
            ("Spend on plans and formula funding, \(c.to)", c.end, false),
        ]
        return [["Part", "£m"]] + lines.map { [ReportCell($0.0), Self.moneyCell($0.1, signed: $0.2)] }
    }
}

extension RunReport.AreaYear {
    /// All formula funding blocks' mean.
    var formulaFunding: Double { funding.reduce(0) { $0 + $1.stats.mean } }
}
