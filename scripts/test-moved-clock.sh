#!/usr/bin/env bash
# The test suites with the process clock moved by faketime (Debian's package).
#   npm run test:clock -- +400d                      400 days ahead (unit and integration)
#   npm run test:clock -- '2027-03-28 00:30 UTC'     starting at that instant, then ticking
#   npm run test:clock -- +400d --project e2e        other vitest arguments replace the default
# The browser tests run too: they start Chromium without libfaketime, under which it hangs, so
# only the app's server and the tests see the moved clock.
set -euo pipefail
cd "$(dirname "$0")/.."

spec=${1:?usage: npm run test:clock -- +400d | "2027-03-28 00:30 UTC" [vitest arguments]}
shift
(($# > 0)) || set -- --project unit --project integration
command -v faketime >/dev/null || { echo "faketime is missing: apt-get install faketime" >&2; exit 1; }
if [[ $spec == [+-]* ]]; then
  offset=$spec
else
  # An offset rather than faketime's absolute form: that one is read in the local time zone.
  seconds=$(( $(date -u -d "$spec" +%s) - $(date -u +%s) ))
  offset=$( ((seconds >= 0)) && echo "+${seconds}s" || echo "${seconds}s" )
fi
# The integration tests start the built server.
[[ -f build/server.js ]] || npm run build

# Only the wall clock moves; the monotonic clock has no date and timers rely on it.
export FAKETIME_DONT_FAKE_MONOTONIC=1
echo "Tests ($*) with the clock at $(faketime -f "$offset" date -u '+%Y-%m-%d %H:%M:%S UTC') ($offset)"
exec faketime -f "$offset" node_modules/.bin/vitest run --config tests/vitest.config.ts "$@"
