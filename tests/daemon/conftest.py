"""Fixtures for the daemon: a Dovecot per test, a PostgreSQL database per module, `ikp run`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.services.dovecot import Dovecot, remove_dovecot, start_dovecot

REPO = Path(__file__).resolve().parents[2]
PG_SERVER = os.environ.get("IKP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    server = start_dovecot()
    try:
        yield server
    finally:
        remove_dovecot(server)


@pytest.fixture(scope="module")
def pg_module_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test module, dropped afterwards."""
    name = f"ikp_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_module_url: str) -> str:
    """The module's database, emptied for this test."""
    engine = create_engine(pg_module_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return pg_module_url


class Daemon:
    """`ikp run` as a child process, so it can be killed with SIGKILL like in production."""

    def __init__(self, env: dict[str, str], log: Path, args: list[str]) -> None:
        self.env = env
        self.log = log
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Daemon:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ikp.cli", "run", *self.args],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=log,
            )
        return self

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def terminate(self, timeout: float = 15) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def daemon_factory(tmp_path: Path) -> Iterator[Callable[..., Daemon]]:
    started: list[Daemon] = []

    def make(
        database_url: str,
        extra_env: dict[str, str],
        *,
        workers: int = 0,
        name: str = "d1",
        web: bool = False,
    ) -> Daemon:
        """`ikp run` on `database_url`; with `web`, the web queue on IKP_WEB_PORT of extra_env."""
        env = {
            **os.environ,
            "IKP_DATA_DIR": str(tmp_path / "data"),
            "IKP_DATABASE_URL": database_url,
            "OMP_NUM_THREADS": "1",
            **extra_env,
        }
        args = [*([] if web else ["--no-web"]), "--workers", str(workers)]
        daemon = Daemon(env, tmp_path / f"{name}.log", args)
        started.append(daemon)
        return daemon

    yield make
    for daemon in started:
        if daemon.running():
            daemon.kill()
