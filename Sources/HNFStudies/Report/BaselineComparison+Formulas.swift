import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// Why localities gain or lose by different amounts under a locality budget: in the last
/// financial year, each locality's share of every factor the budget's formula weights, the
/// formula share they add up to, the share of the pot it receives once protection and cap
/// have acted, and its share of what the baseline spends on the settings the pot replaces.
/// A locality gains where it receives more of the pot than its share of the spend it no
/// longer gets (and its other plans change little).
extension BaselineComparison {
    public struct LocalityFormula: Sendable {
        public struct Factor: Sendable {
            public var name: String
            public var weight: Double
        }

        public struct Row: Sendable {
            public var id: String, name: String
            /// The locality's share of each factor (same order as `factors`), 0–1.
            public var factorShares: [Double]
            /// Σ weight × factor share: what the formula alone would give it.
            public var formulaShare: Double
            /// Its share of the pot, mean over draws, after protection and cap.
            public var potShare: Double
            /// Its share of the baseline's spend on the replaced settings, mean over draws
            /// (nil when the block replaces none).
            public var replacedShare: Double?
        }

        public var block: String
        public var factors: [Factor]
        public var replaces: [String]
        public var protection: Double?, cap: Double?
        /// The pot paid out, and the baseline's spend on the replaced settings (nil: none), £,
        /// medians of draws.
        public var pot: Double, replacedSpend: Double?
        /// Whether the what-if has behavioural responses, which move localities' plans too.
        public var behavioural: Bool = false
        public var rows: [Row]
        /// The financial year the shares are of (`2029-30`).
        public var yearLabel: String
    }

    /// One entry per locality budget active in the last year of `reform` (none with one locality).
    static func formulas(reform: Projection, baseline: Projection, behavioural: Bool) -> [LocalityFormula] {
        let plan = reform.plan, L = plan.localityCount
        let a = reform.layout, b = baseline.layout, t = a.years - 1, year = plan.stepYears[t]
        guard L > 1 else { return [] }
        func mean(_ p: Projection, _ offset: (Int) -> Int) -> Double {
            (0..<p.draws).reduce(0.0) { $0 + p.value(draw: $1, at: offset($1)) } / Double(p.draws)
        }
        return plan.blocks.enumerated().compactMap { k, block -> LocalityFormula? in
            guard let budget = block.rule as? LocalityBudget, block.isActive(in: year) else { return nil }
            let replaced = budget.replaces.compactMap { id in baseline.plan.settingIndex(id) }
            func replacedSpend(_ area: Int) -> Double {
                replaced.reduce(0.0) { sum, s in sum + mean(baseline) { _ in b.area(area, year: t) + b.spend(s) } }
            }
            let received = (0...L).map { area in mean(reform) { _ in a.area(area, year: t) + a.funding(k) } }
            let replacedTotal = replacedSpend(0)
            let rows = plan.scenario.localities.enumerated().map { l, locality -> LocalityFormula.Row in
                let shares = budget.factors.map { factor -> Double in
                    let (value, total) = Explanation.factor(factor.name, projection: reform, locality: l, step: t)
                    return total > 0 ? value / total : 1 / Double(L)
                }
                return LocalityFormula.Row(
                    id: locality.id, name: locality.name, factorShares: shares,
                    formulaShare: zip(budget.factors, shares).reduce(0) { $0 + $1.0.weight * $1.1 },
                    potShare: received[0] > 0 ? received[l + 1] / received[0] : 0,
                    replacedShare: replaced.isEmpty || replacedTotal <= 0 ? nil : replacedSpend(l + 1) / replacedTotal)
            }
            func median(_ p: Projection, _ value: (Int) -> Double) -> Double { Stats((0..<p.draws).map(value)).p50 }
            let pot = median(reform) { reform.value(draw: $0, year: t) { $0.funding(k) } }
            let replacedMedian = median(baseline) { d in
                replaced.reduce(0.0) { sum, s in sum + baseline.value(draw: d, year: t) { $0.spend(s) } }
            }
            return LocalityFormula(
                block: block.id,
                factors: budget.factors.map { LocalityFormula.Factor(name: $0.name, weight: $0.weight) },
                replaces: budget.replaces, protection: budget.protection, cap: budget.cap, pot: pot,
                replacedSpend: replaced.isEmpty ? nil : replacedMedian, behavioural: behavioural, rows: rows,
                yearLabel: FinancialYear(containing: year + 1).label)
        }
    }
}

extension BaselineComparison.LocalityFormula {
    /// The sentence that says why: the locality that gains most and the one that loses most
    /// (by `change`, the share of what each receives), each with the pot it receives against
    /// the spend it no longer gets, and the factor that sets it most apart from its share of
    /// children.
    /// `named` words a block's or setting's id (the Forum paper's names); the command line
    /// keeps the ids.
    func why(changes: [String: Double], named: (String) -> String = { $0 }) -> String? {
        let ranked = rows.filter { changes[$0.id] != nil }.sorted { changes[$0.id]! > changes[$1.id]! }
        guard let top = ranked.first, let bottom = ranked.last, top.id != bottom.id else { return nil }
        let weights = factors.map { "\(Self.wholePercent($0.weight)) by \(Self.factorName($0.name))" }.joined(
            separator: ", ")
        let spend = replaces.map(named).joined(separator: ", ")
        var out = ""
        if let replacedSpend {
            let side = pot < replacedSpend ? "below" : "above"
            out +=
                "In \(yearLabel) the pot (\(Text.millionsOfPounds(pot))) is \(side) what the baseline spends on \(spend) (\(Text.millionsOfPounds(replacedSpend))), medians of the draws"
            out +=
                behavioural
                ? "; the what-if's behavioural responses change localities' plans as well (the mechanical and behavioural split above). "
                : ". "
        }
        out +=
            "Localities fare differently because the \(named(block)) budget is shared \(weights)"
            + (protection != nil || cap != nil ? ", each locality then held within \(limits) of the year before" : "")
            + ". "
        out += [("fares best", top), ("fares worst", bottom)].map { verb, row in
            let change = Text.decimal1(changes[row.id]! * 100, signed: true)
            var s =
                "\(row.name) \(verb) (median \(change)%): it receives \(Text.decimal1(row.potShare * 100))% of the pot"
            if let replaced = row.replacedShare {
                s +=
                    " against \(Text.decimal1(replaced * 100))% of the baseline's spend on \(spend) that the pot replaces"
            }
            return s + distinguishing(row)
        }.joined(separator: "; ")
        return out + ". Each change has a 90% interval (the table above): read small differences as uncertain."
    }

    /// ", with 12.0% of the children weighted by deprivation and 8.3% of the children aged 0-25": the
    /// factor whose share is furthest from the locality's share of children, beside that share.
    private func distinguishing(_ row: Row) -> String {
        guard let p = factors.firstIndex(where: { $0.name == "population" }) else { return "" }
        let others = factors.indices.filter { $0 != p }
        guard
            let f = others.max(by: {
                abs(row.factorShares[$0] - row.factorShares[p]) < abs(row.factorShares[$1] - row.factorShares[p])
            })
        else { return "" }
        return
            ", with \(Text.decimal1(row.factorShares[f] * 100))% of the \(Self.factorName(factors[f].name)) and \(Text.decimal1(row.factorShares[p] * 100))% of the \(Self.factorName("population"))"
    }

    private var limits: String {
        [protection.map { "-\(Self.wholePercent($0))" }, cap.map { "+\(Self.wholePercent($0))" }].compactMap { $0 }
            .joined(
                separator: " and ")
    }

    static func wholePercent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    /// A factor as a reader says it.
    static func factorName(_ name: String) -> String {
        switch name {
        case "population": return "children aged 0-25"
        case "deprivation": return "children weighted by deprivation"
        case "plans_in_mainstream": return "plans in mainstream"
        case "plans": return "plans"
        case "pupils_on_roll": return "pupils on roll"
        case "fsm": return "pupils on free school meals"
        case "low_prior_attainment": return "pupils with low prior attainment"
        case "sen_support": return "pupils on SEN support"
        default: return name.replacingOccurrences(of: "_", with: " ")
        }
    }
}
