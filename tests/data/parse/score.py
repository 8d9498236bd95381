#!/usr/bin/env python3
"""Score the parser against a labelled JSONL file.

usage: tests/data/parse/score.py FILE.jsonl... [--gridbot ./build/gridbot] [-q] [--by-why]

Runs `gridbot parse --jsonl` on each FILE and prints per-field accuracy, exact
match (kind, categories, temperature, room all equal) and the failing lines.
--by-why adds, over all the files, the exact and kind accuracy of each kind of
decision (`why` up to its colon) with its confidence: how well the
confidence ranks the parser's own mistakes (docs/parser.md, "Confidence").
"""
import argparse
import json
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--gridbot", default="./build/gridbot")
    ap.add_argument("-q", "--quiet", action="store_true", help="no failing lines")
    ap.add_argument("--by-why", action="store_true", help="accuracy by what decided")
    a = ap.parse_args()
    buckets = {}
    for path in a.files:
        code = score(path, a, buckets)
        if code:
            return code
    if a.by_why:
        print(f"{'why':14s} {'conf':>5s} {'lines':>6s} {'exact':>7s} {'kind':>7s}")
        for why, (conf, n, exact, kind) in sorted(buckets.items(), key=lambda kv: -kv[1][0]):
            print(f"{why:14s} {conf:5.2f} {n:6d} {100.0 * exact / n:6.2f}% {100.0 * kind / n:6.2f}%")
    return 0


def score(path, a, buckets) -> int:
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    lines = [l for l in raw.splitlines() if l.strip() and not l.startswith("#")]  # '#': a comment
    raw = "\n".join(lines) + "\n"
    gold = [json.loads(l) for l in lines]
    res = subprocess.run([a.gridbot, "parse", "--jsonl"], input=raw.encode(), capture_output=True, check=True)
    got = [json.loads(l) for l in res.stdout.decode().splitlines() if l.strip()]
    if len(got) != len(gold):
        print(f"line count mismatch: {len(gold)} labelled, {len(got)} parsed", file=sys.stderr)
        return 2
    fields = ["kind", "categories", "temperature", "room"]
    ok = {f: 0 for f in fields}
    exact = 0
    fails = []
    for g, p in zip(gold, got):
        same = True
        for f in fields:
            gv, pv = g.get(f), p.get(f)
            if f == "categories":
                gv, pv = sorted(gv or []), sorted(pv or [])
            if f == "temperature" and gv is not None and pv is not None:
                eq = abs(gv - pv) < 1e-6
            else:
                eq = gv == pv
            ok[f] += eq
            same = same and eq
        exact += same
        why = p.get("why", "").split(":")[0]
        b = buckets.setdefault(why, [p.get("confidence", 1.0), 0, 0, 0])
        b[1] += 1
        b[2] += same
        b[3] += g.get("kind") == p.get("kind")
        if not same:
            fails.append((g, p))
    n = len(gold)
    if len(a.files) > 1:
        print(path)
    for f in fields:
        print(f"{f:12s} {ok[f]:4d}/{n} {100.0 * ok[f] / n:6.2f}%")
    print(f"{'exact':12s} {exact:4d}/{n} {100.0 * exact / n:6.2f}%")
    if not a.quiet:
        for g, p in fails:
            print(f"- {g['text']}")
            print(f"    want {g['kind']} {g.get('categories')} {g.get('temperature')} {g.get('room')}")
            print(f"    got  {p['kind']} {p.get('categories')} {p.get('temperature')} {p.get('room')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
