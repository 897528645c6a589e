"""The data dir keeps raw mails and the database to the service's own user (issue 20)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from store import Store

IKP = Path(sys.executable).parent / "ikp"


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_fresh_data_dir_keeps_the_database_and_mails_to_their_owner(tmp_path: Path) -> None:
    letter = tmp_path / "melding.txt"
    letter.write_text("Melding: Jan Fictief woont niet op Kerkpad 4 in Voorbeelddorp.\n")
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKP_")}
    env["IKP_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [str(IKP), "ingest", str(letter)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        umask=0o022,  # the usual umask, which alone would leave everything world-readable
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "ikp.sqlite3") == 0o600
    assert _mode(data_dir / "blobs") == 0o700
    blobs = [p for p in (data_dir / "blobs").rglob("*") if p.is_file()]
    assert blobs and all(_mode(p) == 0o600 for p in blobs)
    leftovers = [p for p in data_dir.glob("ikp.sqlite3-*") if _mode(p) != 0o600]
    assert leftovers == []


def test_opening_the_store_again_keeps_the_locks_of_open_connections(tmp_path: Path) -> None:
    """The daemon opens one database several times (workers, web queue); making the file
    private must not drop the SQLite locks of connections already open in the process."""
    data_dir = tmp_path / "data"
    url = f"sqlite:///{data_dir / 'ikp.sqlite3'}"
    with Store(url, data_dir) as first, first.engine.connect() as open_connection:
        open_connection.exec_driver_sql("SELECT count(*) FROM items").all()
        Store(url, data_dir, apply_migrations=False).close()
        # Another process opens and closes the database: were our locks gone, it would
        # take itself for the last user and delete the WAL under our open connection.
        other = (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            "c.execute('SELECT count(*) FROM items').fetchall(); c.close()"
        )
        subprocess.run([sys.executable, "-c", other, str(data_dir / "ikp.sqlite3")], check=True)
        assert (data_dir / "ikp.sqlite3-wal").exists()
