# The two commands of a fresh clone (see README.md); each does its own set-up.
.PHONY: demo test setup lint bench

setup:
	@scripts/setup.sh

demo: setup
	@scripts/demo.sh

test: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/pytest

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench: setup
	@scripts/bench.sh
