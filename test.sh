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
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_apt+=(postgresql)
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

# Azurite and a private PostgreSQL for the storage tests (tests/services.sh), stopped again on exit.
. tests/services.sh
results=""
cleanup() { services_stop; [ -z "$results" ] || rm -f "$results"; }
trap cleanup EXIT
log "services for the storage tests"
services_start

log ".NET test suites"
failed=0
passed_total=0
failed_total=0
results=$(mktemp)
for proj in tests/*/*.Tests.csproj; do
  log "dotnet test $proj"
  dotnet test "$proj" -c Release --no-build --nologo | tee "$results" || failed=1
  p=$(grep -oE 'Passed: +[0-9]+' "$results" | tail -1 | grep -oE '[0-9]+' || echo 0)
  f=$(grep -oE 'Failed: +[0-9]+' "$results" | tail -1 | grep -oE '[0-9]+' || echo 0)
  [ "$p" = "0" ] && [ "$f" = "0" ] && { echo "no tests ran in $proj"; failed=1; }
  passed_total=$((passed_total + p)); failed_total=$((failed_total + f))
done

log "end-to-end tests (node --test: hub with @microsoft/signalr, demo page and media in Chromium)"
(cd tests/e2e && CONVENE_ROOT="$(cd ../.. && pwd)" npm test -- *.test.mjs) | tee "$results" || failed=1
p=$(grep -oE '^# pass [0-9]+' "$results" | grep -oE '[0-9]+' || echo 0)
f=$(grep -oE '^# fail [0-9]+' "$results" | grep -oE '[0-9]+' || echo 0)
passed_total=$((passed_total + p)); failed_total=$((failed_total + f))

echo
if [ $failed -ne 0 ] || [ "$failed_total" -ne 0 ]; then
  log "FAILED"
  echo "tests: $passed_total passed, $failed_total failed"
  exit 1
fi
log "all test suites passed"
echo "tests: $passed_total passed, $failed_total failed"
