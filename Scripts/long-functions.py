#!/usr/bin/env python3
"""Lists Swift functions, initialisers and closures-as-properties longer than a limit.

    Scripts/long-functions.py [--limit 80] [--exclude Sources/HNFEngine] [PATH ...]

A body is counted from the line of its declaration to the line of its closing brace.
Braces inside string literals and comments are skipped, which is enough for this
codebase (no braces in multi-line raw strings that open a function). A function whose
length has a reason says so in a comment line starting `// Long:` directly above it;
those are listed apart. The exit status is 0 either way: this is a report, not a gate.
"""
import argparse
import os
import re
import sys

DECL = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|final|override|mutating|nonmutating|convenience|required|nonisolated|@inlinable|@usableFromInline|class)\s+)*(func\s+[^\s(<]+|init[?!]?|subscript|deinit)\b")


def strip(line, in_block):
    """The line without string literals and comments; whether a /* */ block continues."""
    out, i, n = [], 0, len(line)
    in_string = False
    while i < n:
        if in_block:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i, in_block = end + 2, False
            continue
        c = line[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            in_block = True
            i += 2
            continue
        if c == '"':
            in_string = True
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out), in_block


def functions(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    in_block, in_multiline = False, False
    cleaned = []
    for line in lines:
        if in_multiline:
            if '"""' in line:
                in_multiline = False
                line = line[line.index('"""') + 3:]
            else:
                cleaned.append("")
                continue
        if line.count('"""') % 2 == 1:
            in_multiline = True
            line = line[: line.index('"""')]
        text, in_block = strip(line, in_block)
        cleaned.append(text)
    for start, text in enumerate(cleaned):
        match = DECL.match(text)
        if not match:
            continue
        depth, opened = 0, False
        for end in range(start, len(cleaned)):
            for c in cleaned[end]:
                if c == "{":
                    depth += 1
                    opened = True
                elif c == "}":
                    depth -= 1
            if opened and depth <= 0:
                break
            if not opened and end > start + 5:
                break  # a protocol requirement: no body
        if not opened:
            continue
        reason = start > 0 and lines[start - 1].strip().startswith("// Long:")
        yield match.group(1), start + 1, end - start + 1, reason


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=["Sources"])
    parser.add_argument("--limit", type=int, default=80)
    parser.add_argument("--exclude", action="append", default=[])
    args = parser.parse_args()
    found, explained = [], []
    for root in args.paths:
        for folder, _, files in os.walk(root):
            if any(folder.startswith(e.rstrip("/")) for e in args.exclude):
                continue
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(folder, name)
                for decl, line, length, reason in functions(path):
                    if length > args.limit:
                        (explained if reason else found).append((length, f"{path}:{line}", decl))
    for length, place, decl in sorted(found, reverse=True):
        print(f"{length:5d}  {place}  {decl}")
    if explained:
        print(f"-- with a reason (// Long:) above them:")
        for length, place, decl in sorted(explained, reverse=True):
            print(f"{length:5d}  {place}  {decl}")
    print(f"{len(found)} over {args.limit} lines without a reason, {len(explained)} with one", file=sys.stderr)


if __name__ == "__main__":
    main()
