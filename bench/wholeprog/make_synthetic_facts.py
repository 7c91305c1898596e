#!/usr/bin/env python3
"""Writes a conc-tidy JSON report carrying the facts of N synthetic units,
for timing `conc-tidy --merge` (the whole-program step) at scale.

    make_synthetic_facts.py OUT.json [--units 10000] [--seed 1]

Each unit defines 20 functions: some take the unit's own lock, some one of
200 shared service locks, and a third of them call, while holding a lock, a
function of another unit (one to three calls deep); every 1000th unit closes
an order the other way, so that cycles exist. Fixed seed: the same file
every time.
"""

import argparse
import json
import random


def unit_facts(u, units, rng):
    lines = ["conc-facts 1", f"U\tsrc/unit{u}.cpp", "E\tconc-lock-order",
             "E\tconc-unjoined-thread"]
    own = f"lock{u}"
    for k in range(20):
        fid = f"_Z4f{u}_{k}v"
        lines.append(f"F\t{fid}\tf{u}_{k}\tsrc/unit{u}.cpp\t{10 + 10 * k}\t6")
        line = 11 + 10 * k
        lock = own if k % 2 == 0 else f"service{rng.randrange(200)}"
        lines.append(f"A\t{lock}\tsrc/unit{u}.cpp\t{line}\t3")
        if k % 3 == 0:
            target = rng.randrange(units)
            if u % 1000 == 0:
                target = (u + 1) % units  # an order the other way round
            callee = f"_Z4f{target}_{rng.randrange(20)}v"
            lines.append(f"C\t{callee}\tf{target}\tsrc/unit{u}.cpp\t{line + 1}\t5")
            lines.append(f"H\t{lock}\tsrc/unit{u}.cpp\t{line}\t3")
        else:
            callee = f"_Z4f{u}_{(k + 1) % 20}v"
            lines.append(f"C\t{callee}\tf{u}_{(k + 1) % 20}\tsrc/unit{u}.cpp\t{line + 2}\t5")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    report = {"format": "conc-tidy-report", "version": 1, "tool": "synthetic",
              "root": "/synthetic", "filesAnalyzed": args.units,
              "findings": [], "errors": [], "adjustedUnits": [],
              "functionsSkippedForErrors": 0,
              "facts": [unit_facts(u, args.units, rng) for u in range(args.units)]}
    with open(args.out, "w") as out:
        json.dump(report, out)


if __name__ == "__main__":
    main()
