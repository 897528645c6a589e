#!/usr/bin/env bash
# The main job on embedded defaults: SQLite under var/demo, the demo register,
# the demo mails and letters, then the items as the contract's JSON lines.
set -euo pipefail
cd "$(dirname "$0")/.."
export IKP_DATA_DIR=${IKP_DATA_DIR:-var/demo}
unset IKP_DATABASE_URL
ikp=.venv/bin/ikp

echo "== dossier register (demo/register.csv) into $IKP_DATA_DIR" >&2
$ikp dossiers import demo/register.csv
echo "== demo mails (demo/mail/) through the pipeline" >&2
$ikp ingest demo/mail
echo "== stored items" >&2
$ikp items --json
