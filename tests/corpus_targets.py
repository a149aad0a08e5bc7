#!/usr/bin/env python3
"""The accuracy targets measured on the real development corpora (../shared/corpora), as a test.

    corpus_targets.py PHISHSCOPE SOURCE_DIR

Runs bench/corpus_table.py over every set and checks what the project has reached and must keep: the sender IP
equal to the provider's own stamp on phish-en and to the list server's receiving hop on phish-ja and ham-lists,
no mail of any set failing to analyse, no raw control byte in a Markdown or HTML report. Exits 77 (skipped) with a
message when the corpora are absent: the product's own tests do not need them.
"""
import json
import os
import subprocess
import sys
import tempfile

exe, src = sys.argv[1], sys.argv[2]
corpora = os.path.join(src, "..", "shared", "corpora")
if not os.path.isdir(corpora):
    print(f"SKIPPED: {os.path.normpath(corpora)} is absent (the real development corpora); nothing to measure")
    sys.exit(77)

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "table.json")
    subprocess.run([sys.executable, os.path.join(src, "bench", "corpus_table.py"), "--phishscope", exe,
                    "--corpora", corpora, "--json", out], check=True)
    sets = json.load(open(out))

failures = []


def need(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def share(ip):
    return ip["equal"] / ip["truth"] if ip["truth"] else 0.0


for name, j in sorted(sets.items()):
    if "urls" in j:
        continue
    need(j["failed"] == 0, f"{name}: every mail analysed ({j['failed']} failed)")
    need(j["raw_bytes"]["md_mails"] == 0 and j["raw_bytes"]["html_mails"] == 0,
         f"{name}: no raw control bytes in md/html ({j['raw_bytes']['md_mails']}/{j['raw_bytes']['html_mails']} mails)")
targets = {"phish-en": 0.99, "phish-ja": 0.98, "ham-lists": 0.98}
for name, t in targets.items():
    if name in sets:
        ip = sets[name]["sender_ip"]
        need(share(ip) >= t, f"{name}: sender IP equal to the truth in {share(ip):.1%} (target {t:.0%})")
sys.exit(1 if failures else 0)
