#!/usr/bin/env bash
# Fetches the IANA RDAP bootstrap registry for domains (RFC 9224, https://data.iana.org/rdap/dns.json: which RDAP
# server answers for each TLD) that `phishscope analyze --online` uses. IANA's file is not on npm by itself; the
# freewhois package (MIT) ships a copy of its "services" (1,175 TLDs in 605 entries, package of 2026-05-24), pinned here and checked
# by npm against the registry's integrity hash. Online, `phishscope update-rdap-bootstrap` replaces it with IANA's
# current file. Nothing here is committed.
#   scripts/fetch-rdap-bootstrap.sh [DIR]     (default: data/rdap)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-data/rdap}
VERSION=1.2.6
if [ -f "$DIR/dns.json" ] && [ -f "$DIR/VERSION" ] && [ "$(cat "$DIR/VERSION")" = "freewhois-$VERSION" ]; then
  echo "== RDAP bootstrap (freewhois-$VERSION) already in $DIR"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "== npm not found: RDAP bootstrap not fetched (online RDAP lookups will say so)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "freewhois@$VERSION" >/dev/null)
tar -xzf "$tmp/freewhois-$VERSION.tgz" -C "$tmp"
mkdir -p "$DIR"
# wrapped in IANA's format, so that the refreshed file from data.iana.org has the same shape
python3 - "$tmp/package/tlds.json" "$DIR/dns.json.tmp" "$VERSION" <<'PY'
import json, sys
services = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(services, list) and len(services) > 500, "unexpected tlds.json"
json.dump({"description": "RDAP bootstrap file for Domain Name System registrations (IANA), services as shipped "
                          "by the npm package freewhois " + sys.argv[3],
           "publication": "", "version": "1.0", "services": services},
          open(sys.argv[2], "w", encoding="utf-8"), indent=1)
PY
mv "$DIR/dns.json.tmp" "$DIR/dns.json"
cp "$tmp/package/LICENSE.md" "$DIR/freewhois-LICENSE.md"
echo "freewhois-$VERSION" >"$DIR/VERSION"
echo "== RDAP bootstrap in $DIR/dns.json ($(python3 -c "import json;print(len(json.load(open('$DIR/dns.json'))['services']))") services)"
