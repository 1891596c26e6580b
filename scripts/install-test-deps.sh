#!/usr/bin/env bash
# Installs what the tests need from npm: the pinned OpenAPI linter in
# tests/openapi/node_modules, exactly as tests/openapi/package-lock.json says.
# Runs `npm ci` only when node_modules is missing or older than the lock file
# (a stamp holds the lock file's hash), so that `make test` reaches the npm
# registry once; the tests themselves never download anything.
# FITKIT_SKIP_NODE_TESTS=1 skips it (and the tests that need node).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/tests/openapi"
stamp="$dir/node_modules/.fitkit-lock-sha256"

if [[ "${FITKIT_SKIP_NODE_TESTS:-}" == 1 ]]; then
  echo "install-test-deps: FITKIT_SKIP_NODE_TESTS=1, not installing the npm test tools" >&2
  exit 0
fi

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "install-test-deps: '$tool' not found: install nodejs and npm (scripts/install-deps.sh does)," \
         "or set FITKIT_SKIP_NODE_TESTS=1 to skip the tests that need them" >&2
    exit 1
  fi
done
# @redocly/cli 1.34 needs node 18.17 or newer (Debian 12 has 18.19).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 17) ? 0 : 1)'; then
  echo "install-test-deps: node $(node --version) is too old: the OpenAPI linter needs node 18.17 or newer" >&2
  exit 1
fi

want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

echo "install-test-deps: npm ci in tests/openapi (the pinned @redocly/cli)" >&2
# --ignore-scripts: the linter needs no install scripts, so none of the packages runs code at install time.
npm ci --prefix "$dir" --no-audit --no-fund --ignore-scripts </dev/null >&2
echo "$want" >"$stamp"
