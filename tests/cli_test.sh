#!/usr/bin/env bash
# The command line as a user meets it: exit codes, one-line errors naming the file and the problem, stdin, -o.
# Usage: cli_test.sh PHISHSCOPE SOURCE_DIR
set -u
exe=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the default case store lives in the user's data directory: here, a temporary one
export XDG_DATA_HOME="$tmp/xdg"
unset PHISHSCOPE_STORE
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# expect_error NAME EXPECTED_EXIT REGEX -- ARGS...
expect_error() {
  local name=$1 code=$2 regex=$3
  shift 4
  "$exe" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local rc=$?
  local lines
  lines=$(wc -l <"$tmp/err")
  if [ "$rc" -ne "$code" ]; then bad "$name: exit $rc, expected $code ($(cat "$tmp/err"))"; return; fi
  if ! grep -Eq "$regex" "$tmp/err"; then bad "$name: stderr '$(cat "$tmp/err")' does not match /$regex/"; return; fi
  if [ "$lines" -ne 1 ]; then bad "$name: expected a one-line error, got $lines lines"; return; fi
  if [ -s "$tmp/out" ]; then bad "$name: wrote to stdout on error"; return; fi
  ok
}

case_eml=$src/tests/cases/ekinet-payment-2026-02-13.eml
case_obs=$src/tests/cases/ekinet-payment-2026-02-13.observations.json

: >"$tmp/empty.eml"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$tmp/binary.eml"
echo "just some words, no headers" >"$tmp/prose.eml"
echo '{not json' >"$tmp/bad.json"

expect_error missing-file 2 "error: /nonexistent/x.eml: cannot open: No such file or directory" -- analyze /nonexistent/x.eml
expect_error empty-file 2 "error: $tmp/empty.eml: empty file" -- analyze "$tmp/empty.eml"
expect_error binary-file 2 "error: $tmp/binary.eml: binary data \(NUL byte at offset 8\)" -- analyze "$tmp/binary.eml"
expect_error not-a-mail 2 "error: $tmp/prose.eml: no header field at byte offset 4" -- analyze "$tmp/prose.eml"
mkdir -p "$tmp/emptydir"
expect_error empty-directory 2 "error: $tmp/emptydir: no messages found" -- analyze "$tmp/emptydir"
expect_error bad-observations 2 "error: $tmp/bad.json: not valid JSON" -- analyze "$case_eml" --observations "$tmp/bad.json"
expect_error missing-observations 2 "error: /nonexistent.json: cannot open observations file" -- analyze "$case_eml" --observations /nonexistent.json
expect_error bad-now 2 "error: --now: not an ISO 8601 time" -- analyze "$case_eml" --now yesterday
expect_error too-big 2 "larger than the limit of 100 bytes" -- analyze "$case_eml" --max-message-bytes 100
expect_error bad-data-dir 3 "error: /nonexistent-data/brands.json: cannot open brand catalog" -- analyze "$case_eml" --data-dir /nonexistent-data

expect_error bad-internal-net 2 "error: --internal-net: not an address or CIDR block: '10.0.0.0/99'" -- analyze "$case_eml" --internal-net 10.0.0.0/99

# declaring the sender's network internal moves the trust boundary: no outside hop is left
"$exe" analyze "$case_eml" --format json --internal-net 101.47.78.0/24 >"$tmp/internal.json" 2>"$tmp/err" || bad "--internal-net: $(cat "$tmp/err")"
/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['sender']['ip'] is None and d['message']['received'][1]['internal_reason']=='internal_network' else 1)" "$tmp/internal.json" && ok || bad "--internal-net did not move the boundary"

# a directory of .eml files gives JSON Lines, one object per message; an unreadable one is named and skipped
mkdir -p "$tmp/dir"
cp "$src/tests/cases/"*.eml "$tmp/dir/"
: >"$tmp/dir/zz-empty.eml"
"$exe" analyze "$tmp/dir" --format json >"$tmp/dir.jsonl" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && ok || bad "directory with a broken file: exit $rc, expected 2"
grep -q "zz-empty.eml: empty file" "$tmp/err" && ok || bad "directory: broken file not named: $(cat "$tmp/err")"
grep -q "2 analysed, 1 could not be read" "$tmp/err" && ok || bad "directory: no summary: $(cat "$tmp/err")"
/usr/bin/python3 -c "
import json,sys
lines=open(sys.argv[1]).read().splitlines()
docs=[json.loads(l) for l in lines]
sys.exit(0 if len(docs)==2 and all(d['verdict']['level']=='phishing' for d in docs) else 1)" "$tmp/dir.jsonl" && ok || bad "directory: expected 2 JSON lines"

# an mbox of the two cases, one of them with a mboxrd-quoted line
{
  echo "From a@example Sun Mar 15 12:00:00 2026"; tr -d '\r' <"$src/tests/cases/ekinet-payment-2026-02-13.eml"; echo
  echo "From b@example Sun Mar 15 12:00:00 2026"; tr -d '\r' <"$src/tests/cases/pocketcard-reauth-2026-03-15.eml"; echo
} >"$tmp/box.mbox"
"$exe" analyze "$tmp/box.mbox" --format json -o "$tmp/box.jsonl" 2>"$tmp/err" || bad "mbox: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/box.jsonl")" -eq 2 ] && ok || bad "mbox: expected 2 reports"
grep -q '"source":"'"$tmp"'/box.mbox#2"' "$tmp/box.jsonl" && ok || bad "mbox: second message not named FILE#2"

# stdin and a file give the same report
"$exe" analyze "$case_eml" --observations "$case_obs" --now 2026-03-16T00:00:00Z >"$tmp/file.md" 2>"$tmp/err" || bad "analyze file: $(cat "$tmp/err")"
"$exe" analyze - --observations "$case_obs" --now 2026-03-16T00:00:00Z <"$case_eml" >"$tmp/stdin.md" 2>"$tmp/err" || bad "analyze stdin: $(cat "$tmp/err")"
if sed 's/ekinet-payment-2026-02-13.eml/-/' "$tmp/file.md" | cmp -s - "$tmp/stdin.md"; then ok; else
  if cmp -s "$tmp/file.md" "$tmp/stdin.md"; then ok; else bad "stdin report differs from file report"; fi
fi
grep -q "101.47.78.65" "$tmp/file.md" && ok || bad "report lacks the sender IP"

# -o writes the file, nothing on stdout; JSON is valid and has the verdict
"$exe" analyze "$case_eml" --observations "$case_obs" --format json -o "$tmp/r.json" >"$tmp/out" 2>"$tmp/err" || bad "-o: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && bad "-o also wrote to stdout" || ok
/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['verdict']['level']=='phishing' else 1)" "$tmp/r.json" && ok || bad "-o JSON not phishing"
[ -e "$tmp/r.json.tmp" ] && bad "temporary output left behind" || ok

# PHISHSCOPE_NOW fixes the clock like --now
PHISHSCOPE_NOW=2026-01-02T03:04:05Z "$exe" analyze "$case_eml" --format json | grep -q '"analyzed_at": "2026-01-02T03:04:05Z"' && ok || bad "PHISHSCOPE_NOW ignored"

# --store keeps one case per message, updated on re-analysis
"$exe" analyze "$case_eml" --store "$tmp/cases.sqlite" >/dev/null && "$exe" analyze "$case_eml" --store "$tmp/cases.sqlite" >/dev/null || bad "--store failed"
n=$(sqlite3 "$tmp/cases.sqlite" "select count(*) || ':' || max(times_analyzed) from cases" 2>/dev/null || echo "sqlite3 missing")
[ "$n" = "1:2" ] && ok || bad "--store: expected one case analysed twice, got $n"

# without --store the analysis goes to the default store in the data directory; --no-store saves nothing
"$exe" analyze "$case_eml" >/dev/null || bad "analyze with the default store failed"
[ -f "$XDG_DATA_HOME/phishscope/cases.sqlite" ] && ok || bad "default store not created under XDG_DATA_HOME"
XDG_DATA_HOME="$tmp/xdg2" "$exe" analyze "$case_eml" --no-store >/dev/null || bad "--no-store failed"
[ -e "$tmp/xdg2/phishscope/cases.sqlite" ] && bad "--no-store wrote a store" || ok

# batch: a mailbox in parallel, killed with SIGKILL mid-run, resumed: every message once in the store and the output
/usr/bin/python3 - "$src/tests/eval" "$tmp/big.mbox" <<'PY'
import os, sys
names = sorted(f for f in os.listdir(sys.argv[1]) if f.endswith(".eml"))
with open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape") as out:
    for rep in range(25):  # 2,000 messages: 80 distinct mails, each with 25 different Message-IDs
        for n in names:
            text = open(os.path.join(sys.argv[1], n), encoding="utf-8", errors="surrogateescape").read()
            text = "X-Batch-Copy: %d\n" % rep + text
            lines = [(">" + l if l.startswith("From ") else l) for l in text.split("\n")]
            out.write("From sender@example.org Mon Nov 23 00:00:00 2026\n" + "\n".join(lines) + "\n\n")
PY
"$exe" batch "$tmp/big.mbox" --store "$tmp/batch.sqlite" --jsonl "$tmp/batch.jsonl" -j 2 --no-progress >"$tmp/batch1.out" 2>&1 &
bpid=$!
for _ in $(seq 1 100); do
  [ -s "$tmp/batch.jsonl" ] && [ "$(wc -l <"$tmp/batch.jsonl")" -ge 300 ] && break
  sleep 0.1
done
kill -9 "$bpid" 2>/dev/null
wait "$bpid" 2>/dev/null
before=$(wc -l <"$tmp/batch.jsonl")
[ "$before" -lt 2000 ] && ok || bad "batch finished before it could be killed ($before lines)"
"$exe" batch "$tmp/big.mbox" --store "$tmp/batch.sqlite" --jsonl "$tmp/batch.jsonl" -j 2 --no-progress >"$tmp/batch2.out" 2>&1 || bad "resumed batch failed: $(cat "$tmp/batch2.out")"
/usr/bin/python3 - "$tmp/batch.jsonl" "$tmp/big.mbox" <<'PY' && ok || bad "batch output after kill and resume is not every message exactly once"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "output does not end with a complete line"
sources = [json.loads(l)["message"]["source"] for l in lines[:-1]]
expected = ["%s#%d" % (sys.argv[2], i) for i in range(1, 2001)]
assert sources == expected, "lines %d, first difference at %s" % (len(sources), next((i for i, (a, b) in enumerate(zip(sources, expected)) if a != b), None))
PY
n=$(sqlite3 "$tmp/batch.sqlite" "select (select count(*) from cases) || ':' || (select count(*) from batch_items)")
[ "$n" = "2000:2000" ] && ok || bad "batch store after resume: cases:items = $n, expected 2000:2000"
grep -q "done by an earlier run" "$tmp/batch2.out" && grep -Eq "^verdicts: phishing [0-9]+" "$tmp/batch2.out" && ok || bad "batch summary: $(cat "$tmp/batch2.out")"
"$exe" batch "$tmp/big.mbox" --store "$tmp/batch.sqlite" --jsonl "$tmp/batch.jsonl" --no-progress >"$tmp/batch3.out" 2>&1
grep -q " 0 analysed, 2000 done by an earlier run" "$tmp/batch3.out" && ok || bad "finished batch run again: $(head -1 "$tmp/batch3.out")"
expect_error batch-missing 2 "error: $tmp/none.mbox: cannot open" -- batch "$tmp/none.mbox" --store "$tmp/batch.sqlite" --no-progress

# trends from the batch's store; the report's recent trends and related cases come from the store too
"$exe" trends --store "$tmp/batch.sqlite" --since 2026-01-01 --until 2027-01-01 >"$tmp/trends.txt" 2>&1 || bad "trends failed: $(cat "$tmp/trends.txt")"
grep -Eq "^cases received 2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z: 2000 \(phishing [0-9]+" "$tmp/trends.txt" && grep -q "week by week" "$tmp/trends.txt" && ok || bad "trends: $(head -3 "$tmp/trends.txt")"
"$exe" trends --store "$tmp/batch.sqlite" --since 2026-01-01 --until 2027-01-01 --format json | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d['window']['cases']==2000 and len(d['weeks'])==12 else 1)" && ok || bad "trends --format json"
# show: a stored report by its case id prefix
sha=$(sqlite3 "$tmp/batch.sqlite" "select sha256 from cases limit 1")
"$exe" show "${sha:0:12}" --store "$tmp/batch.sqlite" | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d['message']['sha256']=='$sha' else 1)" && ok || bad "show: not the stored report of $sha"
expect_error show-unknown 2 "error: $tmp/batch.sqlite: no case 0000000000" -- show 0000000000 --store "$tmp/batch.sqlite"
expect_error trends-no-store 2 "error: $tmp/typo.sqlite: no case store here" -- trends --store "$tmp/typo.sqlite"
[ -e "$tmp/typo.sqlite" ] && bad "trends created a store" || ok
expect_error trends-bad-date 2 "error: --since: not an ISO 8601" -- trends --store "$tmp/batch.sqlite" --since yesterday
f=$src/tests/eval/phish-paypal-homoglyph.eml
"$exe" analyze "$f" --store "$tmp/batch.sqlite" --format json >"$tmp/hist.json" || bad "analyze with history failed"
/usr/bin/python3 - "$tmp/hist.json" <<'PY' && ok || bad "analyze: no history from the store"
import json, sys
h = json.load(open(sys.argv[1]))["history"]
assert h["trends"]["cases"] > 0 and h["brand"]["brand"] == "paypal" and h["brand"]["cases"] >= 25
assert any("template:0" in r["shared"] for r in h["related"]), h["related"]
c = h["campaign"]  # its 25 copies in the batch share its template: one campaign, the mail itself counted
assert c and c["id"].startswith("CMP-") and c["cases"] >= 26 and c["brands"][0]["key"] == "paypal", c
PY
"$exe" campaigns --store "$tmp/batch.sqlite" --since 2000-01-01 --until 2030-01-01 --format json >"$tmp/camp.json" 2>&1 || bad "campaigns failed: $(head -3 "$tmp/camp.json")"
/usr/bin/python3 - "$tmp/camp.json" <<'PY' && ok || bad "campaigns: unexpected listing"
import json, sys
d = json.load(open(sys.argv[1]))
cs = d["campaigns"]
assert cs and all(c["cases"] >= 2 for c in cs) and cs == sorted(cs, key=lambda c: -c["cases"])
assert any(c["brands"] and c["brands"][0]["key"] == "paypal" for c in cs)
ids = [c["id"] for c in cs]
assert len(ids) == len(set(ids))
members = [m for c in cs for m in c["members"]]
assert len(members) == len(set(members)), "a case in two campaigns"
PY
"$exe" campaigns --store "$tmp/batch.sqlite" --since 2000-01-01 --until 2030-01-01 >"$tmp/camp.txt" 2>&1
grep -Eq "^campaigns among phishing and suspicious cases received .*: [1-9]" "$tmp/camp.txt" && grep -q "^CMP-" "$tmp/camp.txt" && ok || bad "campaigns text: $(head -3 "$tmp/camp.txt")"
expect_error campaigns-no-store 2 "error: $tmp/typo.sqlite: no case store here" -- campaigns --store "$tmp/typo.sqlite"
"$exe" analyze "$f" --store "$tmp/batch.sqlite" --no-history --format json | grep -q '"history": null' && ok || bad "--no-history still compared"

# a local block list (JPCERT/CC-style CSV, defanged) lists the seed's phishing host: LINK_BLOCKLISTED, cited as a
# blocklist observation; a recording replays it without the list
printf 'date,URL,description\n2026/02/13,hxxps://eki-net-carcini[.]ddnxw[.]cn/Perosnal_member/,eki-net\n' >"$tmp/list.csv"
"$exe" analyze "$case_eml" --no-store --observations "$case_obs" --blocklist "$tmp/list.csv" --format json --now 2026-11-01T00:00:00Z --record "$tmp/bl.obs.json" >"$tmp/bl.json" || bad "--blocklist failed"
/usr/bin/python3 - "$tmp/bl.json" <<'PY' && ok || bad "--blocklist: link not reported as listed"
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["id"] == "LINK_BLOCKLISTED"]
assert f and any(e.get("observation", "").startswith("blocklist:") for e in f[0]["evidence"]), f
assert any(o["kind"] == "blocklist" and o["status"] == "ok" for o in d["observations"])
PY
"$exe" analyze "$case_eml" --no-store --observations "$tmp/bl.obs.json" --format json --now 2026-11-01T00:00:00Z >"$tmp/bl2.json" || bad "replay of a block-list run failed"
/usr/bin/python3 - "$tmp/bl.json" "$tmp/bl2.json" <<'PY' && ok || bad "replayed block-list run differs in its findings or block-list observations"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["findings"] == b["findings"]
bl = lambda d: [o for o in d["observations"] if o["kind"] == "blocklist"]
assert bl(a) == bl(b) and bl(a), (bl(a), bl(b))
PY
expect_error blocklist-missing 2 "error: $tmp/none.csv: cannot open block list" -- analyze "$case_eml" --no-store --blocklist "$tmp/none.csv"

# url: one link, defanged input accepted, brand and technique named
"$exe" url 'hxxps://eki-net-carcini[.]ddnxw[.]cn/Perosnal_member/' --format json >"$tmp/url.json" 2>"$tmp/err" || bad "url: $(cat "$tmp/err")"
/usr/bin/python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
ok=d['registrable_domain']=='ddnxw.cn' and d['brand']['official_domain']=='eki-net.com' and 'BRAND_IN_SUBDOMAIN' in d['techniques'] and d['defanged'].startswith('hxxps://')
sys.exit(0 if ok else 1)" "$tmp/url.json" && ok || bad "url: wrong analysis: $(cat "$tmp/url.json")"
"$exe" url 'https://www.eki-net.com/' | grep -q "official:   yes" && ok || bad "url: official domain not recognised"
expect_error url-not-a-url 2 "error: not a URL: 'nothing here'" -- url 'nothing here'

# --record writes every observation; replaying the recording gives the same report, byte for byte
# (a copy of the IP data fixture: the run writes its index, asn.idx, beside the CSV files)
pc=$src/tests/cases/pocketcard-reauth-2026-03-15
cp -r "$src/tests/data/ipdb-fixture" "$tmp/ipdb"
"$exe" analyze "$pc.eml" --observations "$pc.observations.json" --ipdb "$tmp/ipdb" --record "$tmp/rec.json" \
  --now 2026-11-01T00:00:00Z --format json >"$tmp/rec1.json" 2>"$tmp/err" || bad "--record: $(cat "$tmp/err")"
"$exe" analyze "$pc.eml" --observations "$tmp/rec.json" --no-ipdb --now 2026-11-01T00:00:00Z --format json >"$tmp/rec2.json" 2>"$tmp/err" || bad "replay of a recording: $(cat "$tmp/err")"
cmp -s "$tmp/rec1.json" "$tmp/rec2.json" && ok || bad "replay of a recording differs from the recorded run"
grep -q '"ip_sources_disagree": true' "$tmp/rec1.json" && ok || bad "recorded China Mobile vs offline Byteplus not reported as disagreeing"
[ -s "$tmp/ipdb/asn.idx" ] && ok || bad "--ipdb: no index (asn.idx) written beside the CSV files"
"$exe" analyze "$pc.eml" --observations "$pc.observations.json" --ipdb "$tmp/ipdb" --now 2026-11-01T00:00:00Z \
  --format json >"$tmp/rec3.json" 2>"$tmp/err" || bad "--ipdb with its index: $(cat "$tmp/err")"
cmp -s "$tmp/rec1.json" "$tmp/rec3.json" && ok || bad "report from the IP data index differs from the one from the CSV files"
expect_error ipdb-missing 2 "error: /nonexistent-ipdb: no offline IP data" -- analyze "$case_eml" --ipdb /nonexistent-ipdb

# eval: figures over a labelled set, the last line "N passed, N failed", exit 1 when a check failed
mkdir -p "$tmp/evalset"
cp "$src/tests/eval/legit-eki-net-reservation.eml" "$src/tests/eval/legit-eki-net-reservation.truth.json" "$tmp/evalset/"
"$exe" eval "$tmp/evalset" >"$tmp/eval.out" 2>"$tmp/err" && ok || bad "eval on a passing set: exit $? ($(cat "$tmp/err"))"
tail -1 "$tmp/eval.out" | grep -Eq '^[0-9]+ passed, 0 failed$' && ok || bad "eval: last line '$(tail -1 "$tmp/eval.out")'"
grep -q "verdict confusion matrix" "$tmp/eval.out" && ok || bad "eval: no confusion matrix"
sed 's/"legitimate"/"phishing"/' "$src/tests/eval/legit-eki-net-reservation.truth.json" >"$tmp/evalset/legit-eki-net-reservation.truth.json"
"$exe" eval "$tmp/evalset" >"$tmp/eval.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && ok || bad "eval with a wrong label: exit $rc, expected 1"
tail -1 "$tmp/eval.out" | grep -Eq '^[0-9]+ passed, 1 failed$' && ok || bad "eval: last line '$(tail -1 "$tmp/eval.out")'"
grep -q "FAIL legit-eki-net-reservation: verdict: expected 'phishing', got 'clean'" "$tmp/eval.out" && ok || bad "eval: failure not listed"
expect_error eval-empty 2 "error: $tmp/emptydir: no NAME.eml with a NAME.truth.json" -- eval "$tmp/emptydir"

# an Outlook .msg (a user's report with the phish as an embedded message): read, and the wrapped message is the case
make_msg="$(dirname "$exe")/tests/ps_make_msg"
if [ -x "$make_msg" ]; then
  "$make_msg" "$tmp/report.msg"
  "$exe" analyze "$tmp/report.msg" --no-store --format json >"$tmp/msg.json" 2>"$tmp/err" || bad ".msg: $(cat "$tmp/err")"
  /usr/bin/python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
ok = d['analysed']['message']=='inner' and d['sender']['ip']=='203.0.113.45' and d['wrapper']['from']['address']=='reporter@example.jp' \
  and d['message']['subject']=='お支払い情報のご確認' and any('ddnxw.cn' in l['url'] for l in d['links'])
sys.exit(0 if ok else 1)" "$tmp/msg.json" && ok || bad ".msg: wrong case read"
  "$exe" analyze "$tmp/report.msg" --no-store --format json --inner outer >"$tmp/outer.json" 2>"$tmp/err" || bad "--inner outer: $(cat "$tmp/err")"
  /usr/bin/python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
sys.exit(0 if d['analysed']['message']=='outer' and d['message']['source_format']=='msg' and d['wrapper'] is None else 1)" "$tmp/outer.json" && ok || bad "--inner outer: not the wrapper"
  "$exe" analyze "$tmp/report.msg" --no-store --inner x >/dev/null 2>&1 && bad "--inner x accepted" || ok
  printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 broken' >"$tmp/broken.msg"
  expect_error broken-msg 2 "error: $tmp/broken.msg: Outlook .msg: damaged OLE compound file" -- analyze "$tmp/broken.msg" --no-store
else
  bad "ps_make_msg not built next to the tests"
fi

# a subcommand is required; an unknown option is refused
"$exe" >/dev/null 2>&1 && bad "no subcommand accepted" || ok
"$exe" analyze "$case_eml" --format pdf >/dev/null 2>&1 && bad "--format pdf accepted" || ok

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
