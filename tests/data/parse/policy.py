#!/usr/bin/env python3
"""Measure where the learned model should speak (docs/parser.md, "The model").

usage: tests/data/parse/policy.py FILE.jsonl... [--gridbot ./build/gridbot]

Runs `gridbot parse --jsonl --model` on the files (labelled replies the model
was NOT trained on: CMakeLists.txt holds blind batches 30 and 31 out) and
prints exact and kind accuracy of each policy at each threshold:
  rules          the rules alone (the model's decisions undone)
  nothing@t      the model decides where the rules read nothing, when p >= t
  unsure@t       ... where the rules read nothing or an unnamed complaint
  disagree@t     the model overrides any reading it disagrees with, when p >= t
  safe@t         as disagree, but never takes away an anomaly the rules read
"""
import argparse
import json
import subprocess
import sys


def same(g, kind, cats, p):
    return (g["kind"] == kind and sorted(g.get("categories") or []) == sorted(cats)
            and _eq(g.get("temperature"), p.get("temperature")) and g.get("room") == p.get("room"))


def _eq(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-6


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--gridbot", default="./build/gridbot")
    a = ap.parse_args()
    gold, raw = [], ""
    for path in a.files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    gold.append(json.loads(line))
                    raw += line if line.endswith("\n") else line + "\n"
    res = subprocess.run([a.gridbot, "parse", "--jsonl", "--model"], input=raw.encode(),
                         capture_output=True, check=True)
    got = [json.loads(l) for l in res.stdout.decode().splitlines() if l.strip()]
    assert len(got) == len(gold)

    def rules(p):
        if p["why"].startswith("model"):  # the rules' own reading under the model's decision
            return p["rules"]["kind"], p["rules"]["categories"]
        return p["kind"], p["categories"]

    def policy(name, t):
        def decide(p):
            kind, cats = rules(p)
            m = p["model"]
            if p["kind"] == "command" or m["p"] < t:
                return kind, cats
            why = p["why"].removeprefix("model:").split(":")[0]
            if name == "nothing" and why == "nothing":
                return m["kind"], m["categories"] if m["kind"] == "anomaly" else []
            if name == "unsure" and why in ("nothing", "complaint"):
                return m["kind"], m["categories"] if m["kind"] == "anomaly" else []
            if name == "disagree" and m["kind"] != kind:
                return m["kind"], m["categories"] if m["kind"] == "anomaly" else []
            # As disagree, but an anomaly the rules read is never taken away.
            if name == "safe" and m["kind"] != kind and kind != "anomaly":
                return m["kind"], m["categories"] if m["kind"] == "anomaly" else []
            return kind, cats
        return decide

    n = len(gold)
    rows = [("as shipped", lambda p: (p["kind"], p["categories"])), ("rules", lambda p: rules(p))]
    for name in ("nothing", "unsure", "disagree", "safe"):
        for t in (0.6, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99):
            rows.append((f"{name}@{t}", policy(name, t)))
    print(f"{n} held-out lines")
    print(f"{'policy':16s} {'exact':>8s} {'kind':>8s}")
    for label, decide in rows:
        exact = kind_ok = 0
        for g, p in zip(gold, got):
            kind, cats = decide(p)
            exact += same(g, kind, cats, p)
            kind_ok += g["kind"] == kind
        print(f"{label:16s} {100.0 * exact / n:7.2f}% {100.0 * kind_ok / n:7.2f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
