import HighNeeds

/// The page's stylesheet, served as `/app.css`: the printed report's (the results are the
/// same HTML) and the form's, large enough to read on a projector, one column on a phone.
extension Page {
    static let stylesheet =
        ForumReport.stylesheet + """

            body{font-size:18px}
            .skip{position:absolute;left:-999px;top:0;background:#fff;padding:8px;z-index:2}
            .skip:focus{left:8px}
            .bar{padding:16px 24px 8px;border-bottom:1px solid var(--rule);background:#f7f9fc}
            .bar h1{font-size:1.6rem}
            .tools{display:flex;flex-wrap:wrap;gap:8px;margin:.5rem 0}
            button{font:inherit;font-size:.95rem;padding:.45rem .8rem;border:2px solid var(--accent);border-radius:6px;background:#fff;color:var(--accent);cursor:pointer}
            button:hover{background:#e8eef7}
            button:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
            #status{margin:.3rem 0;color:var(--ink)}
            .layout{display:grid;grid-template-columns:minmax(300px,420px) 1fr;gap:24px;padding:0 24px 24px}
            @media (max-width:900px){.layout{grid-template-columns:1fr;padding:0 12px 12px}.bar{padding:12px}}
            #levers{padding-top:1rem;position:sticky;top:0;max-height:100vh;overflow-y:auto}
            @media (max-width:900px){#levers{position:static;max-height:none}}
            #results .pair{display:block}
            .layout>*{min-width:0}
            fieldset{min-width:0}
            #results .data{overflow-x:auto}
            #results{max-width:none;padding:0}
            fieldset.look{border:1px solid var(--rule);border-radius:6px;margin:0 0 10px;padding:6px 10px}
            fieldset.look legend{font-weight:600}
            fieldset.look label{display:block;margin-top:6px}
            select{font:inherit;padding:.25rem;border:2px solid #767676;border-radius:4px;max-width:100%}
            details.group{border:1px solid var(--rule);border-radius:6px;margin:0 0 10px;padding:6px 10px;background:#fff}
            details.group>summary{font-weight:600;cursor:pointer;padding:4px 0}
            .lever{margin:10px 0;padding-top:8px;border-top:1px solid #eee}
            .lever label{display:block;font-weight:600}
            .field{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px}
            .field input{font:inherit;width:9em;padding:.3rem .4rem;border:2px solid #767676;border-radius:4px}
            .field input[aria-invalid=true]{border-color:#b00020}
            .unit{color:var(--muted);font-size:.9rem}
            .error{color:#b00020;font-weight:600;margin:.2rem 0}
            details.source{font-size:.85rem;color:var(--muted)}
            details.source summary{cursor:pointer}
            """
}
