"""Read the dossier register CSV of the contract, row by row, normalised and checked."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import phonenumbers
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn, postcode

from ikp.contract import DOSSIER_COLUMNS, DOSSIER_KINDS
from ikp.records import DossierRecord


class RegisterError(ValueError):
    """A register file cannot be read; the message starts with "line N:"."""


def read_register_csv(path: Path) -> Iterator[DossierRecord]:
    """Yield one DossierRecord per row; raise RegisterError naming the line of a bad row.

    UTF-8 with or without BOM; the header must hold exactly the contract's columns
    (in any order). Empty cells become None; identifiers are normalised as the
    contract's entity values are, so that linking compares like with like.
    """
    with open(path, "rb") as handle:
        reader = csv.reader(_decoded_lines(handle))
        try:
            header = next(reader)
        except StopIteration:
            raise RegisterError("line 1: empty file, expected a header row") from None
        except csv.Error as exc:
            raise RegisterError(f"line 1: {exc}") from exc
        columns = [c.strip() for c in header]
        _check_header(columns)
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
            try:
                yield _record(dict(zip(columns, row, strict=True)))
            except ValueError as exc:
                raise RegisterError(f"line {reader.line_num}: {exc}") from exc


def _decoded_lines(handle: BinaryIO) -> Iterator[str]:
    """Lines decoded one by one, so that a bad byte is reported on its own line."""
    for number, raw in enumerate(handle, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise RegisterError(f"line {number}: not UTF-8 ({exc.reason})") from None


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


def _bsn(value: str) -> str:
    try:
        return bsn.validate(value)
    except ValidationError as exc:
        raise ValueError(f"not a valid BSN ({exc.message})") from None


def _postcode(value: str) -> str:
    try:
        return postcode.validate(value).replace(" ", "")
    except ValidationError as exc:
        raise ValueError(f"not a Dutch postcode ({exc.message})") from None


def _telefoon(value: str) -> str:
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
