"""scripts/demo_mail.py: the demo mails get receipt dates relative to the demo's clock."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest

from contract.clock import local_today
from ikp.cli import main
from routing.calendar import due_date, is_working_day, working_days_after
from scripts.demo_mail import DEMO_MAIL, SCHEDULE, copy_demo_mail, receipt, restamp

AMS = ZoneInfo("Europe/Amsterdam")
DEMO = DEMO_MAIL.parent
NOWS = [
    datetime(2026, 11, 25, 14, 0, tzinfo=AMS),  # an ordinary Wednesday
    datetime(2027, 3, 26, 15, 0, tzinfo=AMS),  # Goede Vrijdag, Easter Monday after it
    datetime(2027, 6, 5, 11, 0, tzinfo=AMS),  # a Saturday, summer time
    datetime(2027, 12, 31, 23, 30, tzinfo=UTC),  # 1 January 2028 in Amsterdam already
]


def _header(raw: bytes, name: str) -> datetime:
    for line in raw.decode().splitlines():
        if line.lower().startswith(name.lower() + ":"):
            value = line.rpartition(";")[2] if name == "Received" else line.partition(":")[2]
            return parsedate_to_datetime(value)
    raise AssertionError(f"no {name} header")


def test_restamp_moves_received_and_date_together_and_keeps_the_rest():
    raw = (DEMO_MAIL / "05-referent.eml").read_bytes()
    when = datetime(2027, 6, 1, 9, 15, tzinfo=AMS)
    new = restamp(raw, when)
    assert receipt(new) == when
    assert _header(new, "Received") - _header(new, "Date") == timedelta(seconds=20)
    assert "Jun 2027 09:15:00 +0200" in new.decode()  # Amsterdam summer time
    old_lines, new_lines = raw.splitlines(), new.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert [old_lines[i].split(b":")[0] for i in changed] == [b"Received", b"Date"]


def test_restamp_moves_every_hop_of_a_folded_received():
    raw = (
        b"Received: from relay.example by mail.ikp.example;\r\n"
        b"\tMon, 23 Nov 2026 10:00:05 +0100\r\n"
        b"Received: from a.example by relay.example; Mon, 23 Nov 2026 10:00:00 +0100\r\n"
        b"Received: from somewhere without a date\r\n"
        b"Date: Mon, 23 Nov 2026 09:59:00 +0100\r\n"
        b"Subject: x\r\n\r\nDate: in de tekst blijft staan\r\n"
    )
    new = restamp(raw, datetime(2027, 1, 4, 10, 0, 5, tzinfo=AMS))
    assert receipt(new) == datetime(2027, 1, 4, 10, 0, 5, tzinfo=AMS)
    assert b"; Mon, 04 Jan 2027 10:00:00 +0100\r\n" in new
    assert b"Date: Mon, 04 Jan 2027 09:59:00 +0100\r\n" in new
    assert b"Received: from somewhere without a date\r\n" in new
    assert new.endswith(b"\r\n\r\nDate: in de tekst blijft staan\r\n")


def test_a_mail_without_dates_is_left_alone(tmp_path):
    [kapot] = [p for p in copy_demo_mail(tmp_path, now=NOWS[0]) if p.name == "07-kapot.eml"]
    assert kapot.read_bytes() == (DEMO_MAIL / "07-kapot.eml").read_bytes()


@pytest.mark.parametrize("now", NOWS, ids=lambda n: n.isoformat())
def test_the_queue_gets_one_overdue_one_due_today_and_the_rest_to_come(tmp_path, now):
    copies = {p.name: receipt(p.read_bytes()) for p in copy_demo_mail(tmp_path, now=now)}
    assert copies.pop("07-kapot.eml") is None  # received when delivered
    assert set(copies) == set(SCHEDULE)
    today = local_today(now)
    first_working_day = working_days_after(now, 0)  # today, or the next working day
    due = {}
    for name, received in copies.items():
        assert received is not None and received < now
        assert is_working_day(received.astimezone(AMS).date())
        due[name] = due_date(received, same_day=False)
    assert [n for n, d in due.items() if d < today] == ["01-gemeente-adres.eml"]
    assert due["02-buurman.eml"] == first_working_day
    coming = [due[n] for n in sorted(due)[2:]]
    assert all(d > first_working_day for d in coming) and len(set(coming)) == len(coming)


def test_the_same_dates_where_days_differ_between_utc_and_amsterdam(tmp_path):
    now = datetime(2027, 12, 31, 23, 30, tzinfo=UTC)  # Saturday 1 January 2028 in Amsterdam
    copies = {p.name: receipt(p.read_bytes()) for p in copy_demo_mail(tmp_path, now=now)}
    # five working days before Monday 3 January (not before Friday 31 December, as in UTC)
    assert copies["02-buurman.eml"].astimezone(AMS).date() == date(2027, 12, 27)


@pytest.mark.slow
def test_ikp_ingest_of_the_copies_gives_the_scheduled_deadlines(tmp_path, monkeypatch):
    """The fallback of `make demo` without a mailbox: `ikp ingest` of the copies."""
    now = datetime(2026, 11, 25, 14, 0, tzinfo=AMS)
    mails = tmp_path / "mail"
    copy_demo_mail(mails, now=now)
    monkeypatch.setenv("IKP_DATABASE_URL", f"sqlite:///{tmp_path / 'ikp.sqlite3'}")
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    assert main(["dossiers", "import", str(DEMO / "register.csv"), "--quiet"]) == 0
    assert main(["ingest", str(mails)]) == 0
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["items", "--json"]) == 0
    items = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(items) == len(SCHEDULE) + 1  # and 07-kapot.eml, received when ingested
    scheduled = [i for i in items if datetime.fromisoformat(i["received"]) < now]
    # Wednesday 25 November 2026: one overdue (Monday 23rd), one due today, then day by day
    assert sorted(i["due"] for i in scheduled) == [
        "2026-11-23",
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
        "2026-11-30",
        "2026-12-01",
    ]
