import HNFCore

extension Scenario {
    /// What sets a scenario's localities apart, from the strongest evidence down: said under
    /// every by-locality output, so that a reader knows whether a difference between two
    /// districts is a finding.
    public enum LocalityEvidence: String, Sendable {
        /// Their own figures: plans by setting (`split: plans_by_setting`) or their own flows.
        case localData = "local_data"
        /// One LA's plans shared by each locality's children of each single age (ONS ages
        /// by district): an estimate, checked out of sample by `hnf localities backtest`.
        case ageSplit = "age_split"
        /// One LA's plans shared by population by phase, the same age profile everywhere.
        case populationSplit = "population_split"
        /// One LA's plans shared by stated plan shares (an assumption).
        case planShares = "plan_shares"
    }

    /// Nil with one locality, or with cells as written without saying how they were shared
    /// (`ehc_plans.cells_split`).
    public var localityEvidence: LocalityEvidence? {
        guard localities.count > 1 else { return nil }
        let split = document["ehc_plans"]?["derive"]?["split"]?.text ?? document["ehc_plans"]?["cells_split"]?.text
        // Places of a locality's own change where its children can go, not how many plans it
        // has: with them, the plans are still the split's.
        if split == "plans_by_setting" || !localityFlowOverrides.isEmpty { return .localData }
        guard let split else { return nil }
        if split == "plan_share" { return .planShares }
        return localities.allSatisfy { !$0.populationByAge.isEmpty } ? .ageSplit : .populationSplit
    }

    /// The one line every by-locality report carries: what sets the localities apart, and
    /// where an LA's own counts go in.
    public var localitySplitNote: String? {
        let own = "An LA's own counts of plans by locality go in with `hnf localities import`."
        let places =
            settings.contains(where: { $0.capacity.keys.contains { $0 != "all" } })
            ? "places of their own but no plans of their own" : "no places of their own"
        switch localityEvidence {
        case nil: return nil
        case .localData:
            return
                "These localities differ by local data: their own plans by setting or their own flows, as the scenario gives them."
        case .ageSplit:
            return
                "These localities' plans are an estimate: one LA's SEN2 plans shared by each locality's children of each age (ONS's, from `hnf localities template --la`, unless the scenario says otherwise; out of sample it misses a unitary LA's plans, standing in for a district, by about a tenth, median; `hnf localities backtest`). They share the LA's rates, so they differ by their ages, any places of their own and the factors a formula weights, not by plans of their own. "
                + own
        case .populationSplit:
            return
                "These localities differ only by a population split of one LA's figures (same rates, same age profile, \(places)): differences between them are not findings. "
                + own
        case .planShares:
            return
                "These localities differ only by stated plan shares, an assumption (same rates, \(places)): differences between them are not findings. "
                + own
        }
    }
}
