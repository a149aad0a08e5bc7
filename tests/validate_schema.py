#!/usr/bin/python3
"""Validates phishscope's JSON reports against docs/report-schema.json (JSON Schema 2020-12, python3-jsonschema).

Usage: validate_schema.py PHISHSCOPE SOURCE_DIR
Runs `phishscope analyze --format json` on every case in tests/cases (with and without observations, ja and en)
and on examples/, validates each report, and checks that the validator rejects a broken report.
"""
import copy
import json
import pathlib
import subprocess
import sys

import jsonschema


def main() -> int:
    exe, src = sys.argv[1], pathlib.Path(sys.argv[2])
    schema = json.loads((src / "docs/report-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    checked = 0
    reports = []
    for eml in sorted((src / "tests/cases").glob("*.eml")) + sorted((src / "examples").glob("*.eml")):
        obs = eml.with_suffix(".observations.json")
        for lang in ("ja", "en"):
            for with_obs in (True, False):
                cmd = [exe, "analyze", str(eml), "--format", "json", "--lang", lang, "--now", "2026-03-16T00:00:00Z"]
                if with_obs and obs.exists():
                    cmd += ["--observations", str(obs)]
                out = subprocess.run(cmd, capture_output=True, check=False)
                if out.returncode != 0:
                    print(f"FAIL {' '.join(cmd)}: exit {out.returncode}: {out.stderr.decode()}")
                    failures += 1
                    continue
                doc = json.loads(out.stdout)
                errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
                checked += 1
                for e in errors:
                    print(f"FAIL {eml.name} lang={lang} obs={with_obs}: {'/'.join(map(str, e.path))}: {e.message}")
                failures += len(errors)
                reports.append(doc)
    # Every mail of the parse corpus and the message fuzz corpus, through the whole pipeline, as JSON Lines.
    for directory in (src / "tests/corpus", src / "fuzz/corpus/message"):
        out = subprocess.run([exe, "analyze", str(directory), "--format", "json"], capture_output=True, check=False)
        if out.returncode not in (0, 2):  # 2: some inputs are not mail, named on stderr
            print(f"FAIL {directory}: exit {out.returncode}: {out.stderr.decode()[-500:]}")
            failures += 1
            continue
        for line in out.stdout.decode("utf-8").splitlines():
            doc = json.loads(line)
            checked += 1
            for e in validator.iter_errors(doc):
                print(f"FAIL {doc['message']['source']}: {'/'.join(map(str, e.path))}: {e.message}")
                failures += 1
    # The validator must be able to fail: a report without a verdict, or with an invented level, is rejected.
    broken = copy.deepcopy(reports[0])
    del broken["verdict"]
    if validator.is_valid(broken):
        print("FAIL schema accepts a report without verdict")
        failures += 1
    broken = copy.deepcopy(reports[0])
    broken["verdict"]["level"] = "probably-fine"
    if validator.is_valid(broken):
        print("FAIL schema accepts an unknown verdict level")
        failures += 1
    print(f"{checked} reports validated")
    print(f"{checked - min(failures, checked)} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
