"""Read the dossier register CSV of the contract, row by row, normalised and checked."""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

import phonenumbers
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn, postcode

from contract.records import DossierRecord
from contract.vocabulary import DOSSIER_COLUMNS, DOSSIER_KINDS
from linking.keys import record_keys
from linking.names import organisation_key, surname_key

if TYPE_CHECKING:
    from tqdm import tqdm


class RegisterError(ValueError):
    """A register file cannot be read; the message starts with "line N:"."""


class TooManyRejects(Exception):
    """More rows had problems than an import allows (`RejectReport.max_rejects`).

    Not a ValueError: an import that skips bad rows must not skip this one too."""


@dataclass(frozen=True)
class Reject:
    """One problem in a register file: a whole row left out, or one cell left empty."""

    line: int
    dossier_id: str
    column: str  # "" when the row as a whole could not be read
    value: str
    problem: str
    whole_row: bool

    @property
    def action(self) -> str:
        return "row rejected" if self.whole_row else "cell left empty"


REJECT_COLUMNS = ("line", "dossier_id", "column", "value", "problem", "action")


class RejectReport:
    """Collects a register's problems while it is read leniently, as CSV rows in `path`
    (created at the first problem only; None: counted, not written).

    A row without a dossier_id or a valid soort, or one that cannot be read as a row, is
    rejected whole; an invalid cell in any other column is left empty and the row loaded.
    More than `max_rejects` rows with a problem raise `TooManyRejects`: an export with its
    columns shifted must not empty a million cells.
    """

    def __init__(self, path: Path | None = None, *, max_rejects: int | None = None) -> None:
        self.path = path
        self.max_rejects = max_rejects
        self.rows_rejected = 0
        self.rows_partial = 0
        self.first_lines: list[int] = []  # the first few, for a message
        self._partial_lines: set[int] = set()
        self._out: TextIO | None = None
        self._writer: Any = None

    def __enter__(self) -> RejectReport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None

    def _write(self, reject: Reject) -> None:
        if self.path is None:
            return
        if self._writer is None:  # opened at the first problem, closed by close()
            self._out = open(self.path, "w", newline="", encoding="utf-8")  # noqa: SIM115
            self._writer = csv.writer(self._out)
            self._writer.writerow(REJECT_COLUMNS)
        self._writer.writerow(
            [
                reject.line,
                reject.dossier_id,
                reject.column,
                reject.value,
                reject.problem,
                reject.action,
            ]
        )

    @property
    def rows(self) -> int:
        """Rows with any problem: rejected whole or loaded with cells left empty."""
        return self.rows_rejected + self.rows_partial

    def add(self, reject: Reject) -> None:
        self._write(reject)
        if reject.whole_row:
            self.rows_rejected += 1
            if reject.line in self._partial_lines:  # cells first, then the row as a whole
                self._partial_lines.discard(reject.line)
                self.rows_partial -= 1
        elif reject.line not in self._partial_lines:
            self._partial_lines.add(reject.line)
            self.rows_partial += 1
        if reject.line not in self.first_lines:  # the five first lines, in file order
            self.first_lines = sorted([*self.first_lines, reject.line])[:5]
        if self.max_rejects is not None and self.rows > self.max_rejects:
            raise TooManyRejects(
                f"line {reject.line}: more than {self.max_rejects} rows with rejected cells "
                "or rows; stopped"
            )

    def partial(self, line: int) -> bool:
        """Whether the row on `line` was loaded with cells left empty."""
        return line in self._partial_lines


# Part of every row digest: bump it when normalisation changes, so that rows cached
# as "imported unchanged" are read again.
REGISTER_FORMAT = "2"  # 2: weak-evidence keys (linking.keys) stored beside each row


@dataclass(frozen=True)
class RegisterRow:
    """One row as it stands in the file: stripped cells in the contract's column order.

    `digest` identifies the cells, so that an import can skip a row it has imported
    before without validating it again; `record()` validates and normalises.
    """

    line: int
    cells: tuple[str, ...]
    rejects: RejectReport | None = field(default=None, compare=False)

    @property
    def dossier_id(self) -> str:
        return self.cells[0]

    @property
    def digest(self) -> str:
        return cells_digest("csv", self.cells)

    @property
    def partial(self) -> bool:
        """True after `record()` left invalid cells empty: such a row is checked (and
        reported) again by the next import instead of being skipped on its digest."""
        return self.rejects is not None and self.rejects.partial(self.line)

    def record(self) -> DossierRecord:
        """The validated record. Strict (no `rejects`): any invalid cell raises. Lenient:
        invalid cells are reported and left empty; only a row without a dossier_id or a
        valid soort raises (after it is reported)."""
        cells = dict(zip(DOSSIER_COLUMNS, self.cells, strict=True))
        try:
            if self.rejects is None:
                return _record(cells)
            return _record(cells, invalid=self._cell_rejected)
        except ValueError as exc:
            if self.rejects is not None:
                column = next((c for c in ("dossier_id", "soort") if str(exc).startswith(c)), "")
                value = cells[column] if column else ""
                self.rejects.add(Reject(self.line, self.dossier_id, column, value, str(exc), True))
            raise RegisterError(f"line {self.line}: {exc}") from exc

    def _cell_rejected(self, column: str, value: str, problem: str) -> None:
        assert self.rejects is not None
        self.rejects.add(Reject(self.line, self.dossier_id, column, value, problem, False))


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

    @property
    def partial(self) -> bool:
        return False

    def record(self) -> DossierRecord:
        return self.value


def blocking_keys(record: DossierRecord) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The keys a register stores beside a record for candidate search: (surname key,
    organisation key, weak-evidence keys); see `linking.names` and `linking.keys`."""
    surname = surname_key(record.achternaam) if record.achternaam else None
    organisation = organisation_key(record.naam) if record.naam else None
    return surname, organisation, record_keys(record)


class RegisterFile:
    """A register CSV read row by row; `bytes_read` tells how far (for a progress bar).

    With `rejects` the file is read leniently: a row that cannot be read (wrong number of
    fields, bytes that are not UTF-8, broken quoting) is reported there and left out, and
    its rows validate leniently (`RegisterRow.record`). A bad header always raises.
    """

    def __init__(self, path: Path, rejects: RejectReport | None = None) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.bytes_read = 0
        self.rejects = rejects
        self._bad_lines: dict[int, str] = {}  # line number -> decoding problem (lenient)

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
            first_id = columns.index("dossier_id")
            while True:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    self._reject(reader.line_num, "", f"{exc}")
                    continue
                if not any(cell.strip() for cell in row):
                    continue  # blank line
                found = self._decoding_problem(start, reader.line_num)
                if found is not None:
                    line, problem = found
                    dossier_id = row[first_id].strip() if len(row) > first_id else ""
                    self._reject(line, dossier_id, problem)
                    continue
                if len(row) != len(columns):
                    dossier_id = row[first_id].strip() if len(row) > first_id else ""
                    problem = f"expected {len(columns)} fields, found {len(row)}"
                    self._reject(reader.line_num, dossier_id, problem)
                    continue
                cells = tuple(map(str.strip, in_order(row)))
                yield RegisterRow(reader.line_num, cells, self.rejects)

    def _reject(self, line: int, dossier_id: str, problem: str) -> None:
        """A row that cannot be read: raise when strict, report and go on when lenient."""
        if self.rejects is None:
            raise RegisterError(f"line {line}: {problem}")
        self.rejects.add(Reject(line, dossier_id, "", "", problem, True))

    def _decoding_problem(self, first: int, last: int) -> tuple[int, str] | None:
        if not self._bad_lines:
            return None
        for line in range(first, last + 1):
            if (problem := self._bad_lines.pop(line, None)) is not None:
                return line, problem
        return None

    def _decoded_lines(self, handle: BinaryIO) -> Iterator[str]:
        """Lines decoded one by one, so that a bad byte is reported on its own line."""
        for number, raw in enumerate(handle, start=1):
            self.bytes_read += len(raw)
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                problem = f"not UTF-8 ({exc.reason})"
                if self.rejects is None or number == 1:
                    raise RegisterError(f"line {number}: {problem}") from None
                self._bad_lines[number] = problem  # the row it is part of is left out
                yield raw.decode("utf-8", errors="replace")


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
        """`import_dossiers`'s progress callback: `rows` done so far (rejected rows
        included: they were read too)."""
        if self.bar is None:
            return
        rejects = self.register.rejects
        if rejects is not None:
            rows += rejects.rows_rejected
            if rejects.rows:
                self.bar.set_postfix_str(f"{rejects.rows} with rejects", refresh=False)
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


MAX_DOSSIER_ID = 64  # the stored column's length


def _record(
    cells: dict[str, str], invalid: Callable[[str, str, str], None] | None = None
) -> DossierRecord:
    """Validate and normalise; an invalid cell raises, or with `invalid` is passed to it
    (column, value, problem) and left empty. dossier_id and soort always raise."""
    values = {k: (v.strip() or None) for k, v in cells.items()}
    if not values["dossier_id"]:
        raise ValueError("dossier_id is empty")
    if len(values["dossier_id"]) > MAX_DOSSIER_ID:
        raise ValueError(f"dossier_id is longer than {MAX_DOSSIER_ID} characters")
    if values["soort"] not in DOSSIER_KINDS:
        raise ValueError(f"soort must be one of {', '.join(DOSSIER_KINDS)}, got {cells['soort']!r}")
    for column, normalise in _NORMALISERS.items():
        if values[column] is not None:
            try:
                values[column] = normalise(values[column])
            except ValueError as exc:
                value = cells[column].strip()
                if invalid is None:
                    raise ValueError(f"{column} {value!r}: {exc}") from None
                invalid(column, value, str(exc))
                values[column] = None
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
    if len(value) > 320 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
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
