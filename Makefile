# The two commands of a fresh clone (see README.md); each does its own set-up.
.PHONY: demo test setup lint bench

setup:
	@scripts/setup.sh

demo: setup
	@scripts/demo.sh

# The tests that compare dates with today, once more with the clock a year ahead
# (about 2.5 minutes). Not tests/daemon: its tests take every date from the mails and
# pass a year ahead too (scripts/test-clock.sh +365d tests/daemon), but cost 3-4
# minutes and hold the most timing-sensitive test.
CLOCK_TESTS = tests/routing tests/review tests/store tests/cli

test: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/pytest --durations=10
	scripts/test-clock.sh +365d -q $(CLOCK_TESTS)

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench: setup
	@scripts/bench.sh
