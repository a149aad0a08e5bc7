#!/usr/bin/env bash
# Fetches the offline IP data phishscope reads by default (IP -> ASN, AS organisation, country) from npm data packages
# at pinned versions; npm checks each tarball against the registry's integrity hash. Nothing here is committed.
#   scripts/fetch-ipdb.sh [DIR]     (default: data/ipdb)
# Licences: @ip-location-db/asn: RouteViews data (ROUTEVIEWS-LICENSE) and DB-IP IP to ASN Lite (CC BY 4.0, attribution
# to DB-IP.com required); @ip-location-db/geo-whois-asn-country-mmdb: CC0-1.0. The licence files are kept beside the data.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-data/ipdb}
VERSION=2.3.2026061719   # data of 2026-06-17
PACKAGES=(@ip-location-db/asn @ip-location-db/geo-whois-asn-country-mmdb)

if [ -f "$DIR/VERSION" ] && [ "$(cat "$DIR/VERSION")" = "$VERSION" ]; then
  echo "== offline IP data $VERSION already in $DIR"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "== npm not found: offline IP data not fetched (IP owners will show as not looked up)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for p in "${PACKAGES[@]}"; do
  (cd "$tmp" && npm pack --silent "$p@$VERSION" >/dev/null)
done
mkdir -p "$DIR.new"
tar -xzf "$tmp"/ip-location-db-asn-"$VERSION".tgz -C "$tmp"
cp "$tmp"/package/asn-ipv4-num.csv "$tmp"/package/asn-ipv6.csv "$DIR.new/"
for f in ROUTEVIEWS-LICENSE DBIP-LICENSE NRO_LICENSE MODIFICATIONS; do cp "$tmp/package/$f" "$DIR.new/asn-$f"; done
rm -rf "$tmp/package"
tar -xzf "$tmp"/ip-location-db-geo-whois-asn-country-mmdb-"$VERSION".tgz -C "$tmp"
cp "$tmp"/package/geo-whois-asn-country.mmdb "$DIR.new/"
cp "$tmp"/package/NRO_LICENSE "$DIR.new/country-NRO_LICENSE"
echo "$VERSION" >"$DIR.new/VERSION"
rm -rf "$DIR"
mv "$DIR.new" "$DIR"
echo "== offline IP data $VERSION in $DIR ($(du -sh "$DIR" | cut -f1))"
