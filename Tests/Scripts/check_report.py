#!/usr/bin/env python3
"""Opens an `hnf report` page in real headless Chromium (DevTools protocol over a pipe,
standard library only) and checks it as a reader would see it: no console errors or
exceptions, no network requests, every chart present and drawn, each with a data table,
and the key figures in the page equal to `hnf run --format json` for the same seed.
Saves a screenshot of the first screen (and optionally a PDF of the print layout).

The report's document (RUN.json's `report`: every table and note `hnf run` prints) must be
there as a reader sees it: each table's title and each note's lines in the page's text,
each warning inside a warning box. Printed (print media, A4's width inside its margins)
nothing may be wider than the page.

Usage: check_report.py CHROMIUM PAGE.html RUN.json SCREENSHOT.png [--whatif RUN.json ...]
       [--charts id,id,...] [--pdf OUT.pdf] [--register]   (--register: the files mark ASSUMPTIONs)
Prints one line per problem and exits 1 when there is any; prints "ok" otherwise."""
import base64
import fcntl
import json
import math
import os
import subprocess
import sys
import tempfile
import time

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


class Browser:
    """Chromium with --remote-debugging-pipe: commands on fd 3, replies and events on fd 4,
    each a JSON message ended by a NUL byte."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="hnf-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire():
            # Move both ends above 9 first, so placing them on 3 and 4 cannot clobber either.
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.next_id = 0
        self.buffer = b""
        self.events = []

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def open_tab(self, width, height):
        """A new tab listening to what the checks read (console, log, network, page), at a
        width and height; its session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ["Runtime", "Log", "Network", "Page"]:
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
        return session

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if any(e.get("method") == method for e in self.events):
                return
            self.events.append(self.read())
        raise TimeoutError(method)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        self.process.wait(timeout=20)


PAGE_STATE = """(() => {
  const charts = [...document.querySelectorAll('figure[data-chart]')].map(f => {
    const svg = f.querySelector('svg'); const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const table = f.querySelector('table');
    return {id: f.dataset.chart, svg: !!svg, width: box.width, height: box.height,
            marks: svg ? svg.querySelectorAll('[data-mark]').length : 0,
            rows: table ? table.querySelectorAll('tbody tr').length : 0};
  });
  const figures = [...document.querySelectorAll('[data-figure]')].map(e => ({name: e.dataset.figure, value: Number(e.dataset.value), text: e.textContent}));
  const scripts = document.querySelectorAll('script').length;
  const external = [...document.querySelectorAll('[src],[href],link')].map(e => e.getAttribute('src') || e.getAttribute('href')).filter(u => u && !u.startsWith('#') && !u.startsWith('data:'));
  const register = document.querySelectorAll('#assumptions tbody tr').length;
  return JSON.stringify({charts, figures, scripts, external, register, title: document.title});
})()"""


READER_TEXT = """(() => JSON.stringify({
  text: document.body.innerText,
  warnings: [...document.querySelectorAll('.warning')].map(e => e.innerText)
}))()"""

# Everything laid out wider than the printed page: its right edge past the body's.
PRINTED_OVERFLOW = """(() => {
  const page = document.documentElement.clientWidth;
  const outermost = [...document.querySelectorAll('main *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > page + 1;
  }).filter((e, _, all) => !all.includes(e.parentElement));
  const wide = outermost.map(e => {
    const caption = e.querySelector('caption, figcaption') || e.closest('figure, section');
    const where = caption ? (caption.id || caption.textContent).slice(0, 60) : '';
    return e.tagName.toLowerCase() + ' ' + Math.round(e.getBoundingClientRect().right) + 'px (' + where + ')';
  });
  return JSON.stringify({page, wide: wide.slice(0, 10), count: outermost.length});
})()"""

# A4 is 210 mm wide; the page's @page margins are 12 mm a side: 186 mm at 96 px an inch.
PRINTED_WIDTH = round(186 / 25.4 * 96)


def document_problems(reader, report):
    """Each table title and note line of the report's document in the page's text; each
    warning in a warning box."""
    found = []
    text = " ".join(reader["text"].split())
    boxes = [" ".join(w.split()) for w in reader["warnings"]]
    for block in report["blocks"]:
        if block["kind"] == "table":
            if " ".join(block["table"]["title"].split()) not in text:
                found.append(f"table {block['table']['id']!r} ({block['table']['title'][:50]!r}) is not in the page")
            continue
        note = block["note"]
        for line in note["lines"]:
            words = " ".join(line.strip().removeprefix("- ").split())
            if words not in text:
                found.append(f"note line {words[:60]!r} is not in the page")
            elif note["severity"] != "info" and not any(words in b for b in boxes):
                found.append(f"warning {words[:60]!r} is not in a warning box")
    return found


def browser_problems(events, allowed, log_levels=("error", "warning"), expected_log=lambda text: False):
    """What the page did wrong, from the DevTools events: console errors and warnings,
    exceptions, log entries of `log_levels` (unless `expected_log`), and any request for a
    URL `allowed` refuses (data: URLs are always allowed)."""
    found = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            found.append(f"console {params['type']}: {params.get('args')}")
        if method == "Runtime.exceptionThrown":
            found.append(f"exception: {params.get('exceptionDetails', {}).get('text')}")
        entry = params.get("entry", {})
        if method == "Log.entryAdded" and entry.get("level") in log_levels and not expected_log(entry.get("text", "")):
            found.append(f"log {entry['level']}: {entry.get('text')} {entry.get('url', '')}")
        if method == "Network.requestWillBeSent":
            requested = params.get("request", {}).get("url", "")
            if not allowed(requested) and not requested.startswith("data:"):
                found.append(f"network request: {requested}")
    return found


def verdict(found):
    """Prints one line per problem, or "ok"; the exit status for them."""
    for p in found:
        print(p)
    if not found:
        print("ok")
    return 1 if found else 0


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    chromium, page, run_json, screenshot = sys.argv[1:5]
    rest = sys.argv[5:]
    whatifs, charts_wanted, pdf, register = [], [], None, False
    while rest:
        flag = rest.pop(0)
        if flag == "--register":
            register = True
            continue
        value = rest.pop(0)
        if flag == "--whatif":
            whatifs.append(json.load(open(value))["results"])
        elif flag == "--charts":
            charts_wanted = value.split(",")
        elif flag == "--pdf":
            pdf = value
    results = json.load(open(run_json))["results"]
    url = "file://" + os.path.abspath(page)

    browser = Browser(chromium)
    try:
        session = browser.open_tab(1100, 1400)
        browser.events.clear()
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired")
        time.sleep(0.5)
        state = json.loads(browser.send("Runtime.evaluate", {"expression": PAGE_STATE, "returnByValue": True}, session=session)["result"]["value"])
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        reader = json.loads(browser.send("Runtime.evaluate", {"expression": READER_TEXT, "returnByValue": True}, session=session)["result"]["value"])
        browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": PRINTED_WIDTH, "height": 1400, "deviceScaleFactor": 1, "mobile": False}, session=session)
        time.sleep(0.3)
        printed_layout = json.loads(browser.send("Runtime.evaluate", {"expression": PRINTED_OVERFLOW, "returnByValue": True}, session=session)["result"]["value"])
        if pdf:
            printed = browser.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True, "preferCSSPageSize": True}, session=session)
            with open(pdf, "wb") as f:
                f.write(base64.b64decode(printed["data"]))
        events = list(browser.events)
    finally:
        browser.close()

    problems.extend(browser_problems(events, lambda requested: requested == url))
    problems.extend(document_problems(reader, json.load(open(run_json))["report"]))
    check(printed_layout["count"] == 0,
          f"printed at A4's width ({printed_layout['page']}px), {printed_layout['count']} elements are wider than the page: {printed_layout['wide']}")

    check(state["scripts"] == 0, f"the page has {state['scripts']} scripts")
    check(not state["external"], f"the page refers to external resources: {state['external']}")
    if register:
        check(state["register"] > 0, "the assumptions register is empty")
    ids = [c["id"] for c in state["charts"]]
    for wanted in charts_wanted:
        check(wanted in ids, f"chart {wanted!r} missing (found {ids})")
    for c in state["charts"]:
        check(c["svg"] and c["width"] > 100 and c["height"] > 50, f"chart {c['id']} not rendered ({c['width']}x{c['height']})")
        check(c["marks"] > 0, f"chart {c['id']} draws nothing")
        check(c["rows"] > 0, f"chart {c['id']} has no data table")

    figures = {f["name"]: f for f in state["figures"]}
    last, money = results["years"][-1], results["money"][-1]
    expected = {"plans-last": last["plans"]["p50"], "plans-last-p5": last["plans"]["p5"], "plans-last-p95": last["plans"]["p95"],
                "plans-base": results["base"]["plans"], "balance-last": money["cumulative_balance"]["p50"],
                "balance-last-p5": money["cumulative_balance"]["p5"], "balance-last-p95": money["cumulative_balance"]["p95"],
                "p-in-year-balance": money["p_in_year_balance"], "mainstream-share-last": last["groups"]["mainstream"]["share"]["p50"]}
    # A scenario without a budget has no balance, one without DfE groups no mix: the page
    # then has neither the chart nor the figure.
    if "balance" not in ids:
        for name in ["balance-last", "balance-last-p5", "balance-last-p95", "p-in-year-balance"]:
            check(name not in figures, f"figure {name} shown without a balance chart")
            expected.pop(name)
    if "mix" not in ids:
        expected.pop("mainstream-share-last")
    for i, w in enumerate(whatifs, 1):
        final = w["against_baseline"]["years"][-1]
        expected[f"whatif-{i}-balance"] = final["cumulative_balance"]["p50"]
        expected[f"whatif-{i}-plans"] = final["plans"]["p50"]
    for name, value in expected.items():
        f = figures.get(name)
        check(f is not None, f"figure {name} missing from the page")
        if f:
            check(close(f["value"], value), f"figure {name}: page {f['value']} != JSON {value}")
    shown = figures.get("plans-last")
    if shown:
        # hnf rounds halves away from zero (Python's round() would round them to even).
        check(shown["text"].replace(",", "").replace("\u2212", "-") == str(math.floor(last["plans"]["p50"] + 0.5)), f"plans shown as {shown['text']!r}")

    return verdict(problems)


if __name__ == "__main__":
    sys.exit(main())
