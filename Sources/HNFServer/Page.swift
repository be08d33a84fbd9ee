import Foundation
import HighNeeds

/// The page `hnf serve` answers `/` with: the scenario's levers as a form, grouped, each
/// with its unit, bounds and the comment its file gives it, beside the results. Plain HTML
/// written here; `Page.script` re-runs the what-if when a lever changes and keeps the
/// changed values in the URL, `Page.stylesheet` lays it out for a projector or a phone.
struct Page {
    let session: WhatIfSession
    let options: WhatIfServer.Options

    func html() -> String {
        let title = HTML.escape(session.scenario.title)
        let draws = Text.thousands(options.draws), most = Text.thousands(options.maxDraws)
        return """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta name="generator" content="hnf \(HighNeedsVersion.current)">
            <title>What if? \(title)</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/app.css"></head>
            <body data-draws="\(options.draws)" data-max-draws="\(options.maxDraws)" \
            data-files="\(HTML.escape(([session.scenarioPath] + session.overlays).joined(separator: " ")))">
            <a class="skip" href="#results">Skip to the results</a>
            <header class="bar"><h1>What if? \(title)</h1>
            <p class="meta">Change a value and the projection runs again with \(draws) simulated futures \
            (a quick estimate; ask for \(most) for the full one). Figures are medians with 90% intervals. \
            The baseline is \(HTML.escape(session.scenario.meta.name)) without \(session.overlays.isEmpty ? "any change" : "the what-if's files or any change").</p>
            <div class="tools">
            <button type="button" id="full">Run \(most) draws</button>
            <button type="button" id="reset">Undo every change</button>
            <button type="button" id="get-overlay">Download the changes (YAML)</button>
            <button type="button" id="get-report">Download the report (HTML)</button>
            <button type="button" id="get-workbook">Download the workbook</button>
            </div>
            <p id="status" role="status" aria-live="polite">Starting…</p>
            <progress id="meter" max="1" value="0" aria-label="Draws done" hidden></progress>
            <div id="problems" class="warning" role="alert" hidden></div>
            </header>
            <div class="layout">
            <form id="levers" aria-label="What to change" novalidate>
            \(lookAt())
            \(levers())
            </form>
            <main id="results" aria-busy="true" tabindex="-1"></main>
            </div>
            <script src="/app.js"></script>
            </body></html>

            """
    }

    /// The locality whose money the results show line by line, and the financial year.
    func lookAt() -> String {
        let scenario = session.scenario
        guard !scenario.localities.isEmpty else { return "" }
        let years = session.financialYears
        let localities = scenario.localities.map {
            "<option value=\"\(HTML.escape($0.id))\">\(HTML.escape($0.name))</option>"
        }.joined()
        let financial = years.map {
            "<option value=\"\($0)\"\($0 == years.last ? " selected" : "")>\(FinancialYear($0).label)</option>"
        }.joined()
        return """
            <fieldset class="look"><legend>Look at one locality</legend>\
            <label for="locality">Its money line by line</label>\
            <select id="locality"><option value="">None</option>\(localities)</select>\
            <label for="year">In the financial year</label>\
            <select id="year" data-initial="\(years.last ?? scenario.meta.baseYear)">\(financial)</select></fieldset>
            """
    }

    /// One fieldset per group; the first open, the rest folded so the form stays short.
    func levers() -> String {
        let all = session.levers.levers
        var out = ""
        var index = 0
        for (g, group) in ScenarioLevers.groupNames.enumerated() {
            let members = all.filter { $0.group == group }
            guard !members.isEmpty else { continue }
            out +=
                "<details class=\"group\"\(g == 0 ? " open" : "")><summary>\(HTML.escape(group)) (\(members.count))</summary>"
            for lever in members {
                out += field(lever, id: "l\(index)")
                index += 1
            }
            out += "</details>"
        }
        return out
    }

    func field(_ lever: ScenarioLevers.Lever, id: String) -> String {
        let value = Self.number(lever.value)
        // The schema's widest bounds (£100bn) say only "not negative": not worth a reader's time.
        let lo = lever.min.map(Self.shown), hi = lever.max.flatMap { $0 >= 1e9 ? nil : Self.shown($0) }
        let range =
            switch (lo, hi) {
            case (let lo?, let hi?): " from \(lo) to \(hi)"
            case (let lo?, nil): lever.unit == "£" && lo == "0" ? "" : " at least \(lo)"
            case (nil, let hi?): " at most \(hi)"
            case (nil, nil): ""
            }
        let place = "\(URL(fileURLWithPath: lever.file).lastPathComponent), line \(lever.line)"
        // A phone's decimal keypad has no minus sign: a lever that may be negative gets the keyboard.
        let keypad = (lever.min ?? -1) >= 0 ? "decimal" : "text"
        let source = (lever.comment.map { HTML.escape($0) + " " } ?? "") + "(\(HTML.escape(place)))"
        return """
            <div class="lever"><label for="\(id)">\(HTML.escape(lever.label))</label>\
            <div class="field"><input id="\(id)" name="\(HTML.escape(lever.path))" type="text" inputmode="\(keypad)" \
            value="\(value)" data-initial="\(value)" aria-describedby="\(id)-unit \(id)-error" autocomplete="off">\
            <span class="unit" id="\(id)-unit">\(HTML.escape(Self.unit(lever.unit)))\(HTML.escape(range))</span></div>\
            <p class="error" id="\(id)-error" hidden></p>\
            <details class="source"><summary>Where this comes from</summary><p>\(source)</p></details></div>
            """
    }

    /// A value as YAML would write it: 3230, not 3230.0.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// A bound as a reader reads it: 1,000 and 0.5.
    static func shown(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? Text.thousands(Int(v)) : number(v)
    }

    /// The schema's unit, short enough to sit beside a box.
    static func unit(_ unit: String) -> String {
        switch unit {
        case "a share from 0 to 1": return "a share, 0 to 1,"
        case "a probability from 0 to 1": return "a probability, 0 to 1,"
        default: return unit
        }
    }
}
