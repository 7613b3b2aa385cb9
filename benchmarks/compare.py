#!/usr/bin/env python3
"""Prints the before/after table of benchmarks/compare.sh from the JMH JSON files it wrote.

Python 3 standard library only. Reads <n>-before.json and <n>-after.json from --dir; for every
benchmark and parameter set prints each side's score ± error (JMH's 99.9 % interval), every fork's
mean, the after/before ratio, and a verdict: "slower" or "faster" only when the two intervals do
not overlap, else "same". A side whose fork means differ by more than 25 % is marked unstable.

    python3 benchmarks/compare.py --dir benchmarks/results/tmp/compare
"""

import argparse
import glob
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import fmt_ns  # noqa: E402  (the suite's number format)

UNSTABLE = 0.25


class Side:
    def __init__(self, run):
        pm = run["primaryMetric"]
        self.score = float(pm["score"])
        error = pm.get("scoreError")
        self.error = float(error) if error not in (None, "NaN") else math.nan
        self.unit = pm.get("scoreUnit", "")
        self.forks = [sum(f) / len(f) for f in pm.get("rawData", []) if f]

    def low(self):
        return self.score - (0 if math.isnan(self.error) else self.error)

    def high(self):
        return self.score + (0 if math.isnan(self.error) else self.error)

    def unstable(self):
        return len(self.forks) > 1 and max(self.forks) > (1 + UNSTABLE) * min(self.forks)

    def cell(self):
        err = "" if math.isnan(self.error) else f" ± {fmt_ns(self.error)}"
        return f"{fmt_ns(self.score)}{err}"

    def fork_cell(self):
        text = ", ".join(fmt_ns(m) for m in self.forks) or "—"
        return text + (" (unstable)" if self.unstable() else "")


def key(run):
    name = ".".join(run["benchmark"].split(".")[-2:])
    params = run.get("params", {})
    return name, ", ".join(f"{k}={v}" for k, v in sorted(params.items()))


def read(path):
    """The runs of one JMH JSON file; none (with a note) if it is empty or cut short."""
    try:
        with open(path, encoding="utf-8") as f:
            return {key(r): Side(r) for r in json.load(f)}
    except (OSError, ValueError) as e:
        print(f"skipped {path}: {e}", file=sys.stderr)
        return {}


def verdict(before, after):
    if after.low() > before.high():
        return "slower"
    if after.high() < before.low():
        return "faster"
    return "same"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--base", default="base")
    parser.add_argument("--load", default="unknown")
    parser.add_argument("--duration", default="")
    args = parser.parse_args()

    before, after = {}, {}
    for path in sorted(glob.glob(os.path.join(args.dir, "*-before.json")),
                       key=lambda p: int(re.match(r"(\d+)-", os.path.basename(p)).group(1))):
        before.update(read(path))
        twin = path.replace("-before.json", "-after.json")
        if os.path.exists(twin):
            after.update(read(twin))
    keys = [k for k in before if k in after]
    if not keys:
        sys.exit("no benchmark has results on both sides in " + args.dir)

    unit = before[keys[0]].unit
    print(f"Before: {args.base}; after: the current tree. Load average before the run: {args.load}"
          + (f"; the run took {args.duration}" if args.duration else "") + ".")
    print(f"Scores in {unit}, JMH's 99.9 % error; lower is better. A verdict other than \"same\" means the "
          "two intervals do not overlap.")
    print()
    print("| benchmark | parameters | before | before, per fork | after | after, per fork | after ÷ before | verdict |")
    print("|---|---|---:|---|---:|---|---:|---|")
    counts = {}
    for k in keys:
        b, a = before[k], after[k]
        v = verdict(b, a)
        counts[v] = counts.get(v, 0) + 1
        ratio = a.score / b.score if b.score else math.nan
        print(f"| {k[0]} | {k[1]} | {b.cell()} | {b.fork_cell()} | {a.cell()} | {a.fork_cell()} | "
              f"{ratio:.2f}× | {v} |")
    print()
    print(", ".join(f"{n} {v}" for v, n in sorted(counts.items())) + f" of {len(keys)}.")


if __name__ == "__main__":
    main()
