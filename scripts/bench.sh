#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints their Markdown tables (copy them to BENCHMARKS.md).
# Slow: the 1,000,000-row linking run alone takes many minutes. Needs PostgreSQL and Dovecot.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
for bench in ner_bench ocr_bench queue_bench throughput linking_bench; do
  echo "## $bench"
  $py "bench/$bench.py"
  echo
done
