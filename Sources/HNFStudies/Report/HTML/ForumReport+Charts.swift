import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The charts, each with its numbers in a table beside it.
extension ForumReport {
    var januaries: [String] { ["\(run.meta.baseYear)"] + run.meta.years.map(String.init) }

    func plansChart() -> String {
        let base = Double(run.la.basePlans), ys = run.la.years
        let svg = SVGChart(format: { Self.count($0) }).lines(
            "EHC plans each January: median, 50% and 90% intervals", categories: januaries,
            bands: [
                .init(
                    label: "90% interval", low: [base] + ys.map(\.plans.p5), high: [base] + ys.map(\.plans.p95),
                    color: SVGChart.palette[0], opacity: 0.18),
                .init(
                    label: "80% interval", low: [base] + ys.map(\.plans.p10), high: [base] + ys.map(\.plans.p90),
                    color: SVGChart.palette[0], opacity: 0.28),
            ], lines: [.init(label: "median", values: [base] + ys.map { $0.plans.p50 }, color: SVGChart.palette[0])])
        let rows =
            [["\(run.meta.baseYear) (actual)", Self.count(base), "", ""]]
            + ys.map { ["\($0.year)", Self.count($0.plans.p50), Self.count($0.plans.p5), Self.count($0.plans.p95)] }
        return figure(
            "plans", caption: "EHC plans each January", svg: svg,
            table: HTML.table("EHC plans", header: ["January", "Median", "5th pct", "95th pct"], rows: rows))
    }

    func balanceChart() -> String {
        let money = run.money, labels = money.map { $0.label + ($0.isHistory ? "*" : "") }
        let svg = SVGChart(format: { Self.pounds($0) }).lines(
            "Cumulative and in-year balance", categories: labels,
            bands: [
                .init(
                    label: "cumulative, 90% interval", low: money.map(\.cumulativeBalance.p5),
                    high: money.map(\.cumulativeBalance.p95), color: SVGChart.palette[1], opacity: 0.2)
            ],
            lines: [
                .init(
                    label: "cumulative, median", values: money.map { $0.cumulativeBalance.p50 },
                    color: SVGChart.palette[1]),
                .init(
                    label: "in-year, median", values: money.map { $0.inYearBalance.p50 }, color: SVGChart.palette[2],
                    dashed: true),
            ], zero: true)
        let rows = money.map {
            [
                $0.label + ($0.isHistory ? "*" : ""), Self.pounds($0.income.p50), Self.pounds($0.spend.p50),
                Self.pounds($0.inYearBalance.p50, signed: true),
                Self.pounds($0.cumulativeBalance.p50, signed: true),
                "\(Self.pounds($0.cumulativeBalance.p5)) to \(Self.pounds($0.cumulativeBalance.p95))",
            ]
        }
        return figure(
            "balance", caption: "High needs balance by financial year (* history: actual plans costed)", svg: svg,
            table: HTML.table(
                "Balance, £m", header: ["Year", "Income", "Spend", "In-year", "Cumulative", "90% interval"], rows: rows),
            wide: true)
    }

    func mixCharts() -> String {
        guard let england = run.england else { return "" }
        let groups = PlacementGroup.published.filter { g in
            (run.la.baseShare[g] ?? 0) > 0 || (england.share[g] ?? 0) > 0
        }
        let last = run.la.years.last!
        func share(_ g: PlacementGroup) -> Double { last.groups.first { $0.group == g }?.share.p50 ?? 0 }
        let bars = SVGChart(format: { "\(Text.decimal1($0))%" }).bars(
            "Placement mix against England", categories: groups.map { Self.short($0) },
            series: [
                ("\(run.meta.baseYear) actual", groups.map { run.la.baseShare[$0] ?? 0 }),
                ("\(last.year) median", groups.map(share)),
                ("England \(england.year)", groups.map { england.share[$0] ?? 0 }),
            ])
        let rows = groups.map { g in
            [
                g.label, Self.percent(run.la.baseShare[g] ?? 0), Self.percent(share(g)),
                Self.percent(england.share[g] ?? 0), england.trend[g]?[last.year].map { Self.percent($0) } ?? "",
            ]
        }
        var out = figure(
            "mix", caption: "Placement mix: % of plans by DfE group", svg: bars,
            table: HTML.table(
                "% of plans",
                header: [
                    "Group", "\(run.meta.baseYear)", "\(last.year)", "England \(england.year)",
                    "England trend \(last.year)",
                ], rows: rows))
        let trendGroups: [PlacementGroup] = [.mainstream, .special]
        var bands: [SVGChart.Band] = [], lines: [SVGChart.Line] = []
        for (i, g) in trendGroups.enumerated() {
            let color = SVGChart.palette[i == 0 ? 0 : 1]
            let ys = run.la.years.map { y in y.groups.first { $0.group == g }?.share }
            bands.append(
                .init(
                    label: "\(Self.short(g)) 90%", low: [run.la.baseShare[g] ?? 0] + ys.map { $0?.p5 ?? 0 },
                    high: [run.la.baseShare[g] ?? 0] + ys.map { $0?.p95 ?? 0 }, color: color, opacity: 0.2))
            lines.append(
                .init(
                    label: "\(Self.short(g)) median", values: [run.la.baseShare[g]] + ys.map { $0?.p50 }, color: color))
            lines.append(
                .init(
                    label: "England trend: \(Self.short(g).lowercased())",
                    values: [england.trend[g]?[run.meta.baseYear] ?? england.share[g]]
                        + run.meta.years.map { england.trend[g]?[$0] }, color: color, dashed: true))
        }
        let trend = SVGChart(format: { "\(Text.decimal1($0))%" }).lines(
            "Mainstream and special shares against England's trend", categories: januaries, bands: bands, lines: lines)
        let trendRows = run.la.years.map { y in
            ["\(y.year)"]
                + trendGroups.flatMap { g in
                    [
                        Self.percent(y.groups.first { $0.group == g }?.share.p50 ?? 0),
                        england.trend[g]?[y.year].map { Self.percent($0) } ?? "",
                    ]
                }
        }
        out += figure(
            "mix-trend",
            caption: "Mainstream and special shares and England's own trend (SEN2 \(england.trendFrom) on)", svg: trend,
            table: HTML.table(
                "% of plans", header: ["January", "Mainstream", "England", "Special", "England"], rows: trendRows))
        return out
    }

    static func short(_ g: PlacementGroup) -> String {
        switch g {
        case .mainstream: return "Mainstream"
        case .special: return "Special"
        case .ap: return "AP/PRU"
        case .post16: return "Post-16"
        case .elsewhere: return "Elsewhere"
        case .earlyYears: return "Early yrs"
        case .unknown: return "Unknown"
        default: return g.rawValue
        }
    }

    func spendChart() -> String {
        let years = run.la.years, labels = years.map { FinancialYear(containing: $0.year).label }
        let settings = years.first?.spendBySetting.map { run.meta.name(of: $0.id) } ?? []
        // A locality budget replaces top-ups: its pot is drawn beside the settings (dashed),
        // or the money would seem to vanish from mainstream the year the reform starts.
        let blocks = years.first?.funding.map { "Formula funding: \(run.meta.name(of: $0.id))" } ?? []
        var lines = settings.enumerated().map { i, name in
            SVGChart.Line(
                label: name, values: years.map { $0.spendBySetting[i].stats.p50 },
                color: SVGChart.palette[i % SVGChart.palette.count])
        }
        lines += blocks.enumerated().map { k, name in
            SVGChart.Line(
                label: name, values: years.map { $0.funding[k].stats.p50 },
                color: SVGChart.palette[(settings.count + k) % SVGChart.palette.count], dashed: true)
        }
        let svg = SVGChart(format: { Self.pounds($0) }).lines(
            "Spend on plans by setting and formula funding, median", categories: labels, lines: lines, zero: true)
        let rows =
            settings.enumerated().map { i, name in [name] + years.map { Self.pounds($0.spendBySetting[i].stats.p50) } }
            + [["All plans"] + years.map { Self.pounds($0.spendOnPlans.p50) }]
            + blocks.enumerated().map { k, name in [name] + years.map { Self.pounds($0.funding[k].stats.p50) } }
        let caption =
            blocks.isEmpty
            ? "Spend on plans by setting, £m by financial year (median)"
            : "Spend on plans by setting, and formula funding that pays for children instead (dashed), £m by financial year (median)"
        return figure(
            "spend", caption: caption, svg: svg,
            table: HTML.table("£m", header: ["Setting"] + labels, rows: rows), wide: true)
            + spendChangeFigure(
                run.spendChange, id: "spend-change",
                caption:
                    "Why spend changes: from the first projected year to the last, £m (means of draws: the parts add up)"
            )
    }

    /// A decomposition of spend as a waterfall, with its table (`SpendChange`).
    func spendChangeFigure(_ change: SpendChange?, id: String, caption: String) -> String {
        guard let change else { return "" }
        let short = ["Children", "Placement mix", "Prices", "Cost per plan", "Formula funding"]
        let steps =
            [SVGChart.Step(change.from.prefix(1).uppercased() + change.from.dropFirst(), change.start, total: true)]
            + zip(short, change.parts).map { SVGChart.Step($0, $1.value) }
            + [SVGChart.Step(change.to.prefix(1).uppercased() + change.to.dropFirst(), change.end, total: true)]
        let svg = SVGChart(format: { Self.pounds($0) }).waterfall(caption, steps: steps)
        let rows =
            [["Spend on plans and formula funding, \(change.from)", Self.pounds(change.start)]]
            + change.parts.map { [$0.label, Self.pounds($0.value, signed: true)] }
            + [["Spend on plans and formula funding, \(change.to)", Self.pounds(change.end)]]
        // A locality budget's pot shows as formula funding and the top-ups it replaces as a
        // fall in cost per plan: said beside the chart, or the fall reads as a saving.
        let replaced =
            change.formula != 0 && change.costPerPlan < 0
            ? "<p class=\"note\">Formula funding that pays for children instead of their top-ups (a locality budget) shows here twice: the pot as formula funding, and the top-ups it replaces as a fall in cost per plan. The two together are the change the budget makes.</p>"
            : ""
        return figure(id, caption: caption, svg: svg, table: HTML.table("£m", header: ["Part", "£m"], rows: rows))
            + replaced
    }

    func localityChart() -> String {
        let label = run.money.last!.label
        let areas = run.localities.compactMap { a in
            a.years.last.map { (a.name, $0.allocation ?? $0.spendOnPlans, $0.plans) }
        }
        let svg = SVGChart(format: { Self.pounds($0) }).horizontalBars(
            "All each locality receives, \(label)", categories: areas.map(\.0),
            values: areas.map(\.1.p50), whiskers: areas.map { ($0.1.p5, $0.1.p95) })
        let rows = areas.map {
            [$0.0, Self.pounds($0.1.p50), "\(Self.pounds($0.1.p5)) to \(Self.pounds($0.1.p95))", Self.count($0.2.p50)]
        }
        return figure(
            "localities",
            caption:
                "All each locality receives in \(label) (spend on its plans and any formula funding), median and 90% interval",
            svg: svg,
            table: HTML.table("£m", header: ["Locality", "Median", "90% interval", "Plans"], rows: rows))
    }

    /// Positional overlays (against the scenario without them) and each --compare set (against the report's run).
    func whatIfCharts() -> String {
        var sets: [(String, BaselineComparison)] = whatIfs.map { ($0.name, $0.change) }
        if let own = run.againstBaseline {
            let name =
                run.meta.overlays.isEmpty ? "This scenario's overlays" : run.meta.overlays.joined(separator: " + ")
            sets.insert((name, own), at: 0)
        }
        let names = sets.map(\.0), finals = sets.map { $0.1.years.last! }
        let last = finals.first?.year ?? run.meta.years.last!
        let balance = SVGChart(format: { Self.pounds($0, signed: true) }).bars(
            "Change in the cumulative balance by \(FinancialYear(containing: last))", categories: names,
            series: [("median", finals.map(\.cumulativeBalance.p50))],
            whiskers: [finals.map { ($0.cumulativeBalance.p5, $0.cumulativeBalance.p95) }])
        let rows = zip(names, finals).map { name, y in
            [
                name,
                "\(Self.count(y.plans.p50, signed: true)) (\(Self.count(y.plans.p5, signed: true)) to \(Self.count(y.plans.p95, signed: true)))",
                "\(Self.percent(y.mainstreamShare.p50, signed: true))",
                "\(Self.percent(y.specialShare.p50, signed: true))",
                "\(Self.pounds(y.spend.p50, signed: true))",
                "\(Self.pounds(y.cumulativeBalance.p50, signed: true)) (\(Self.pounds(y.cumulativeBalance.p5, signed: true)) to \(Self.pounds(y.cumulativeBalance.p95, signed: true)))",
            ]
        }
        var out = figure(
            "whatifs",
            caption:
                "What-ifs against the baseline, same draws and seed (each difference taken draw by draw); bars are medians, whiskers 90% intervals",
            svg: balance,
            table: HTML.table(
                "January \(last) / \(FinancialYear(containing: last))",
                header: ["What-if", "Plans", "Mainstream", "Special", "Spend", "Cumulative balance"], rows: rows),
            wide: true)
        let plans = SVGChart(format: { Self.count($0, signed: true) }).lines(
            "Change in plans each January, median", categories: run.meta.years.map(String.init),
            lines: sets.enumerated().map { i, s in
                .init(
                    label: s.0, values: s.1.years.map { $0.plans.p50 },
                    color: SVGChart.palette[(i + 2) % SVGChart.palette.count])
            }, zero: true)
        let planRows = run.meta.years.indices.map { t in
            ["\(run.meta.years[t])"] + sets.map { Self.count($0.1.years[t].plans.p50, signed: true) }
        }
        out += figure(
            "whatif-plans", caption: "Change in EHC plans against the baseline", svg: plans,
            table: HTML.table("Plans", header: ["January"] + names, rows: planRows))
        for (i, (name, change)) in sets.enumerated() {
            out += spendChangeFigure(
                change.spendChange, id: "whatif-spend-change-\(i + 1)",
                caption:
                    "Why \(name) spends more or less than the baseline in \(FinancialYear(containing: last)), £m (means of draws: the parts add up)"
            )
        }
        return out
    }

    func assumptionTable() -> String {
        guard !assumptions.entries.isEmpty else { return "<p>No value in the files read is marked ASSUMPTION.</p>" }
        let rows = assumptions.entries.map { ["\($0.file):\($0.line)", $0.keyPath, $0.value, $0.comment] }
        return
            "<p>Every value marked ASSUMPTION in the scenario and overlays read for this report (\(rows.count)), where it is and why.</p><div class=\"register\">"
            + HTML.table("Assumptions", header: ["File:line", "Key", "Value", "Comment"], rows: rows, numeric: false)
            + "</div>"
    }

    func sources() -> String {
        var out = "<ul>"
        if let attribution = run.attribution { out += "<li>\(HTML.escape(attribution))</li>" }
        if let england = run.england {
            out +=
                "<li>England's placement mix: SEN2 January \(england.year); England's trend: a linear fit to SEN2 January \(england.trendFrom) to \(england.year).</li>"
        }
        out +=
            "<li>Every other figure comes from the files below, each of which says where its figures come from (publication and year) or marks them ASSUMPTION.</li></ul>"
        let rows = provenance.map { [$0.0.replacingOccurrences(of: "provenance.", with: ""), $0.1] }
        return out
            + HTML.table("Provenance: how this report was made", header: ["Item", "Value"], rows: rows, numeric: false)
    }
}
