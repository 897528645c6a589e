"""Read the dossier register CSV of the contract, row by row, normalised and checked."""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import phonenumbers
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn, postcode

from contract.records import DossierRecord
from contract.vocabulary import DOSSIER_COLUMNS, DOSSIER_KINDS
from linking.names import organisation_key, surname_key

if TYPE_CHECKING:
    from tqdm import tqdm


class RegisterError(ValueError):
    """A register file cannot be read; the message starts with "line N:"."""


# Part of every row digest: bump it when normalisation changes, so that rows cached
# as "imported unchanged" are read again.
REGISTER_FORMAT = "1"


@dataclass(frozen=True)
class RegisterRow:
    """One row as it stands in the file: stripped cells in the contract's column order.

    `digest` identifies the cells, so that an import can skip a row it has imported
    before without validating it again; `record()` validates and normalises.
    """

    line: int
    cells: tuple[str, ...]

    @property
    def dossier_id(self) -> str:
        return self.cells[0]

    @property
    def digest(self) -> str:
        return cells_digest("csv", self.cells)

    def record(self) -> DossierRecord:
        try:
            return _record(dict(zip(DOSSIER_COLUMNS, self.cells, strict=True)))
        except ValueError as exc:
            raise RegisterError(f"line {self.line}: {exc}") from exc


def cells_digest(source: str, cells: Sequence[str]) -> str:
    """128-bit digest of a row's cells; `source` keeps CSV rows and records apart."""
    data = "\x1f".join((REGISTER_FORMAT, source, *cells)).encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class RecordRow:
    """A record given as such (generated, or built in code) as a row to import."""

    value: DossierRecord

    @property
    def dossier_id(self) -> str:
        return self.value.dossier_id

    @property
    def digest(self) -> str:
        cells = [getattr(self.value, c) for c in DOSSIER_COLUMNS]
        return cells_digest("record", ["" if v is None else str(v) for v in cells])

    def record(self) -> DossierRecord:
        return self.value


def blocking_keys(record: DossierRecord) -> tuple[str | None, str | None]:
    """The keys a register stores beside a record for candidate search:
    (surname key, organisation key); see `linking.names`."""
    surname = surname_key(record.achternaam) if record.achternaam else None
    organisation = organisation_key(record.naam) if record.naam else None
    return surname, organisation


class RegisterFile:
    """A register CSV read row by row; `bytes_read` tells how far (for a progress bar)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.bytes_read = 0

    def records(self) -> Iterator[DossierRecord]:
        return (row.record() for row in self.rows())

    def rows(self) -> Iterator[RegisterRow]:
        """Raw rows, header and field count checked; cells are not validated here."""
        with open(self.path, "rb") as handle:
            reader = csv.reader(self._decoded_lines(handle))
            try:
                header = next(reader)
            except StopIteration:
                raise RegisterError("line 1: empty file, expected a header row") from None
            except csv.Error as exc:
                raise RegisterError(f"line 1: {exc}") from exc
            columns = [c.strip() for c in header]
            _check_header(columns)
            in_order = itemgetter(*(columns.index(c) for c in DOSSIER_COLUMNS))
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise RegisterError(f"line {reader.line_num}: {exc}") from exc
                if not any(cell.strip() for cell in row):
                    continue  # blank line
                if len(row) != len(columns):
                    raise RegisterError(
                        f"line {reader.line_num}: expected {len(columns)} fields, found {len(row)}"
                    )
                yield RegisterRow(reader.line_num, tuple(map(str.strip, in_order(row))))

    def _decoded_lines(self, handle: BinaryIO) -> Iterator[str]:
        """Lines decoded one by one, so that a bad byte is reported on its own line."""
        for number, raw in enumerate(handle, start=1):
            self.bytes_read += len(raw)
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise RegisterError(f"line {number}: not UTF-8 ({exc.reason})") from None


class ImportProgress:
    """Rows and rows/s on stderr while a register imports, with the total estimated
    from the bytes read so far and the file size. Silent when quiet or off a terminal."""

    def __init__(self, register: RegisterFile, *, quiet: bool = False) -> None:
        self.register = register
        self.bar: tqdm[None] | None = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm  # only where a terminal shows it

            self.bar = tqdm(unit=" rows", unit_scale=True, file=sys.stderr, desc="dossiers")

    def update(self, rows: int) -> None:
        """`import_dossiers`'s progress callback: `rows` done so far."""
        if self.bar is None:
            return
        if done := self.register.bytes_read:  # rows per byte so far, times the size
            self.bar.total = max(rows, round(rows * self.register.size / done))
        self.bar.update(rows - self.bar.n)

    def __enter__(self) -> ImportProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def read_register_csv(path: Path) -> Iterator[DossierRecord]:
    """Yield one DossierRecord per row; raise RegisterError naming the line of a bad row.

    UTF-8 with or without BOM; the header must hold exactly the contract's columns
    (in any order). Empty cells become None; identifiers are normalised as the
    contract's entity values are, so that linking compares like with like.
    """
    yield from RegisterFile(path).records()  # a generator: nothing is opened until read


def _check_header(columns: list[str]) -> None:
    problems = []
    if missing := [c for c in DOSSIER_COLUMNS if c not in columns]:
        problems.append(f"missing columns {', '.join(missing)}")
    if unknown := [c for c in columns if c not in DOSSIER_COLUMNS]:
        problems.append(f"unknown columns {', '.join(unknown)}")
    if duplicate := sorted({c for c in columns if columns.count(c) > 1}):
        problems.append(f"duplicate columns {', '.join(duplicate)}")
    if problems:
        raise RegisterError(
            f"line 1: {'; '.join(problems)} (expected: {','.join(DOSSIER_COLUMNS)})"
        )


def _record(cells: dict[str, str]) -> DossierRecord:
    values = {k: (v.strip() or None) for k, v in cells.items()}
    if not values["dossier_id"]:
        raise ValueError("dossier_id is empty")
    if values["soort"] not in DOSSIER_KINDS:
        raise ValueError(f"soort must be one of {', '.join(DOSSIER_KINDS)}, got {cells['soort']!r}")
    for column, normalise in _NORMALISERS.items():
        if values[column] is not None:
            try:
                values[column] = normalise(values[column])
            except ValueError as exc:
                raise ValueError(f"{column} {cells[column].strip()!r}: {exc}") from None
    return DossierRecord(**values)


def _digits(expected: int) -> Callable[[str], str]:
    def normalise(value: str) -> str:
        digits = re.sub(r"[\s.-]", "", value)
        if not digits.isdigit() or len(digits) != expected:
            raise ValueError(f"expected {expected} digits")
        return digits

    return normalise


# Fast paths for values already in normal form (most rows of an export): a register of
# a million rows spent most of its import time in phonenumbers, stdnum and strptime.
_NINE_DIGITS = re.compile(r"[0-9]{9}")
_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
_DUTCH_E164 = re.compile(r"\+31[1-9][0-9]{8}")  # 9 national digits: always a possible number
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _bsn(value: str) -> str:
    if _NINE_DIGITS.fullmatch(value) and value != "000000000":
        total = sum((9 - i) * int(d) for i, d in enumerate(value[:8])) - int(value[8])
        if total % 11 == 0:
            return value
    try:
        return bsn.validate(value)
    except ValidationError as exc:
        raise ValueError(f"not a valid BSN ({exc.message})") from None


def _postcode(value: str) -> str:
    if _POSTCODE.fullmatch(value) and value[4:] not in ("SA", "SD", "SS"):
        return value
    try:
        return postcode.validate(value).replace(" ", "")
    except ValidationError as exc:
        raise ValueError(f"not a Dutch postcode ({exc.message})") from None


def _telefoon(value: str) -> str:
    if _DUTCH_E164.fullmatch(value):
        return value
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number ({exc})") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError("not an e-mail address")
    return value.lower()


def _geboortedatum(value: str) -> date:
    if _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("expected a date as YYYY-MM-DD") from None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):  # ISO per the contract; Dutch exports use d-m-Y
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError("expected a date as YYYY-MM-DD")


_NORMALISERS = {
    "v_nummer": _digits(10),
    "bsn": _bsn,
    "kvk": _digits(8),
    "postcode": _postcode,
    "telefoon": _telefoon,
    "email": _email,
    "geboortedatum": _geboortedatum,
}
