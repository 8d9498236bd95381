#!/usr/bin/env python3
"""Score the parser against a labelled JSONL file.

usage: tests/data/parse/score.py FILE.jsonl [--gridbot ./build/gridbot] [-q]

Runs `gridbot parse --jsonl` on FILE and prints per-field accuracy, exact
match (kind, categories, temperature, room all equal) and the failing lines.
"""
import argparse
import json
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--gridbot", default="./build/gridbot")
    ap.add_argument("-q", "--quiet", action="store_true", help="no failing lines")
    a = ap.parse_args()
    with open(a.file, encoding="utf-8") as f:
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
        if not same:
            fails.append((g, p))
    n = len(gold)
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
