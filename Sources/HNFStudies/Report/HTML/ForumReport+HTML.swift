import Foundation
import HNFCore
import HNFEngine
import HNFFunding
import HNFScenario

/// The page: a self-contained HTML document (inline CSS and SVG, no scripts, no fonts, no
/// network: a Content-Security-Policy forbids any fetch), printable on A4.
extension ForumReport {
    public func html() -> String {
        let last = run.meta.years.last!
        // The scenario with its overlays' names (`Scenario.title`), as `hnf run` heads its table.
        let title = run.meta.title.isEmpty ? run.meta.scenario : run.meta.title
        var body = "<header><h1>\(HTML.escape(title)): high needs to January \(last)</h1>"
        body +=
            "<p class=\"meta\">\(Text.thousands(run.meta.draws)) Monte Carlo draws, seed \(run.meta.seed). Figures are medians with 90% intervals (5th to 95th percentile of the draws). Made on <time datetime=\"\(madeOn.iso)\">\(madeOn.text)</time> by hnf \(HighNeedsVersion.current).</p></header>"
        body += warnings() + summary() + change() + gainsBands()
        body += resultSections()
        body += section("figures", "The figures, as hnf run prints them", run.document.html())
        body += section("assumptions", "Assumptions register", assumptionTable())
        body += section("sources", "Sources and provenance", sources())
        return """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="hnf \(HighNeedsVersion.current)">
            <title>\(HTML.escape(title)): high needs to January \(last)</title>
            <style>\(Self.css)</style></head>
            <body><main>\(body)</main></body></html>

            """
    }

    /// The charts and tables after the summary: plans, balance, mix, spend, localities and
    /// what-ifs (the printed page and `hnf serve`'s results alike).
    func resultSections() -> String {
        var body = section("plans", "Children and young people with EHC plans", plansChart())
        if run.meta.budgetDeclared { body += section("balance", "The high needs balance", balanceChart()) }
        if run.england != nil && run.meta.groupsKnown {
            body += section("mix", "Where children are placed, against England", mixCharts())
        }
        body += section("spend", "Spend on plans by setting", spendChart())
        if !run.localities.isEmpty {
            body += section("localities", "Localities: allocations, who gains and who loses", localitySection())
        }
        if !whatIfs.isEmpty || run.againstBaseline != nil {
            body += section("whatifs", "What-ifs side by side, against the baseline", whatIfCharts())
        }
        return body
    }

    func section(_ id: String, _ title: String, _ content: String) -> String {
        "<section id=\"\(id)\"><h2>\(HTML.escape(title))</h2>\(content)</section>"
    }

    /// A chart with its numbers beside it (for screen readers and copying).
    /// `wide` tables (many columns) go under the chart rather than beside it.
    func figure(_ id: String, caption: String, svg: String, table: String, wide: Bool = false) -> String {
        "<figure class=\"chart\" data-chart=\"\(id)\"><figcaption>\(HTML.escape(caption))</figcaption><div class=\"pair\(wide ? " wide" : "")\"><div class=\"plot\">\(svg)</div><div class=\"data\">\(table)</div></div></figure>"
    }

    static func pounds(_ v: Double, signed: Bool = false) -> String {
        let m = v / 1_000_000
        // A figure that rounds to £0.0m carries no sign ("−£0.0m" said a loss that is not one).
        let sign = m <= -0.05 ? "−" : (signed && m >= 0.05 ? "+" : "")
        // A word joiner after the sign: a line may break between "−" and "£" otherwise,
        // leaving the minus at the end of one line and the amount on the next.
        return sign.isEmpty ? "£\(Text.decimal1(abs(m)))m" : "\(sign)\u{2060}£\(Text.decimal1(abs(m)))m"
    }

    static func count(_ v: Double, signed: Bool = false) -> String {
        let n = Int(v.rounded())
        return (n < 0 ? "−" : (signed && n > 0 ? "+" : "")) + Text.thousands(abs(n))
    }

    static func percent(_ v: Double, signed: Bool = false) -> String {
        (v < -0.05 ? "−" : (signed && v > 0.05 ? "+" : "")) + Text.decimal1(abs(v)) + (signed ? " points" : "%")
    }

    static let css = """
        :root{--ink:#1b1b1b;--muted:#555;--rule:#d0d0d0;--accent:#1d4e89}
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff;line-height:1.45}
        main{max-width:1100px;margin:0 auto;padding:24px}
        h1{font-size:1.7rem;margin:0 0 .3rem;color:var(--accent)} h2{font-size:1.25rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;margin-top:2rem}
        .meta{color:var(--muted);margin:0 0 1rem}
        .summary{border:1px solid var(--rule);border-left:6px solid var(--accent);padding:12px 18px;background:#f7f9fc}
        .summary h2{margin-top:.3rem} .summary ol{padding-left:1.2rem} .summary li{margin:.45rem 0}
        .headline{display:flex;gap:12px;flex-wrap:wrap;margin:.6rem 0}
        .headline div{flex:1 1 220px;border:1px solid var(--rule);background:#fff;padding:8px 12px}
        .headline .big{font-size:1.5rem;font-weight:700;color:var(--accent);display:block}
        figure.chart{margin:1rem 0 1.6rem;break-inside:avoid;page-break-inside:avoid}
        figcaption{font-weight:600;margin-bottom:.4rem}
        .pair{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;align-items:start}
        .pair.wide{grid-template-columns:minmax(0,1fr)} .pair.wide .plot{max-width:760px}
        .plot svg{width:100%;height:auto;display:block}
        svg text.tick{font-size:11px;fill:#333} svg text.legend{font-size:11px;fill:#333}
        table{border-collapse:collapse;width:100%;font-size:.8rem}
        caption{text-align:left;font-size:.75rem;color:var(--muted);padding-bottom:.2rem}
        th,td{border-bottom:1px solid var(--rule);padding:2px 6px;text-align:left;vertical-align:top}
        td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        thead th{background:#eef2f7}
        .register td,.register th{font-size:.75rem}
        .note{color:var(--muted);font-size:.85rem} .why{max-width:60rem}
        .warning{border-left:4px solid #b45309;background:#fff7ed;padding:.2rem .8rem;margin:.6rem 0}
        .report-table{overflow-x:auto;margin:.8rem 0} #figures table{font-size:.72rem}
        @media (max-width:800px){.pair{grid-template-columns:1fr}}
        @page{size:A4;margin:14mm 12mm}
        @media print{
          main{max-width:none;padding:0} body{font-size:10pt}
          .pair,.pair.wide{grid-template-columns:minmax(0,1fr)} .plot{max-width:150mm}
          h2,figcaption{break-after:avoid} figcaption{break-inside:avoid} tr{break-inside:avoid}
          figure.chart{break-inside:auto;page-break-inside:auto} .plot{break-inside:avoid;page-break-inside:avoid}
          table{font-size:7.5pt} td.num{white-space:normal} th,td{overflow-wrap:break-word} .register td{overflow-wrap:anywhere}
          #figures table{font-size:6.5pt} #figures th,#figures td{padding:1px 3px} #figures .note,#figures .warning{font-size:8pt}
          .summary{background:none}
        }
        """
}
