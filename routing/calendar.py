"""Working days and deadlines under the Algemene termijnenwet (see the contract).

The `holidays` package's NL calendar differs from the Awt list (no Goede Vrijdag,
5 May only every five years), so the list is built here from `dateutil.easter`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.easter import easter

from contract.clock import local_date

DEADLINE_WORKING_DAYS = 5


@lru_cache(maxsize=64)
def _holidays(year: int) -> tuple[tuple[date, str], ...]:
    e = easter(year)
    koningsdag = date(year, 4, 27)
    if koningsdag.weekday() == 6:  # on a Sunday it moves to Saturday 26 April
        koningsdag = date(year, 4, 26)
    days = [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (e - timedelta(days=2), "Goede Vrijdag"),
        (e, "Eerste Paasdag"),
        (e + timedelta(days=1), "Tweede Paasdag"),
        (koningsdag, "Koningsdag"),
        (date(year, 5, 5), "Bevrijdingsdag"),
        (e + timedelta(days=39), "Hemelvaartsdag"),
        (e + timedelta(days=49), "Eerste Pinksterdag"),
        (e + timedelta(days=50), "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ]
    return tuple(sorted(days))


def holidays_in(year: int) -> dict[date, str]:
    """The Algemene termijnenwet holidays of a year, exactly the contract's list, by date.

    Koningsdag follows the rule since 2014 (27 April, 26 April when that is a Sunday).
    """
    return dict(_holidays(year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, except the Awt holidays."""
    return day.weekday() < 5 and day not in holidays_in(day.year)


def working_days_after(received: datetime, n: int) -> date:
    """The n-th working day after the (Amsterdam) day of receipt, which itself does not count.

    n = 0 gives the day of receipt when that is a working day, else the next working day.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    day = local_date(received)
    if n == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def due_date(received: datetime, *, same_day: bool) -> date:
    """Five working days after receipt; same working day (or the next one) for urgent items."""
    return working_days_after(received, 0 if same_day else DEADLINE_WORKING_DAYS)
