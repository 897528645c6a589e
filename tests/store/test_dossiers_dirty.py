"""A register export with dirty rows: invalid cells are reported by line and left empty,
rows without dossier_id or soort are rejected whole, the rest loads; on both databases,
through the import and through the installed `ikp dossiers import`."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from ikp.cli import main
from ikp.config import load_settings, open_store
from ikp.register import import_register
from linking.register import RegisterFile, RejectReport
from tests.factories.register import CELL_DIRT, write_dirty_register, write_register
from tests.factories.terminal import run_on_terminal

REPO = Path(__file__).resolve().parents[2]


def stored(store, column: str, dossier_id: str) -> object:
    with store.engine.connect() as conn:
        return conn.execute(
            text(f"SELECT {column} FROM dossiers WHERE dossier_id = :i"), {"i": dossier_id}
        ).scalar()


def stored_count(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM dossiers")).scalar_one()


def report_rows(report: Path) -> list[dict[str, str]]:
    with open(report, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def lines_in(report: Path) -> dict[int, str]:
    return {int(r["line"]): r["action"] for r in report_rows(report)}


def test_dirty_rows_are_reported_by_line_and_the_rest_loads(store, tmp_path) -> None:
    dirty = write_dirty_register(tmp_path / "register.csv", 2000, every=100)
    assert len(dirty.cell_dirt) == 12 and len(dirty.row_dirt) == 8  # 20 dirty rows, 1 %
    with RejectReport(tmp_path / "rejects.csv") as rejects:
        rows = RegisterFile(dirty.path, rejects).rows()
        report = import_register(store, rows, batch_size=300, skip_invalid=True)
    assert (report.inserted, report.total) == (1992, 1992)
    assert report.rejected == 4  # the four others (field count, bytes) are never rows
    assert (rejects.rows_rejected, rejects.rows_partial) == (8, 12)
    assert lines_in(tmp_path / "rejects.csv") == {
        **{line: "cell left empty" for line in dirty.cell_dirt},
        **{line: "row rejected" for line in dirty.row_dirt},
    }
    assert stored_count(store) == 1992
    for line, column in dirty.cell_dirt.items():
        dossier_id = dirty.ids[line - 2]
        assert stored(store, "soort", dossier_id) in ("persoon", "organisatie")
        assert stored(store, column, dossier_id) is None
    for line, kind in dirty.row_dirt.items():
        if kind != "no dossier_id":
            assert stored(store, "soort", dirty.ids[line - 2]) is None  # not loaded


def test_rows_loaded_with_empty_cells_are_reported_again_on_the_next_import(
    store, tmp_path
) -> None:
    dirty = write_dirty_register(tmp_path / "register.csv", 1000, every=50)
    import_register(store, RegisterFile(dirty.path, RejectReport()).rows(), skip_invalid=True)
    again = RejectReport()
    rows = RegisterFile(dirty.path, again).rows()
    report = import_register(store, rows, skip_invalid=True)
    # Clean rows are skipped on their hash; dirty ones are checked and reported again.
    assert (report.inserted, report.updated) == (0, 0)
    assert report.unchanged == 1000 - len(dirty.row_dirt)
    assert (again.rows_partial, again.rows_rejected) == (len(dirty.cell_dirt), len(dirty.row_dirt))


def test_cli_loads_a_dirty_register_and_writes_the_reject_report(
    database_url, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("IKP_DATABASE_URL", database_url)
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    dirty = write_dirty_register(tmp_path / "register.csv", 1000, every=100)
    assert main(["dossiers", "import", str(dirty.path)]) == 0
    out, err = capsys.readouterr()
    [report] = (tmp_path / "data" / "rejects").glob("register-*.csv")
    cells, whole = len(dirty.cell_dirt), len(dirty.row_dirt)
    assert out.splitlines() == [
        f"{1000 - whole} dossiers: {1000 - whole} new, 0 updated, 0 unchanged",
        f"{whole} rows rejected, {cells} loaded with invalid cells left empty "
        f"(lines 101, 201, 301, 401, 501, ...); see {report}",
    ]
    assert err == ""
    assert len(lines_in(report)) == cells + whole
    assert main(["dossiers", "import", str(write_register(tmp_path / "clean.csv", 10))]) == 0
    assert list((tmp_path / "data" / "rejects").glob("clean-*.csv")) == []  # nothing to report


def test_cli_stops_an_obviously_broken_file_before_loading_it(
    database_url, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("IKP_DATABASE_URL", database_url)
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    dirty = write_dirty_register(tmp_path / "register.csv", 1000, every=10)  # 100 dirty rows
    report = tmp_path / "problems.csv"
    argv = ["dossiers", "import", "--max-rejects", "50", "--rejects", str(report)]
    assert main([*argv, str(dirty.path)]) == 3
    _, err = capsys.readouterr()
    assert re.search(r"line \d+: more than 50 rows with rejected cells or rows; stopped", err)
    assert len(lines_in(report)) == 51
    with open_store(load_settings()) as store:
        assert stored_count(store) == 0  # the first batch (5000 rows) was never written


def test_installed_ikp_imports_a_dirty_register(database_url, tmp_path) -> None:
    dirty = write_dirty_register(tmp_path / "export.csv", 3000, every=100)
    env = os.environ | {
        "IKP_DATABASE_URL": database_url,
        "IKP_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(REPO),
    }
    ikp = Path(sys.executable).parent / "ikp"
    done = subprocess.run(
        [str(ikp), "dossiers", "import", str(dirty.path)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    loaded = 3000 - len(dirty.row_dirt)
    assert done.stdout.splitlines()[0] == f"{loaded} dossiers: {loaded} new, 0 updated, 0 unchanged"
    [report] = (tmp_path / "data" / "rejects").glob("export-*.csv")
    assert done.stdout.splitlines()[1].endswith(f"see {report}")
    assert set(lines_in(report)) == set(dirty.cell_dirt) | set(dirty.row_dirt)
    assert set(CELL_DIRT) <= {r["column"] for r in report_rows(report)}


@pytest.mark.slow
def test_progress_bar_shows_rate_eta_and_rejects_on_a_terminal(tmp_path) -> None:
    dirty = write_dirty_register(tmp_path / "register.csv", 12_000, every=100)
    env = os.environ | {"IKP_DATA_DIR": str(tmp_path / "data")}
    env.pop("IKP_DATABASE_URL", None)
    command = [sys.executable, "-m", "ikp.cli", "dossiers", "import", str(dirty.path)]
    done, bar = run_on_terminal(command, env=env, cwd=REPO, columns=120)
    assert done.returncode == 0
    assert "rows/s" in bar
    assert re.search(r"\[\d\d:\d\d<\d\d:\d\d", bar)  # elapsed < remaining (the ETA)
    assert f"{len(dirty.cell_dirt) + len(dirty.row_dirt)} with rejects" in bar
