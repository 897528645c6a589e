"""The contract's day: deadlines and "today" are Amsterdam days (Algemene termijnenwet)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_date(received: datetime) -> date:
    """The calendar day of a timezone-aware moment in Amsterdam."""
    if received.tzinfo is None or received.utcoffset() is None:
        raise ValueError(f"receipt time must be timezone-aware, got {received.isoformat()}")
    return received.astimezone(AMSTERDAM).date()


def local_today(now: datetime | None = None) -> date:
    """Today in Amsterdam (of `now`, default the system clock): the day due dates compare with."""
    return local_date(now or datetime.now(UTC))
