#!/usr/bin/env bash
# pytest with the clock moved, to show that the tests pass on any day and not only today.
#
#   scripts/test-clock.sh WHEN [PYTEST ARGS...]
#   scripts/test-clock.sh +365d                                  # the whole suite, a year ahead
#   scripts/test-clock.sh '2027-03-26 15:00:00' tests/review     # Goede Vrijdag 2027
#   scripts/test-clock.sh '2027-12-31 23:30:00' tests/routing    # Amsterdam is in 2028 already
#
# WHEN is an offset (+365d, -30d, +8h) or a start moment in the machine's time zone
# (TZ; UTC on our machines); from there the clock runs on. libfaketime (Debian's
# faketime, installed by scripts/setup.sh) moves the wall clock of pytest and of what
# it starts: the `ikp run` daemons, their worker processes, and Chromium.
# - The monotonic clock stays real, or every timed wait of Python's locks would wait a
#   year; scripts/faketime/sitecustomize.py mends time.sleep for that, and
#   scripts/faketime/chromium moves Chromium's monotonic clock too (it hangs otherwise).
#   With a real monotonic clock libfaketime's "monotonic fix" for condition waits only
#   costs time (three times slower review tests), so it is off.
# - Dovecot keeps the real clock: its master would move but starts its children without
#   LD_PRELOAD, and a master a year ahead of its children drops logins under load.
# - The PostgreSQL server keeps the real clock (it runs already).
# ikp takes no time from either: receipt comes from the mails' headers, and every
# timestamp it stores is made in Python. PYTHON picks the interpreter (default .venv).
# Files keep real times: libfaketime 0.9.10 does not reach glibc's stat, so a file just
# written looks a year old, and tests/ingest/watchers/test_scans.py::
# test_a_file_still_being_written_is_left_alone cannot pass under this script.
set -euo pipefail
cd "$(dirname "$0")/.."
when=${1:?usage: scripts/test-clock.sh OFFSET|'YYYY-MM-DD HH:MM:SS' [PYTEST ARGS...]}
shift
case $when in
  [+-]*) spec=$when ;;
  *) spec="@$when" ;;
esac
if ! command -v faketime >/dev/null 2>&1; then
  echo "test-clock: faketime is missing (scripts/setup.sh installs it)" >&2
  exit 1
fi
py=${PYTHON:-.venv/bin/python}
export FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 FAKETIME_SKIP_CMDS=dovecot
export PYTHONPATH="$PWD/scripts/faketime${PYTHONPATH:+:$PYTHONPATH}"
export IKP_TEST_CHROMIUM="$PWD/scripts/faketime/chromium"
echo "test-clock: pytest at $(faketime -f "$spec" date '+%a %d %b %Y %H:%M:%S %Z')" >&2
exec faketime -f "$spec" "$py" -m pytest "$@"
