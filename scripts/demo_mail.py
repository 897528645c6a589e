"""Copy the demo mails with receipt dates relative to now, for `make demo`.

demo/mail/*.eml carry fixed Date and Received headers; delivered as they are, every
item in the queue would be long overdue. This copies them with every Date and
Received date moved so that each mail arrives a number of working days before today
(SCHEDULE), at its own time of day: one overdue, one due today, the others due in
the coming days. Everything else in a mail, the body included, stays byte for byte.
A mail without dates (07-kapot.eml) is left as it is and counts from its delivery.

Usage: python scripts/demo_mail.py OUT_DIR [SOURCE_DIR]   (SOURCE_DIR: demo/mail)
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from contract.clock import AMSTERDAM, local_date
from ingest.envelope import read_envelope
from routing.calendar import DEADLINE_WORKING_DAYS, is_working_day

DEMO_MAIL = Path(__file__).resolve().parents[1] / "demo" / "mail"
# Working days between receipt and today; the deadline is five working days.
SCHEDULE = {
    "01-gemeente-adres.eml": DEADLINE_WORKING_DAYS + 2,  # overdue
    "02-buurman.eml": DEADLINE_WORKING_DAYS,  # due today
    "03-politie-vordering.eml": 4,
    "04-vraag-status.eml": 3,
    "05-referent.eml": 2,
    "06-doorgestuurd.eml": 1,
}
DEFAULT_DAYS_BACK = 1
_FIELD = re.compile(rb"^(Date|Received):", re.IGNORECASE)


def receipt_day(today: date, days_back: int) -> date:
    """The working day `days_back` working days before `today`.

    On a weekend or holiday the count starts from the next working day, so the
    schedule keeps its shape: the mail "due today" is then due on that day.
    """
    day = today
    while not is_working_day(day):
        day += timedelta(days=1)
    for _ in range(days_back):
        day -= timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
    return day


def _parse(value: bytes) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value.decode("ascii", "replace").strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _header_fields(head: bytes) -> list[bytes]:
    """The header block as fields, each with its folded continuation lines."""
    fields: list[bytes] = []
    for line in head.splitlines(keepends=True):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1] += line
        else:
            fields.append(line)
    return fields


def _date_span(field: bytes) -> tuple[int, int] | None:
    """Where the date of a Date or Received field is: all of a Date, after a Received's `;`."""
    found = _FIELD.match(field)
    if not found:
        return None
    start = field.rfind(b";") + 1 if found.group(1).lower() == b"received" else found.end()
    if start == 0:  # a Received without `;` has no date
        return None
    end = len(field.rstrip(b"\r\n"))
    return start, end


def receipt(raw: bytes) -> datetime | None:
    """When ikp takes the mail to be received (what `ikp ingest` and the mailbox use)."""
    return read_envelope(raw).received


def restamp(raw: bytes, received: datetime) -> bytes:
    """The mail with every Date and Received date moved by the same amount, so that it
    is received at `received`; written in Amsterdam time. Unchanged without dates."""
    old = receipt(raw)
    if old is None:
        return raw
    shift = received - old
    cut = min((i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0), default=len(raw))
    out: list[bytes] = []
    for field in _header_fields(raw[:cut]):
        span = _date_span(field)
        moment = _parse(field[span[0] : span[1]]) if span else None
        if span and moment is not None:
            new = format_datetime((moment + shift).astimezone(AMSTERDAM))
            field = field[: span[0]] + b" " + new.encode("ascii") + field[span[1] :]
        out.append(field)
    return b"".join(out) + raw[cut:]


def scheduled_receipt(name: str, old: datetime, now: datetime) -> datetime:
    """The mail's new moment of receipt: its working day by SCHEDULE, at its own
    time of day in Amsterdam (never later than `now`)."""
    day = receipt_day(local_date(now), SCHEDULE.get(name, DEFAULT_DAYS_BACK))
    clock = old.astimezone(AMSTERDAM).time()
    return min(datetime.combine(day, clock, tzinfo=AMSTERDAM), now)


def copy_demo_mail(out: Path, source: Path = DEMO_MAIL, now: datetime | None = None) -> list[Path]:
    """Copy source/*.eml to out/ with receipt dates relative to `now` (default: the clock)."""
    now = now or datetime.now(UTC)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.glob("*.eml")):
        raw = path.read_bytes()
        old = receipt(raw)
        if old is not None:
            raw = restamp(raw, scheduled_receipt(path.name, old, now))
        target = out / path.name
        target.write_bytes(raw)
        written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.rsplit("Usage: ", 1)[1])
    copy_demo_mail(Path(sys.argv[1]), *(Path(a) for a in sys.argv[2:]))
