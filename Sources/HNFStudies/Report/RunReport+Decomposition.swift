import HNFCore

/// Why spend changes over the projection (`SpendChange`): from the first projected
/// financial year to the last, in parts that add up.
extension RunReport {
    /// An area-year's ends of a decomposition, at the run's mean price index that year.
    func spendBasis(_ y: AreaYear) -> SpendBasis {
        let label = FinancialYear(containing: y.year).label
        return SpendBasis(
            label: label, plans: y.settings.map(\.stats.mean), spend: y.spendBySetting.map(\.stats.mean),
            spendOnPlans: y.spendOnPlans.mean, formulaFunding: y.formulaFunding,
            priceIndex: money.first { $0.label == label }?.priceIndex.mean ?? 1)
    }

    /// Nil for a projection of one year, or one whose first year has no plans.
    var spendChange: SpendChange? {
        guard let first = la.years.first, let last = la.years.last, la.years.count > 1 else { return nil }
        return SpendChange(from: spendBasis(first), to: spendBasis(last))
    }

    func decompositionRows(_ c: SpendChange) -> [[ReportCell]] {
        let lines =
            [("Spend on plans and formula funding, \(c.from)", c.start, false)]
            + c.parts.map { ($0.label, $0.value, true) } + [
                ("Spend on plans and formula funding, \(c.to)", c.end, false)
            ]
        return [["Part", "£m"]] + lines.map { [ReportCell($0.0), Self.moneyCell($0.1, signed: $0.2)] }
    }
}

extension RunReport.AreaYear {
    /// All formula funding blocks' mean.
    var formulaFunding: Double { funding.reduce(0) { $0 + $1.stats.mean } }
}
