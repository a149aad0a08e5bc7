#!/usr/bin/env bash
# Fetches IANA's RDAP bootstrap registries (RFC 9224: which RDAP server answers for each TLD, IPv4 and IPv6 block and
# AS number range) that `phishscope analyze --online` uses. IANA publishes them at https://data.iana.org/rdap/; they
# are not on npm by themselves, but the npm package `rdap` (MIT) embeds copies with their publication dates. Its
# pinned tarball is checked by npm against the registry's integrity hash; the files are taken out of its module with
# Node.js (its two runtime imports stubbed: nothing of the package runs but the lookup of the embedded data) and
# written in IANA's own format. Online, `phishscope update-rdap-bootstrap` replaces them with IANA's current files.
# Nothing here is committed.
#   scripts/fetch-rdap-bootstrap.sh [DIR]     (default: data/rdap)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-data/rdap}
VERSION=0.0.14
MODULE=dist/shared/rdap.Ckdbyiwo.mjs
if [ -f "$DIR/VERSION" ] && [ "$(cat "$DIR/VERSION")" = "npm-rdap-$VERSION" ]; then
  echo "== RDAP bootstrap (npm rdap $VERSION) already in $DIR"
  exit 0
fi
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "== npm/node not found: RDAP bootstrap not fetched (online RDAP lookups will say so)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "rdap@$VERSION" >/dev/null)
tar -xzf "$tmp/rdap-$VERSION.tgz" -C "$tmp"
pkg="$tmp/package"
for stub in ofetch ipdo; do
  mkdir -p "$pkg/node_modules/$stub"
  echo "{\"name\":\"$stub\",\"type\":\"module\",\"main\":\"index.js\"}" >"$pkg/node_modules/$stub/package.json"
done
echo 'export const ofetch = () => { throw new Error("offline"); };' >"$pkg/node_modules/ofetch/index.js"
echo 'export const ipInRange = () => false;' >"$pkg/node_modules/ipdo/index.js"
mkdir -p "$DIR.new"
(cd "$pkg" && OUT="$(cd "$OLDPWD" && pwd)/$DIR.new" node --input-type=module -e "
import { writeFileSync } from 'node:fs';
import { e as metadata } from './$MODULE';
const min = { dns: 500, ipv4: 5, ipv6: 5, asn: 5 };
for (const t of Object.keys(min)) {
  const m = await metadata(t);
  if (!m || !Array.isArray(m.services) || m.services.length < min[t]) throw new Error('unexpected ' + t + ' bootstrap');
  writeFileSync(process.env.OUT + '/' + t + '.json', JSON.stringify(m, null, 1));
  console.log('== RDAP bootstrap ' + t + '.json: ' + m.services.length + ' entries, published ' + m.publication);
}")
cp "$pkg/LICENSE" "$DIR.new/npm-rdap-LICENSE"
echo "npm-rdap-$VERSION" >"$DIR.new/VERSION"
rm -rf "$DIR"
mv "$DIR.new" "$DIR"
