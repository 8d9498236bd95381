#!/usr/bin/env python3
"""Lists the functions under bot/ and adapters/ longer than a limit (default 80 lines).

A heuristic, not a parser: a function is a line ending in '{' at brace depth 0
(namespaces do not count) whose text ends like a function head, up to its
closing brace; strings, characters and // comments are blanked first. The
exceptions kept on purpose are listed in docs/architecture.md.

usage: scripts/long-functions.py [LIMIT]
"""
import re
import subprocess
import sys

HEAD = re.compile(
    r"\)\s*(const)?\s*(noexcept)?\s*(->\s*[\w:<>, ]+)?\s*(override)?\s*\{\s*$")


def blank(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return re.sub(r"//.*", "", line)


def long_functions(path, limit):
    depth, start, head = 0, None, ""
    with open(path, encoding="utf-8") as f:
        for i, raw in enumerate(f):
            line = blank(raw)
            if start is None and re.match(r"^\s*(namespace|extern)\b", line) and line.rstrip().endswith("{"):
                continue  # a namespace's brace is not a depth
            opens, closes = line.count("{"), line.count("}")
            if start is None and depth == 0 and opens > closes and HEAD.search(line):
                start, head = i, raw.strip()
            depth = max(0, depth + opens - closes)
            if start is not None and depth == 0:
                if i - start + 1 > limit:
                    yield i - start + 1, start + 1, head
                start = None


def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    files = subprocess.check_output(
        ["git", "ls-files", "bot/*.cpp", "adapters/*.cpp"], text=True).split()
    found = []
    for path in sorted(set(files)):
        for n, line, head in long_functions(path, limit):
            found.append((n, f"{path}:{line}", head[:90]))
    for n, where, head in sorted(found, reverse=True):
        print(f"{n:4d} {where} {head}")
    print(f"{len(found)} functions over {limit} lines")


if __name__ == "__main__":
    main()
