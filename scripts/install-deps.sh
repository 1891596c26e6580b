#!/usr/bin/env bash
# Installs the Debian 12 packages fitkit needs to build, test and serve.
# Idempotent: installs only what is missing. Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
  # build
  g++ cmake ninja-build pkg-config ccache
  # libraries
  libsqlite3-dev libssl-dev libcurl4-openssl-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  libboost1.81-dev libargon2-dev liboath-dev libqrencode-dev libpng-dev libhowardhinnant-date-dev tzdata
  libicu-dev libpq-dev postgresql libexpat1-dev zlib1g-dev
  libgeographiclib-dev libzip-dev libcsv-dev libxlsxwriter-dev
  # tests: doctest, a real SMTP sink, a QR reader, sqlite3 for inspection, xmllint (IOF schema)
  doctest-dev python3 python3-aiosmtpd python3-pytest python3-websockets zbar-tools sqlite3 libxml2-utils python3-openpyxl
  # benchmarks
  libbenchmark-dev wrk nginx-light hyperfine util-linux jq curl gpsbabel python3-gpxpy
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# tests: node and npm run the OpenAPI linter (scripts/install-test-deps.sh); a node already on PATH will do
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
