#!/usr/bin/env python3
"""The exchange formats checked by rules written from their specifications: the STIX 2.1 bundle (ids, timestamps,
required properties, deterministic SCO ids, references, relationship types, patterns), the MISP event (required
fields, attribute type/category pairs) and the HTML report (inert: no script, link, form or event handler; strict
CSP whose style hash matches; then opened in headless Chromium: the DOM keeps the structure and the screenshot shows
the styled page, which it can only do if the CSP let the inline style through).
Usage: validate_exports.py PHISHSCOPE SOURCE_DIR"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import uuid
import zlib
import base64
import hashlib
from html.parser import HTMLParser

exe, src = sys.argv[1], sys.argv[2]
cases = os.path.join(src, "tests", "cases")
SEEDS = [("ekinet-payment-2026-02-13", "2026-02-13T09:00:00+09:00"), ("pocketcard-reauth-2026-03-15", "2026-03-15T20:00:00+09:00")]
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


def run(name, now, fmt, *extra):
    eml = os.path.join(cases, name + ".eml")
    obs = os.path.join(cases, name + ".observations.json")
    out = subprocess.run([exe, "analyze", eml, "--observations", obs, "--no-store", "--now", now, "--format", fmt, *extra],
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8")


TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
SCO = {"email-addr", "email-message", "url", "domain-name", "ipv4-addr", "ipv6-addr"}
REQUIRED = {
    "identity": ["name"], "attack-pattern": ["name"], "indicator": ["pattern", "pattern_type", "valid_from"],
    "observed-data": ["first_observed", "last_observed", "number_observed", "object_refs"],
    "report": ["name", "published", "object_refs"], "relationship": ["relationship_type", "source_ref", "target_ref"],
    "marking-definition": ["created", "definition_type", "definition"],
    "email-addr": ["value"], "url": ["value"], "domain-name": ["value"], "ipv4-addr": ["value"], "ipv6-addr": ["value"],
    "email-message": ["is_multipart"],
}
ID_CONTRIB = {"email-addr": ["value"], "url": ["value"], "domain-name": ["value"], "ipv4-addr": ["value"],
              "ipv6-addr": ["value"], "email-message": ["from_ref", "subject", "body"]}
ALLOWED_REL = {("indicator", "indicates", "attack-pattern"), ("indicator", "based-on", "observed-data")}
PATTERN = re.compile(r"^\[(url:value|domain-name:value|ipv4-addr:value|ipv6-addr:value|email-message:from_ref\.value) = "
                     r"'((?:[^'\\]|\\['\\])*)'\]$")
STIX_NS = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")


def valid_uuid(s):
    try:
        u = uuid.UUID(s)
    except ValueError:
        return False
    return str(u) == s and u.variant == uuid.RFC_4122 and 1 <= u.version <= 5


def check_stix(text, name):
    b = json.loads(text)
    check(b.get("type") == "bundle" and "spec_version" not in b, f"{name}: bundle type/spec_version")
    check(b["id"].startswith("bundle--") and valid_uuid(b["id"][8:]), f"{name}: bundle id")
    objs = {o["id"]: o for o in b["objects"]}
    check(len(objs) == len(b["objects"]), f"{name}: duplicate ids")
    for o in b["objects"]:
        t = o["type"]
        check(o["id"].startswith(t + "--") and valid_uuid(o["id"][len(t) + 2:]), f"{name}: id of {o['id']}")
        for k in REQUIRED.get(t, []):
            check(k in o, f"{name}: {t} lacks {k}")
        if t not in SCO:
            check(o.get("spec_version") == "2.1", f"{name}: {t} spec_version")
            check(TS.match(o.get("created", "")) is not None, f"{name}: {t} created {o.get('created')}")
            if t != "marking-definition":
                check(TS.match(o.get("modified", "")) and o["modified"] >= o["created"], f"{name}: {t} modified")
        else:
            contrib = {k: o[k] for k in ID_CONTRIB[t] if k in o}
            canon = json.dumps(contrib, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
            check(o["id"] == f"{t}--{uuid.uuid5(STIX_NS, canon)}", f"{name}: SCO id of {t} not deterministic")
        for k, v in o.items():
            refs = v if k.endswith("_refs") else [v] if k.endswith("_ref") else []
            for r in refs:
                check(r in objs, f"{name}: {o['id']}.{k} -> {r} not in the bundle")
        for r in o.get("object_marking_refs", []):
            check(objs.get(r, {}).get("type") == "marking-definition", f"{name}: marking ref {r}")
        if t == "relationship":
            trip = (objs[o["source_ref"]]["type"], o["relationship_type"], objs[o["target_ref"]]["type"])
            check(trip in ALLOWED_REL, f"{name}: relationship {trip}")
        if t == "indicator":
            check(o["pattern_type"] == "stix" and PATTERN.match(o["pattern"]) is not None, f"{name}: pattern {o['pattern']}")
            check(TS.match(o["valid_from"]) is not None, f"{name}: valid_from")
        if t == "observed-data":
            check(1 <= o["number_observed"] <= 999999999 and o["first_observed"] <= o["last_observed"], f"{name}: observed")
            check(all(objs[r]["type"] in SCO for r in o["object_refs"]), f"{name}: observed-data refs only SCOs")
        if t == "report":
            check(len(o["object_refs"]) > 0 and TS.match(o["published"]) is not None, f"{name}: report")
    return b


MISP_PAIRS = {
    "email-src": {"Payload delivery", "Network activity", "Social network"},
    "email-src-display-name": {"Payload delivery"}, "email-subject": {"Payload delivery", "Network activity"},
    "email-message-id": {"Payload delivery"}, "ip-src": {"Network activity", "Payload delivery", "External analysis"},
    "ip-dst": {"Network activity", "Payload delivery", "External analysis"},
    "domain": {"Network activity", "Payload delivery", "External analysis"},
    "url": {"Network activity", "Payload delivery", "External analysis"},
}


def check_misp(text, name):
    e = json.loads(text)["Event"]
    check(valid_uuid(e["uuid"]) and e["info"] and re.match(r"^\d{4}-\d{2}-\d{2}$", e["date"]), f"{name}: event fields")
    check(e["threat_level_id"] in "1234" and e["analysis"] in "012" and e["distribution"] in "012345", f"{name}: levels")
    seen = set()
    for a in e["Attribute"]:
        check(a["category"] in MISP_PAIRS.get(a["type"], set()), f"{name}: {a['type']} / {a['category']}")
        check(valid_uuid(a["uuid"]) and a["uuid"] not in seen, f"{name}: attribute uuid")
        seen.add(a["uuid"])
        check(isinstance(a["to_ids"], bool) and a["value"], f"{name}: attribute to_ids/value")
    return e


class Inert(HTMLParser):
    FORBIDDEN = {"script", "a", "iframe", "object", "embed", "form", "link", "base", "input", "button", "svg", "math"}

    def __init__(self):
        super().__init__()
        self.problems, self.tags, self.style, self.csp, self.in_style = [], {}, "", None, False

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in self.FORBIDDEN:
            self.problems.append(f"<{tag}>")
        for k, v in attrs:
            if k.startswith("on") or (v or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{tag} {k}")
            if k == "src" and not (v or "").startswith("data:image/png;base64,"):
                self.problems.append(f"{tag} src {v}")
        d = dict(attrs)
        if tag == "meta" and d.get("http-equiv") == "Content-Security-Policy":
            self.csp = d.get("content")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.style += data


def check_html(text, name):
    p = Inert()
    p.feed(text)
    check(not p.problems, f"{name}: HTML not inert: {p.problems[:5]}")
    check(p.csp is not None and "default-src 'none'" in p.csp and "script-src" not in p.csp, f"{name}: CSP {p.csp}")
    digest = base64.b64encode(hashlib.sha256(p.style.encode()).digest()).decode()
    check(p.csp is not None and f"style-src 'sha256-{digest}'" in p.csp, f"{name}: the CSP's style hash is not the style's")
    check(p.tags.get("h1") == 1 and p.tags.get("h2", 0) >= 8 and p.tags.get("table", 0) >= 5, f"{name}: structure {p.tags}")
    return p


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of an 8-bit non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def chromium_check(html_text, tags, name):
    browser = shutil.which("chromium")
    if not browser:
        print(f"{name}: chromium not installed, the rendering check is skipped")
        return
    work = tempfile.mkdtemp(prefix="phishscope-html-")
    os.chmod(work, 0o777)
    page = os.path.join(work, "report.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(html_text)
    os.chmod(page, 0o644)
    shot = os.path.join(work, "shot.png")
    prefix = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    cmd = prefix + ["env", "HOME=" + work, browser, "--headless=new", "--disable-gpu", "--no-first-run",
                    "--user-data-dir=" + os.path.join(work, "profile"), "--window-size=1000,800", "--hide-scrollbars",
                    "--screenshot=" + shot, "--dump-dom", "file://" + page]
    r = subprocess.run(cmd, capture_output=True, timeout=120)
    dom = r.stdout.decode("utf-8", "replace")
    p = Inert()
    p.feed(dom)
    check(p.tags.get("h1") == tags.get("h1") and p.tags.get("table") == tags.get("table") and p.tags.get("h2") == tags.get("h2"),
          f"{name}: rendered DOM lost structure: {p.tags} vs {tags}")
    check(not p.problems, f"{name}: rendered DOM not inert: {p.problems[:5]}")
    try:
        w, h, bpp, rows = png_pixels(open(shot, "rb").read())
    except Exception as e:  # noqa: BLE001
        check(False, f"{name}: no screenshot ({e}); chromium said {r.stderr.decode()[-300:]}")
        return
    check((w, h) == (1000, 800), f"{name}: screenshot size {w}x{h}")
    dark = sum(1 for row in rows for i in range(0, w * bpp, bpp) if row[i] + row[i + 1] + row[i + 2] < 300)
    red = sum(1 for row in rows for i in range(0, w * bpp, bpp) if row[i] > 150 and row[i + 1] < 60 and row[i + 2] < 60)
    check(dark > w * h * 0.01, f"{name}: screenshot nearly blank ({dark} dark pixels)")
    # the heading rule is #b00020: only there when the inline style was allowed by the CSP
    check(red > 500, f"{name}: no styled heading in the screenshot ({red} red pixels): CSP blocked the style?")
    shutil.rmtree(work, ignore_errors=True)


for name, now in SEEDS:
    stix = run(name, now, "stix")
    check(stix == run(name, now, "stix"), f"{name}: STIX not deterministic")
    b = check_stix(stix, name)
    patterns = [o["pattern"] for o in b["objects"] if o["type"] == "indicator"]
    check(any(p.startswith("[url:value = 'https://") for p in patterns), f"{name}: no URL indicator")
    check(not any("eki-net.com" in p or "pocketcard.co.jp" in p for p in patterns), f"{name}: official site as indicator")
    check(any(o["type"] == "marking-definition" and o["name"] == "TLP:GREEN" for o in json.loads(run(name, now, "stix", "--tlp", "green"))["objects"]),
          f"{name}: --tlp green")
    e = check_misp(run(name, now, "misp"), name)
    urls = [a for a in e["Attribute"] if a["type"] == "url"]
    check(urls and all(a["to_ids"] for a in urls), f"{name}: MISP url attributes")
    check(not any("eki-net.com" in a["value"] or "pocketcard.co.jp" in a["value"] for a in e["Attribute"]), f"{name}: official site in MISP")
    for lang in ("ja", "en"):
        html = run(name, now, "html", "--lang", lang)
        p = check_html(html, f"{name} {lang}")
        check(f'<html lang="{lang}">' in html, f"{name}: lang")
        check("https://eki-net-carcini" not in html and "https://caudshowcy" not in html, f"{name}: live phishing URL in HTML")
        if lang == "ja":
            chromium_check(html, p.tags, name)

# seed 1: sender IP = site IP (a rented cloud server): an indicator
b = json.loads(run(*SEEDS[0], "stix"))
check(any(o.get("pattern") == "[ipv4-addr:value = '101.47.78.65']" for o in b["objects"]), "seed 1: sender/site IP indicator")

print(f"exports: {checks - len(failures)} passed, {len(failures)} failed")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
