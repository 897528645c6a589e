#!/usr/bin/env bash
# The main job on embedded defaults: SQLite under var/demo, the demo register,
# a local demo mailbox (Dovecot on loopback) holding the demo mails, a scan folder
# with a scanned letter, and the daemon with the web queue on 127.0.0.1:8000.
# Stops on Ctrl-C (or after IKP_DEMO_SECONDS), then prints the stored items.
# With IKP_DEMO_YEAR=1 (or --year) it first loads a generated year of fictional traffic
# (scripts/load_demo_year.py), once per data directory, so the phenomena and trends pages
# have a year to show.
set -euo pipefail
[ "${1:-}" = "--year" ] && IKP_DEMO_YEAR=1
cd "$(dirname "$0")/.."
export IKP_DATA_DIR=${IKP_DATA_DIR:-var/demo}
unset IKP_DATABASE_URL
mkdir -p "$IKP_DATA_DIR/scans"
ikp=.venv/bin/ikp
py=.venv/bin/python

echo "== dossier register (demo/register.csv) into $IKP_DATA_DIR" >&2
$ikp dossiers import demo/register.csv

loaded="$IKP_DATA_DIR/demo-year.json"
if [ "${IKP_DEMO_YEAR:-0}" != 0 ] && [ ! -f "$loaded" ]; then
  echo "== a generated year of fictional traffic (scripts/demo_year.py): stored, analysed" \
    "and mostly decided through the product's own path; a few minutes" >&2
  $py -m scripts.load_demo_year >"$loaded.part" && mv "$loaded.part" "$loaded"
elif [ -f "$loaded" ]; then
  echo "== the generated year is loaded already ($loaded)" >&2
fi

# demo/mail has fixed dates; the copies arrive some working days before today, so the
# queue shows one item overdue, one due today and the others due in the coming days.
mails="$IKP_DATA_DIR/demo-mail"
$py scripts/demo_mail.py "$mails"

DOVECOT=../shared/services/dovecot/start.sh
if [ -x "$DOVECOT" ] || [ -f "$DOVECOT" ]; then
  maildir=$(realpath -m "$IKP_DATA_DIR/dovecot")
  if ! (doveadm -c "$maildir/dovecot.conf" who >/dev/null 2>&1); then
    sh "$DOVECOT" "$maildir" 10143 10024 >&2
  fi
  export IKP_IMAP_HOST=127.0.0.1 IKP_IMAP_PORT=10143 IKP_IMAP_USER=ikp IKP_IMAP_PASSWORD=ikp IKP_IMAP_SSL=false
  echo "== demo mails (demo/mail/, dated relative to today) delivered to the demo mailbox" >&2
  $py - "$mails" <<'PY'
import sys
from pathlib import Path
from imapclient import IMAPClient
with IMAPClient("127.0.0.1", port=10143, ssl=False) as c:
    c.login("ikp", "ikp")
    for path in sorted(Path(sys.argv[1]).glob("*.eml")):
        c.append("INBOX", path.read_bytes())
PY
else
  echo "== no ../shared/services: demo mails go straight in with ikp ingest" >&2
  $ikp ingest "$mails"
fi

export IKP_SCAN_DIR="$IKP_DATA_DIR/scans"
$py scripts/demo_scan.py "$IKP_SCAN_DIR/brief-voedselbank.png"

password=$($py -c "import secrets; print(secrets.token_urlsafe(12))")
echo "$password" | $ikp users add demo --role beheerder >&2
cat >&2 <<MSG
== the daemon: mailbox, scan folder, workers and the web queue
   open http://127.0.0.1:${IKP_WEB_PORT:-8000}/ and log in as demo / $password
   Ctrl-C stops it; the stored items are printed afterwards.
MSG
if [ -n "${IKP_DEMO_SECONDS:-}" ]; then
  timeout --signal=TERM "$IKP_DEMO_SECONDS" $ikp run --workers 2 || true
else
  $ikp run --workers 2 || true
fi
echo "== stored items" >&2
$ikp items --json
