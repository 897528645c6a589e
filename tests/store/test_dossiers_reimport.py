"""Re-importing a register: rows whose CSV cells did not change are skipped on their
row hash, changed rows are validated and updated, on both databases."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from ikp.cli import main
from ikp.register import import_register
from linking import RegisterError
from linking.register import RegisterFile
from research.linking.generate import RegisterGenerator
from tests.factories.register import write_register
from tests.factories.terminal import run_on_terminal

REPO = Path(__file__).resolve().parents[2]


def dossier_id(seed: int, row: int) -> str:
    return list(RegisterGenerator(seed=seed).records(row + 1))[row].dossier_id


def tamper(store, dossier_id: str) -> None:
    """Change a stored row behind the importer's back (as a manual fix in the database)."""
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE dossiers SET woonplaats = 'Elders' WHERE dossier_id = :i"),
            {"i": dossier_id},
        )


def woonplaats(store, dossier_id: str) -> str:
    with store.engine.connect() as conn:
        return conn.execute(
            text("SELECT woonplaats FROM dossiers WHERE dossier_id = :i"), {"i": dossier_id}
        ).scalar_one()


def test_unchanged_rows_are_skipped_on_their_hash_and_full_checks_them(store, tmp_path) -> None:
    path = write_register(tmp_path / "register.csv", 500)
    first = import_register(store, RegisterFile(path).rows(), batch_size=100)
    assert (first.inserted, first.updated, first.unchanged) == (500, 0, 0)
    one = dossier_id(31, 1)
    tamper(store, one)
    # Same cells, same hash: the row is not read again, so the tampered value stays.
    again = import_register(store, RegisterFile(path).rows(), batch_size=100)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 500)
    assert woonplaats(store, one) == "Elders"
    full = import_register(store, RegisterFile(path).rows(), batch_size=100, use_row_hashes=False)
    assert (full.inserted, full.updated, full.unchanged) == (0, 1, 499)
    assert woonplaats(store, one) != "Elders"


def test_changed_cells_are_validated_and_updated(store, tmp_path) -> None:
    path = write_register(tmp_path / "register.csv", 300)
    import_register(store, RegisterFile(path).rows())
    moved = write_register(tmp_path / "moved.csv", 300, edit={5: {"postcode": "9999 zz"}})
    report = import_register(store, RegisterFile(moved).rows())
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 299)
    [found] = store.dossiers.by_identifier("postcode", "9999ZZ")
    assert found.dossier_id == dossier_id(31, 5)
    broken = write_register(tmp_path / "broken.csv", 300, edit={7: {"bsn": "123"}})
    with pytest.raises(RegisterError, match="line 9: bsn '123'"):
        import_register(store, RegisterFile(broken).rows())


def test_reformatted_cells_are_unchanged_and_then_skipped(store, tmp_path) -> None:
    """Another spelling of the same value is no update; its new hash is kept."""
    path = write_register(tmp_path / "register.csv", 50, seed=32)
    import_register(store, RegisterFile(path).rows())
    [row] = [r for r in RegisterGenerator(seed=32).records(50) if r.telefoon][:1]
    i = int(row.dossier_id[2:])
    local = "0" + row.telefoon[3] + "-" + row.telefoon[4:]  # +31612345678 -> 06-12345678
    spelled = write_register(tmp_path / "spelled.csv", 50, seed=32, edit={i: {"telefoon": local}})
    assert import_register(store, RegisterFile(spelled).rows()).unchanged == 50
    tamper(store, row.dossier_id)
    assert import_register(store, RegisterFile(spelled).rows()).unchanged == 50
    assert woonplaats(store, row.dossier_id) == "Elders"  # skipped: the new hash was stored


def test_records_and_csv_rows_do_not_share_hashes(store, tmp_path) -> None:
    """Records passed directly may hold values the CSV path would normalise otherwise, so a
    record's hash never lets a CSV row be skipped."""
    path = write_register(tmp_path / "register.csv", 40, seed=33)
    import_register(store, list(RegisterGenerator(seed=33).records(40)))
    tamper(store, dossier_id(33, 2))
    report = import_register(store, RegisterFile(path).rows())
    assert (report.updated, report.unchanged) == (1, 39)


def test_cli_imports_quietly_and_reports_counts(database_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IKP_DATABASE_URL", database_url)
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    path = write_register(tmp_path / "register.csv", 120)
    assert main(["dossiers", "import", "--quiet", str(path)]) == 0
    assert main(["dossiers", "import", str(path)]) == 0
    assert main(["dossiers", "import", "--full", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "120 dossiers: 120 new, 0 updated, 0 unchanged",
        "120 dossiers: 0 new, 0 updated, 120 unchanged",
        "120 dossiers: 0 new, 0 updated, 120 unchanged",
    ]
    assert err == ""  # no terminal: no progress bar


@pytest.mark.slow
def test_cli_shows_a_progress_bar_on_a_terminal(tmp_path) -> None:
    path = write_register(tmp_path / "register.csv", 12_000)
    env = os.environ | {"IKP_DATA_DIR": str(tmp_path / "data")}
    env.pop("IKP_DATABASE_URL", None)
    command = [sys.executable, "-m", "ikp.cli", "dossiers", "import", str(path)]
    done, bar = run_on_terminal(command, env=env, cwd=REPO, columns=100)
    assert done.returncode == 0
    assert done.stdout.decode().strip() == "12000 dossiers: 12000 new, 0 updated, 0 unchanged"
    assert "rows/s" in bar
    assert "/12.0k" in bar  # the total, estimated from the file size, is shown
