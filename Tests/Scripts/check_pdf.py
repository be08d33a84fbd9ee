#!/usr/bin/env python3
"""Checks a printed report (hnf report --pdf) against the page it was printed from.

    check_pdf.py REPORT.pdf REPORT.html [--min-fill 0.5]

Prints "ok", or one line per problem:
  - a word of the PDF that reaches past the page's edge (clipped);
  - a table cell of the page whose text is not in the PDF (clipped away or lost);
  - a page, other than the last, whose content stops above --min-fill of its height
    (a half-empty page, as a block too tall for what was left of the page leaves).
Needs poppler's pdftotext (Debian's poppler-utils).
"""
import html.parser
import re
import subprocess
import sys


class Cells(html.parser.HTMLParser):
    """The text of every <td> and <th>, as the reader sees it (tags inside dropped)."""

    def __init__(self):
        super().__init__()
        self.cells, self.depth, self.text = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self.depth += 1
            if self.depth == 1:
                self.text = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.cells.append("".join(self.text))

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def squeeze(text):
    # Chromium prints U+2212 and U+2013 as themselves; only spacing differs between the two,
    # and the invisible word joiner (U+2060) that keeps a minus with its £ is not drawn.
    return re.sub(r"[\s\u2060]+", "", text)


def main():
    args = sys.argv[1:]
    min_fill = 0.5
    if "--min-fill" in args:
        i = args.index("--min-fill")
        min_fill = float(args[i + 1])
        del args[i : i + 2]
    pdf, page = args
    problems = []
    boxes = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S)
    if not pages:
        problems.append(f"{pdf} has no pages")
    for number, (width, height, body) in enumerate(pages, 1):
        width, height = float(width), float(height)
        words = [
            (float(a), float(b), float(c), float(d), w)
            for a, b, c, d, w in re.findall(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', body)
        ]
        for x0, y0, x1, y1, w in words:
            if x0 < 0 or x1 > width + 0.5 or y0 < 0 or y1 > height + 0.5:
                problems.append(f"page {number}: {w!r} reaches past the page's edge ({x0:.0f}-{x1:.0f} of {width:.0f} pt)")
        if number < len(pages):
            bottom = max((y1 for _, _, _, y1, _ in words), default=0)
            if bottom < min_fill * height:
                problems.append(f"page {number} is half empty: its content stops {bottom / height:.0%} of the way down")
    # -raw keeps the order Chromium drew the text in, so a cell wrapped over lines stays together.
    text = squeeze(subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True).stdout)
    reader = Cells()
    reader.feed(open(page, encoding="utf-8").read())
    missing = [c for c in reader.cells if squeeze(c) and squeeze(c) not in text]
    if not reader.cells:
        problems.append(f"{page} has no table cells")
    for cell in missing[:20]:
        problems.append(f"a table cell is not in the PDF: {cell.strip()!r}")
    if len(missing) > 20:
        problems.append(f"... and {len(missing) - 20} more cells")
    print("\n".join(problems) if problems else "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
