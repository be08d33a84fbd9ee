extension Scenario {
    /// True when the localities differ only by how one LA's figures are split between them:
    /// the stock shared out by population or plan share (`ehc_plans.derive.split`), the same
    /// rates everywhere, and no places of their own. Differences between such localities'
    /// results are the split and Monte Carlo noise, not findings.
    public var localitiesDifferOnlyBySplit: Bool {
        guard localities.count > 1, let split = document["ehc_plans"]?["derive"]?["split"]?.text,
            split != "plans_by_setting",
            localityFlowOverrides.isEmpty
        else { return false }
        return settings.allSatisfy { $0.capacity.keys.allSatisfy { $0 == "all" } }
    }

    /// The one line every by-locality report carries when `localitiesDifferOnlyBySplit`.
    public var localitySplitNote: String? {
        guard localitiesDifferOnlyBySplit else { return nil }
        let by = document["ehc_plans"]?["derive"]?["split"]?.text == "plan_share" ? "stated plan shares" : "population"
        return
            "These localities differ only by a \(by) split of one LA's figures (same rates, no places of their own): differences between them are not findings."
    }
}
