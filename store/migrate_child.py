"""Migrations in a child process: `python -m store.migrate_child` (the database URL on stdin).

alembic, with mako and pygments, is about 11 MB that stays in a process once imported,
and the daemon needs it only for the seconds of its start. `ikp run` therefore migrates
through this child (ikp.daemon) and never imports alembic itself. The URL goes through
stdin, not the command line, since it may hold a password.
"""

from __future__ import annotations

import logging
import subprocess
import sys

from contract.children import ROOT, child_env, module_command

# Importing alembic and walking the migrations takes seconds on a loaded machine; a
# migration that waits for another daemon's (PostgreSQL lock) may take longer.
TIMEOUT_S = 600.0
log = logging.getLogger("store.migrate_child")
# The child's "Running upgrade ..." lines are logged here under alembic's own name, so
# the caller's logging treats them as it did alembic's in-process (`ikp` quiets them).
MIGRATION_LOG = "alembic.runtime.migration"


class MigrationError(RuntimeError):
    """The child could not bring the schema to the newest revision."""


def migrate_in_child(database_url: str) -> None:
    """`store.db.migrate` on `database_url`, in a child process; MigrationError if it fails."""
    try:
        done = subprocess.run(
            module_command("store.migrate_child"),
            input=database_url.encode(),
            capture_output=True,
            env=child_env(),
            cwd=ROOT,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MigrationError(f"the migration process failed: {exc}") from exc
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    for line in lines:
        if done.returncode == 0:
            logging.getLogger(MIGRATION_LOG).info("%s", line)
        else:
            log.error("%s", line)
    if done.returncode != 0:
        raise MigrationError(lines[-1] if lines else f"migrations ended with {done.returncode}")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")  # relayed by the caller
    logging.getLogger(MIGRATION_LOG).setLevel(logging.INFO)
    from store.db import make_engine, migrate

    engine = make_engine(sys.stdin.read().strip())
    try:
        migrate(engine)
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
