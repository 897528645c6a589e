"""Generated registers as the contract's CSV, clean or with the dirt of a real export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from contract.vocabulary import DOSSIER_COLUMNS
from research.linking.generate import RegisterGenerator


def register_cells(rows: int, seed: int = 31) -> list[dict[str, str]]:
    """The cells of a generated register, one dict per row (fictional people)."""
    return [
        {c: "" if getattr(r, c) is None else str(getattr(r, c)) for c in DOSSIER_COLUMNS}
        for r in RegisterGenerator(seed=seed).records(rows)
    ]


def write_register(path: Path, rows: int, seed: int = 31, edit: dict | None = None) -> Path:
    """A generated register as the contract's CSV; `edit` maps row number to new cells."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(DOSSIER_COLUMNS)
        for i, cells in enumerate(register_cells(rows, seed)):
            cells |= (edit or {}).get(i, {})
            out.writerow([cells[c] for c in DOSSIER_COLUMNS])
    return path


# The dirt of a nightly export, by kind: cells to put in a row, or a raw line.
CELL_DIRT: dict[str, tuple[str, str]] = {  # kind -> (column, bad value); the row loads
    "postcode": ("postcode", "12345"),
    "bsn": ("bsn", "123456789"),
    "telefoon": ("telefoon", "bel na vijven"),
    "geboortedatum": ("geboortedatum", "31-02-1990"),
    "email": ("email", "geen adres"),
    "v_nummer": ("v_nummer", "12-34"),
}
ROW_DIRT = ("no dossier_id", "soort", "fields", "utf-8")  # the row is rejected whole


@dataclass(frozen=True)
class DirtyRegister:
    path: Path
    rows: int
    cell_dirt: dict[int, str]  # line -> column left empty (row loaded)
    row_dirt: dict[int, str]  # line -> kind (row rejected)
    ids: list[str]  # dossier_id per data row, in file order


def write_dirty_register(
    path: Path, rows: int, *, seed: int = 31, every: int = 100
) -> DirtyRegister:
    """A register where every `every`-th row is dirty, the kinds taken in turn."""
    kinds = [*CELL_DIRT, *ROW_DIRT]
    cell_dirt: dict[int, str] = {}
    row_dirt: dict[int, str] = {}
    all_cells = register_cells(rows, seed)
    with open(path, "wb") as handle:
        handle.write((",".join(DOSSIER_COLUMNS) + "\r\n").encode())
        for i, cells in enumerate(all_cells):
            line = i + 2
            kind = kinds[(i // every) % len(kinds)] if i % every == every - 1 else None
            if kind in CELL_DIRT:
                column, value = CELL_DIRT[kind]
                cells[column] = value
                cell_dirt[line] = column
            elif kind == "no dossier_id":
                cells["dossier_id"] = ""
            elif kind == "soort":
                cells["soort"] = "bedrijf"
            text = io.StringIO()
            csv.writer(text).writerow([cells[c] for c in DOSSIER_COLUMNS])
            raw = text.getvalue().encode("utf-8")
            if kind == "fields":
                raw = raw.replace(b"\r\n", b",extra\r\n")
            elif kind == "utf-8":
                raw = raw.replace(b"\r\n", b"\xfc\r\n")  # Latin-1 in a UTF-8 file
            if kind in ROW_DIRT:
                row_dirt[line] = kind
            handle.write(raw)
    return DirtyRegister(path, rows, cell_dirt, row_dirt, [c["dossier_id"] for c in all_cells])
