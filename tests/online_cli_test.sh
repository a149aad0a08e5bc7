#!/usr/bin/env bash
# `phishscope analyze --online --probe` end to end against local fake servers (DNS, RDAP, a cloaking web site), then
# the recording replayed offline: the same report byte for byte. Also the observation cache and the SSRF guard.
# Usage: online_cli_test.sh PHISHSCOPE FAKE_SERVERS SOURCE_DIR
set -u
exe=$1
fake=$2
src=$3
tmp=$(mktemp -d)
export XDG_DATA_HOME="$tmp/xdg" XDG_CONFIG_HOME="$tmp/config"
unset PHISHSCOPE_STORE
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

printf '1.0.0.127.origin.asn.cymru.com\tTXT\t64500 | 127.0.0.0/8 | ZZ | test | 2026-01-01\n' >"$tmp/dns.tsv"
printf 'as64500.asn.cymru.com\tTXT\t64500 | ZZ | test | 2026-01-01 | TEST-AS Example Hosting, ZZ\n' >>"$tmp/dns.tsv"
printf '9.78.47.101.origin.asn.cymru.com\tTXT\t64501 | 101.47.64.0/18 | CN | apnic | 2026-01-01\n' >>"$tmp/dns.tsv"
printf 'as64501.asn.cymru.com\tTXT\t64501 | CN | apnic | 2026-01-01 | EXAMPLE-CLOUD Example Cloud Co., CN\n' >>"$tmp/dns.tsv"
mkdir -p "$tmp/rdap"
cp "$src/tests/data/rdap/example-shop.test.json" "$tmp/rdap/example-shop.test.json"

coproc FAKE { "$fake" "$tmp/dns.tsv" "$tmp/rdap"; }
read -r _ dns_port <&"${FAKE[0]}"
read -r _ http_port <&"${FAKE[0]}"
fake_pid=$FAKE_PID
cleanup() { kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT
[ -n "$http_port" ] && ok || bad "fake servers did not start"

mkdir -p "$tmp/rdap-bootstrap"
printf '{"services":[[["127.0.0.0/8"],["http://127.0.0.1:%s/rdap/"]]]}' "$http_port" >"$tmp/rdap-bootstrap/ipv4.json"
cat >"$tmp/config.json" <<JSON
{"dns_servers": "127.0.0.1:$dns_port", "rdap_servers": {"test": "http://127.0.0.1:$http_port/rdap/"}, "rdap_dir": "$tmp/rdap-bootstrap"}
JSON
cat >"$tmp/mail.eml" <<EML
Received: from mail.example-shop.test (unknown [101.47.78.9])
	by mx.example.jp (Postfix) with ESMTP id 4ABC
	for <user@example.jp>; Sun, 15 Mar 2026 19:37:52 +0900 (JST)
From: "えきねっと" <info@example-shop.test>
To: user@example.jp
Subject: =?UTF-8?B?44CQ6YeN6KaB44CR44GK5pSv5omV44GE5pa55rOV44Gu56K66KqN?=
Date: Sun, 15 Mar 2026 19:37:50 +0900
Message-ID: <online-test@example-shop.test>
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8

<p>お客様のアカウントは停止されました。24時間以内に確認してください。</p>
<p><a href="http://127.0.0.1:$http_port/login">ログイン</a></p>
<p><a href="http://169.254.169.254/latest/meta-data/">確認</a></p>
EML

run() { "$exe" analyze "$tmp/mail.eml" --no-store --now 2026-03-15T20:00:00+09:00 "$@"; }

# online, recorded
if run --online --probe --no-browser --allow-loopback --config "$tmp/config.json" --record "$tmp/rec.json" \
     --format json >"$tmp/online.json" 2>"$tmp/err"; then ok; else bad "online analysis failed: $(cat "$tmp/err")"; fi
check() {  # check NAME PYTHON_EXPRESSION_ON_j
  if /usr/bin/python3 -c "import json,sys; j=json.load(open('$tmp/online.json')); sys.exit(0 if ($2) else 1)"; then ok
  else bad "$1"; fi
}
check "sender domain registered (RDAP)" "j['sender']['domain_registered']=='2026-03-11' and j['sender']['domain_age_days']==4"
check "registrar and privacy (RDAP)" "j['sender']['registrar']=='NameSilo, LLC' and j['sender']['privacy'] is True"
check "sender AS (Team Cymru over DNS)" "j['sender']['ip']=='101.47.78.9' and any(a['asn']==64501 and a['as_org']=='EXAMPLE-CLOUD Example Cloud Co.' and a['source']=='Team Cymru IP to ASN (DNS)' for a in j['sender']['ip_sources'])"

check "cloaking seen by the probe" "[l for l in j['links'] if ':$http_port/login' in l['url']][0]['site']['cloaking_suspected'] is True"
check "profiles" "[l for l in j['links'] if ':$http_port/login' in l['url']][0]['site']['profiles']=={'desktop-ja':'timeout-page','mobile-ja':'login-page','desktop-us':'timeout-page'}"
check "link host network and abuse contact (RIR RDAP)" "[l for l in j['links'] if ':$http_port/login' in l['url']][0]['ip_network']=={'status':'ok','observation':'ip_rdap:127.0.0.1','name':'EXAMPLE-HOSTING-NET','range':'127.0.0.0 - 127.255.255.255','org':'Example Hosting Co.','country':'ZZ','abuse_email':'abuse@hosting.example'}"
check "metadata address refused by the SSRF guard" "any(o['kind']=='site' and '169.254.169.254' in o['key'] and o['status']=='error' and 'SSRF guard' in (o.get('error') or '') for o in j['observations'])"
check "reputation without a service is a failed observation with its reason" "any(o['kind']=='reputation' and o['status']=='error' and 'no reputation service configured' in (o.get('error') or '') for o in j['observations'])"

# the recording replays offline to the same report, byte for byte (JSON and Markdown)
if run --observations "$tmp/rec.json" --format json >"$tmp/replay.json" 2>"$tmp/err" && cmp -s "$tmp/online.json" "$tmp/replay.json"; then ok
else bad "replayed JSON differs: $(diff "$tmp/online.json" "$tmp/replay.json" | head -5) $(cat "$tmp/err")"; fi
run --online --probe --no-browser --allow-loopback --config "$tmp/config.json" >"$tmp/online.md" 2>/dev/null
run --observations "$tmp/rec.json" >"$tmp/replay.md" 2>/dev/null
if cmp -s "$tmp/online.md" "$tmp/replay.md" && grep -q 'mobile-ja: ログイン画面' "$tmp/online.md" \
   && grep -q '不正利用窓口への連絡も有効です: abuse@hosting.example' "$tmp/online.md"; then ok
else bad "replayed Markdown differs or lacks the profiles: $(diff "$tmp/online.md" "$tmp/replay.md" | head -5)"; fi

# the RDAP bootstrap refreshed from a server (IANA's, here a local one); the guard applies
mkdir -p "$tmp/data"
if "$exe" update-rdap-bootstrap --base-url "http://127.0.0.1:$http_port/iana/" --allow-loopback --data-dir "$tmp/data" \
     >"$tmp/out" 2>"$tmp/err" && grep -q 'dns.json 1 TLDs (published 2026-11-20T00:00:00Z), ipv4.json 1 prefixes' "$tmp/out" \
     && [ -s "$tmp/data/rdap/dns.json" ] && [ -s "$tmp/data/rdap/asn.json" ]; then ok
else bad "update-rdap-bootstrap: $(cat "$tmp/out" "$tmp/err")"; fi
"$exe" update-rdap-bootstrap --base-url "http://127.0.0.1:$http_port/iana/" --data-dir "$tmp/data" >/dev/null 2>"$tmp/err"; rc=$?
if [ "$rc" -eq 3 ] && grep -q 'SSRF guard' "$tmp/err"; then ok; else bad "update-rdap-bootstrap to loopback: exit $rc"; fi

# the cache answers when the servers are gone
kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null
if run --online --probe --no-browser --allow-loopback --config "$tmp/config.json" --format json >"$tmp/cached.json" 2>/dev/null \
   && cmp -s "$tmp/online.json" "$tmp/cached.json"; then ok
else bad "cached run differs: $(diff "$tmp/online.json" "$tmp/cached.json" | head -5)"; fi
# without the cache, the failures are in the report with their reason
run --online --probe --no-browser --allow-loopback --config "$tmp/config.json" --no-cache --format json >"$tmp/nocache.json" 2>/dev/null
if /usr/bin/python3 -c "
import json,sys; j=json.load(open('$tmp/nocache.json'))
errs=[o for o in j['observations'] if o['status']=='error']
sys.exit(0 if any(o['kind']=='rdap' for o in errs) and any(o['kind']=='site' for o in errs) and all(o.get('error') for o in errs) else 1)"; then ok
else bad "failed lookups are not shown as failed with a reason"; fi

# loopback stays refused unless allowed
run --online --probe --no-browser --no-cache --config "$tmp/config.json" --format json >"$tmp/strict.json" 2>/dev/null
if grep -q '127.0.0.1 is a loopback address' "$tmp/strict.json"; then ok; else bad "loopback probe not refused"; fi

# options that need --online, and --online with a replay
"$exe" analyze "$tmp/mail.eml" --no-store --probe >/dev/null 2>"$tmp/err"; rc=$?
if [ "$rc" -eq 2 ] && grep -q 'need --online' "$tmp/err"; then ok; else bad "--probe without --online: exit $rc"; fi
"$exe" analyze "$tmp/mail.eml" --no-store --online --observations "$tmp/rec.json" >/dev/null 2>"$tmp/err"; rc=$?
if [ "$rc" -eq 2 ]; then ok; else bad "--online with --observations: exit $rc"; fi

echo "online cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
