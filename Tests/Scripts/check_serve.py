#!/usr/bin/env python3
"""Drives `hnf serve`'s page in real headless Chromium (DevTools protocol over a pipe, as
check_report.py does) the way a Forum member would: waits for the first results, moves to
a lever with the Tab key and types a new value, and checks that the figures change to
those of `hnf run` with the same change and seed; types a value the validator refuses and
checks its message appears beside the box; reopens the page from its own URL and checks
the same what-if comes back; downloads the changes, the report and the workbook with the
keyboard. Throughout: no console errors or exceptions, no request to anywhere but the
server. Then runs axe-core (from PyPI's axe-playwright-python, which ships it) on the page
and reports every violation it finds.

Usage: check_serve.py CHROMIUM URL LEVER VALUE BAD_VALUE BASELINE.json WHATIF.json OUTDIR
  BASELINE.json / WHATIF.json: `hnf run --format json` without and with `--set LEVER=VALUE`
  (same overlays, draws and seed as the server). Downloads and a screenshot go in OUTDIR.
Prints one line per problem and exits 1 when there is any; prints "ok" otherwise."""
import base64
import importlib.util
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_report import Browser, browser_problems, close, verdict  # noqa: E402

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


STATE = """(() => {
  const figures = {};
  for (const e of document.querySelectorAll('#results [data-figure]')) figures[e.dataset.figure] = Number(e.dataset.value);
  const errors = [...document.querySelectorAll('.error')].filter(e => !e.hidden).map(e => ({id: e.id, text: e.textContent}));
  const invalid = [...document.querySelectorAll('input[aria-invalid=true]')].map(e => e.name);
  const active = document.activeElement;
  const status = document.getElementById('status');
  return JSON.stringify({status: status ? status.textContent : '', figures, errors, invalid,
    url: location.href, active: active ? (active.name || active.id) : null,
    charts: document.querySelectorAll('#results figure[data-chart] svg').length,
    bands: document.querySelectorAll('#bands tbody tr').length});
})()"""


class Page:
    def __init__(self, browser, session):
        self.browser, self.session = browser, session

    def evaluate(self, expression, awaiting=False, timeout=60):
        reply = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                       "awaitPromise": awaiting}, session=self.session, timeout=timeout)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression[:60]}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def state(self):
        return json.loads(self.evaluate(STATE))

    def wait(self, condition, what, timeout=180):
        deadline = time.time() + timeout
        while time.time() < deadline:
            s = self.state()
            if condition(s):
                return s
            time.sleep(0.2)
        raise TimeoutError(f"{what}; the page says: {self.state()['status']!r}")

    def key(self, key, code, keycode, text=None, modifiers=0, commands=None):
        for kind in ("keyDown", "keyUp"):
            event = {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": keycode, "modifiers": modifiers}
            if text and kind == "keyDown":
                event["text"] = text
            if commands and kind == "keyDown":
                event["commands"] = commands
            self.browser.send("Input.dispatchKeyEvent", event, session=self.session)

    def tab_to(self, name, limit=400):
        """Presses Tab until `name` has the focus, opening (with Enter) the folded group that
        holds it on the way, as a keyboard user does."""
        probe = f"""(() => {{
  const a = document.activeElement;
  if (!a) return '';
  if (a.name === {json.dumps(name)} || a.id === {json.dumps(name)}) return 'here';
  const group = a.tagName === 'SUMMARY' ? a.parentElement : null;
  if (group && !group.open && group.querySelector('[name="' + {json.dumps(name)} + '"]')) return 'open';
  return '';
}})()"""
        for _ in range(limit):
            where = self.evaluate(probe)
            if where == "here":
                return True
            if where == "open":
                self.key("Enter", "Enter", 13, text="\r")
            self.key("Tab", "Tab", 9)
        return False

    def type(self, text):
        self.key("a", "KeyA", 65, modifiers=2, commands=["selectAll"])  # Ctrl+A
        for ch in text:
            code = {"-": ("Minus", 189), ".": ("Period", 190)}.get(ch, (f"Digit{ch}", ord(ch)))
            self.key(ch, code[0], code[1], text=ch)


def expected_figures(run):
    results = run["results"]
    last, money = results["years"][-1], results["money"][-1]
    out = {"plans-last": last["plans"]["p50"], "plans-last-p5": last["plans"]["p5"],
           "plans-last-p95": last["plans"]["p95"], "plans-base": results["base"]["plans"],
           "mainstream-share-last": last["groups"]["mainstream"]["share"]["p50"]}
    if "cumulative_balance" in money:
        out.update({"balance-last": money["cumulative_balance"]["p50"],
                    "p-in-year-balance": money["p_in_year_balance"]})
    return out


def expected_change(run):
    final = run["results"]["against_baseline"]["years"][-1]
    return {"change-balance": final["cumulative_balance"]["p50"], "change-plans": final["plans"]["p50"]}


def compare(shown, run, when):
    for name, value in expected_figures(run).items():
        check(name in shown, f"{when}: figure {name} missing")
        if name in shown:
            check(close(shown[name], value), f"{when}: figure {name}: page {shown[name]} != hnf run {value}")


def axe(page):
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None:
        problems.append("axe-core not found: pip install axe-playwright-python (.ci/run does)")
        return
    source = open(os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")).read()
    page.evaluate(source)
    found = json.loads(page.evaluate("axe.run(document).then(r => JSON.stringify(r.violations))", awaiting=True,
                                     timeout=120))
    for v in found:
        targets = [n["target"] for n in v["nodes"]][:3]
        problems.append(f"axe {v['id']} ({v['impact']}): {v['help']} at {targets}")


def downloads(page, outdir):
    page.browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": outdir})
    for button, name in [("get-overlay", "what-if.yaml"), ("get-report", "hnf-report.html"),
                         ("get-workbook", "hnf-what-if.xlsx")]:
        check(page.tab_to(button), f"the {button} button cannot be reached with Tab")
        page.key("Enter", "Enter", 13, text="\r")
        path = os.path.join(outdir, name)
        deadline = time.time() + 120
        while time.time() < deadline and not (os.path.exists(path) and os.path.getsize(path) > 0):
            time.sleep(0.2)
        check(os.path.exists(path), f"{name} was not downloaded")


def main():
    chromium, url, lever, value, bad, baseline_json, whatif_json, outdir = sys.argv[1:9]
    baseline, whatif = json.load(open(baseline_json)), json.load(open(whatif_json))
    origin = url.rstrip("/")
    browser = Browser(chromium)
    try:
        session = browser.open_tab(1280, 1000)
        page = Page(browser, session)
        browser.send("Page.navigate", {"url": url}, session=session)
        first = page.wait(lambda s: s["status"].startswith("Ran"), "the first results")
        compare(first["figures"], baseline, "as opened")
        check(first["charts"] > 0, "no chart drawn")

        check(page.tab_to(lever), f"the lever {lever} cannot be reached with Tab")
        page.type(value)
        changed = page.wait(lambda s: s["status"].startswith("Ran") and "1 value changed" in s["status"],
                            "results after the change")
        compare(changed["figures"], whatif, "after the change")
        for name, v in expected_change(whatif).items():
            check(name in changed["figures"] and close(changed["figures"][name], v),
                  f"after the change: figure {name}: page {changed['figures'].get(name)} != hnf run {v}")
        check(changed["figures"] != first["figures"], "the figures did not change")
        check(changed["bands"] == 5, f"the gains and losses table has {changed['bands']} bands, not 5")
        shared = changed["url"]
        check(lever in shared and value in shared, f"the URL {shared} does not hold the change")
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        with open(os.path.join(outdir, "serve.png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        axe(page)

        page.type(bad)
        refused = page.wait(lambda s: s["status"].startswith("Not run"), "the refusal of a bad value")
        check(lever in refused["invalid"], f"the refused lever is not marked invalid: {refused['invalid']}")
        texts = " ".join(e["text"] for e in refused["errors"])
        check("expected" in texts, f"no validator message beside the box: {refused['errors']}")

        page.type(value)
        page.wait(lambda s: s["status"].startswith("Ran") and "1 value changed" in s["status"], "the value put back")
        # One locality's money: Tab to the locality list, the first one with the arrow key.
        check(page.tab_to("locality"), "the locality list cannot be reached with Tab")
        page.key("ArrowDown", "ArrowDown", 40)
        page.wait(lambda s: s["status"].startswith("Ran") and page.evaluate(
            "!!document.getElementById('locality-money')"), "a locality's money line by line")
        shared = page.state()["url"]
        check("locality=" in shared, f"the URL {shared} does not hold the locality")

        browser.send("Page.navigate", {"url": shared}, session=session)
        reopened = page.wait(lambda s: s["status"].startswith("Ran") and "1 value changed" in s["status"],
                             "the shared URL's results")
        same = {k: v for k, v in reopened["figures"].items() if k in changed["figures"]}
        check(same == changed["figures"], "the shared URL does not reopen the same figures")
        check("locality-total" in reopened["figures"], "the shared URL does not reopen the locality's money")
        downloads(page, outdir)
        # The full run, asked for with the keyboard.
        full = page.evaluate("document.body.dataset.maxDraws")
        check(page.tab_to("full"), "the full-run button cannot be reached with Tab")
        page.key("Enter", "Enter", 13, text="\r")
        page.wait(lambda s: s["status"].startswith(f"Ran {full} draws"), "the full run")
        check(page.evaluate("document.getElementById('meter').hidden"), "the progress bar stays after the run")
        events = list(browser.events)
    finally:
        browser.close()

    # The refused value's answer (422) is logged by the browser as a failed load: expected.
    problems.extend(browser_problems(
        events, lambda requested: requested.startswith(origin) or requested.startswith("blob:"),
        log_levels=("error",), expected_log=lambda text: "422" in text))
    return verdict(problems)


if __name__ == "__main__":
    sys.exit(main())
