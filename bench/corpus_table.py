#!/usr/bin/env python3
"""Runs `phishscope eval` over every set of a corpora folder (default ../shared/corpora) and prints one table.

    bench/corpus_table.py [--phishscope build/phishscope] [--corpora ../shared/corpora] [-j 2] [--list 0]
                          [--markdown] [--json OUT.json]

Each set is a folder with truth.jsonl (mail) or CSV phishing URL lists (jpcert-urls). The figures: messages, how
many failed to analyse, sender IP equal to the truth's (where the truth has one), verdicts, the share of the set's
kind that is not called clean / called phishing, the most frequent brands, decode problems (U+FFFD, mojibake
heuristics), raw control bytes in the Markdown and HTML reports, and time per mail. For URL lists: brand recall and
precision from the URL alone. Prints nothing but a message and exits 0 when the corpora folder is absent.
"""
import argparse
import json
import os
import subprocess
import sys


def run_eval(exe, path, workers, list_n):
    cmd = [exe, "eval", path, "--format", "json", "-j", str(workers), "--list", str(list_n)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def pct(a, b):
    return f"{100.0 * a / b:.1f}%" if b else "-"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phishscope", default=os.path.join(here, "..", "build", "phishscope"))
    ap.add_argument("--corpora", default=os.path.join(here, "..", "..", "shared", "corpora"))
    ap.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--list", type=int, default=0, help="disagreeing files listed per set (in the JSON)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--json", help="also write every set's figures to this file")
    ap.add_argument("sets", nargs="*", help="set names (default: every folder of the corpora)")
    a = ap.parse_args()
    if not os.path.isdir(a.corpora):
        print(f"corpus table: {a.corpora} is absent; nothing to measure")
        return 0
    sets = a.sets or sorted(d for d in os.listdir(a.corpora) if os.path.isdir(os.path.join(a.corpora, d)))
    mail_rows, url_rows, everything = [], [], {}
    for s in sets:
        path = os.path.join(a.corpora, s)
        j = run_eval(a.phishscope, path, a.workers, a.list)
        everything[s] = j
        if "urls" in j:
            url_rows.append(j)
        else:
            mail_rows.append(j)

    head = ["set", "mails", "failed", "sender IP", "phishing", "suspicious", "spam", "clean", "not clean",
            "top brands", "U+FFFD", "mojibake", "raw md/html", "ms/mail"]
    rows = []
    for j in mail_rows:
        n = j["mails"] - j["failed"]
        v = j["verdicts"]
        ip = j["sender_ip"]
        brands = ", ".join(f'{b["brand"]} {b["mails"]}' for b in j["brands"][:4])
        rows.append([
            j["set"], str(j["mails"]), str(j["failed"]),
            (f'{ip["equal"]}/{ip["truth"]} {pct(ip["equal"], ip["truth"])}' +
             (f' (+{ip["truth_is_a_relay"]} relay)' if ip.get("truth_is_a_relay") else "")) if ip["truth"] else "-",
            pct(v["phishing"], n), pct(v["suspicious"], n), pct(v["spam"], n), pct(v["clean"], n),
            pct(n - v["clean"], n), brands,
            str(j["decode"]["replacement_char_mails"]), str(j["decode"]["mojibake_mails"]),
            f'{j["raw_bytes"]["md_mails"]}/{j["raw_bytes"]["html_mails"]}',
            f'{j["ms_per_mail"]:.2f}',
        ])
    print_table(head, rows, a.markdown)
    if url_rows:
        print()
        head = ["set", "URLs", "labels in catalog", "brand named", "right", "recall", "precision", "ms/URL"]
        rows = [[j["set"], str(j["urls"]), str(j["labels_in_catalog"]), str(j["named"]), str(j["correct"]),
                 pct(j["correct"], j["urls"]), pct(j["correct"], j["named"]), f'{j["ms_per_url"]:.3f}']
                for j in url_rows]
        print_table(head, rows, a.markdown)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(everything, f, indent=2, ensure_ascii=False)
    return 0


def print_table(head, rows, markdown):
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    widths = [max(len(head[i]), *(len(r[i]) for r in rows)) if rows else len(head[i]) for i in range(len(head))]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


if __name__ == "__main__":
    sys.exit(main())
