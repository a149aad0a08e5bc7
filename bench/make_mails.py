#!/usr/bin/python3
"""Writes N mails for the benchmark into DIR (as .eml files) or into one mbox (DIR ending in .mbox): the seed cases
and the parse corpus, cycled, each with its own Message-ID and subject number.

usage: make_mails.py DIR|FILE.mbox N
"""
import pathlib
import sys

src = pathlib.Path(__file__).resolve().parent.parent / "tests"
samples = [p.read_bytes() for p in sorted((src / "cases").glob("*.eml")) + sorted((src / "corpus").glob("*.eml"))]
out, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
mbox = out.suffix == ".mbox"
if mbox:
    f = open(out, "wb")
else:
    out.mkdir(parents=True, exist_ok=True)
for i in range(n):
    m = samples[i % len(samples)].replace(b"Message-ID: <", b"Message-ID: <bench%d." % i, 1)
    if mbox:
        f.write(b"From bench@example Sun Mar 15 12:00:00 2026\n" + m.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ") + b"\n")
    else:
        (out / ("%06d.eml" % i)).write_bytes(m)
if mbox:
    f.close()
