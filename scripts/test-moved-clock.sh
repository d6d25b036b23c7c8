#!/usr/bin/env bash
# The test suites with the process clock moved by faketime (Debian's package).
#   npm run test:clock -- +400d                      400 days ahead (unit and integration)
#   npm run test:clock -- '2027-03-28 00:30 UTC'     starting at that instant, then ticking
#   npm run test:clock -- +400d --project e2e        other vitest arguments replace the default
# Files marked clock-independent are left out (see below).
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

# A test file whose text has a line starting `// Clock-independent: ` (followed by why the date
# cannot change what it checks) is left out: what a moved clock could break in it is checked
# elsewhere, as the line says. Every other file runs. TEST_CLOCK_ALL=1 runs those too.
left_out=()
if [[ -z ${TEST_CLOCK_ALL:-} ]]; then
  mapfile -t left_out < <(grep -rl --include='*.test.ts' '^// Clock-independent: ' tests | sort)
fi
excludes=()
for file in "${left_out[@]}"; do excludes+=(--exclude "$file"); done

# Only the wall clock moves; the monotonic clock has no date and timers rely on it.
export FAKETIME_DONT_FAKE_MONOTONIC=1
echo "Tests ($*) with the clock at $(faketime -f "$offset" date -u '+%Y-%m-%d %H:%M:%S UTC') ($offset)"
((${#left_out[@]} == 0)) || echo "Left out as clock-independent (TEST_CLOCK_ALL=1 runs them): ${left_out[*]}"
exec faketime -f "$offset" node_modules/.bin/vitest run --config tests/vitest.config.ts "${excludes[@]}" "$@"
