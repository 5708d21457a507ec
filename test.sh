#!/usr/bin/env bash
# Installs what the tests need (if missing), then runs every test suite.
# Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

log "npm packages for tests/e2e"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

log "build"
dotnet build Orleans.sln -c Release --nologo -v quiet

log ".NET test suites"
failed=0
for proj in tests/*/*.Tests.csproj; do
  log "dotnet test $proj"
  dotnet test "$proj" -c Release --no-build --nologo -v quiet --logger "console;verbosity=normal" || failed=1
done

log "end-to-end tests (node --test)"
(cd tests/e2e && if ls *.test.mjs >/dev/null 2>&1; then CONVENE_ROOT="$(cd ../.. && pwd)" npm test; fi) || failed=1

if [ $failed -ne 0 ]; then
  log "FAILED"
  exit 1
fi
log "all test suites passed"
