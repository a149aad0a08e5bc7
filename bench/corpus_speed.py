#!/usr/bin/env python3
"""Time per mail on the real corpora, this build against a baseline build, side by side.

    bench/corpus_speed.py NEW_PHISHSCOPE BASE_PHISHSCOPE [--corpora ../shared/corpora] [--rounds 3] [sets...]

Each round runs `analyze PATH --format json --no-store` (one process, one core, output discarded) with the two
binaries one after the other, alternating which goes first; the medians of the rounds give ms per mail and the ratio
new / base. A set whose folder holds mailbox files is timed file by file (older builds read only .eml in a
directory). The machine is shared and noisy: only the interleaved medians mean anything.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def inputs(path):
    boxes = sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith(".mbox"))
    return boxes or [path]


def count(path):
    rows = 0
    with open(os.path.join(path, "truth.jsonl")) as f:
        for line in f:
            rows += bool(line.strip())
    return rows


def run(exe, paths):
    t0 = time.perf_counter()
    for p in paths:
        subprocess.run([exe, "analyze", p, "--format", "json", "--no-store"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env={**os.environ, "PHISHSCOPE_NOW": "2026-01-01T00:00:00Z"})
    return time.perf_counter() - t0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("new")
    ap.add_argument("base")
    ap.add_argument("--corpora", default=os.path.join(here, "..", "..", "shared", "corpora"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("sets", nargs="*")
    a = ap.parse_args()
    if not os.path.isdir(a.corpora):
        print(f"corpus speed: {a.corpora} is absent; nothing to measure")
        return 0
    sets = a.sets or sorted(d for d in os.listdir(a.corpora)
                            if os.path.exists(os.path.join(a.corpora, d, "truth.jsonl")))
    print(f"{'set':<12} {'mails':>6} {'base ms/mail':>13} {'new ms/mail':>12} {'new/base':>9}")
    for s in sets:
        path = os.path.join(a.corpora, s)
        paths, n = inputs(path), count(path)
        new_t, base_t = [], []
        for r in range(a.rounds):
            order = [(a.new, new_t), (a.base, base_t)]
            if r % 2:
                order.reverse()
            for exe, acc in order:
                acc.append(run(exe, paths))
        nb, nn = statistics.median(base_t) / n * 1000, statistics.median(new_t) / n * 1000
        print(f"{s:<12} {n:>6} {nb:>13.2f} {nn:>12.2f} {nn / nb:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
