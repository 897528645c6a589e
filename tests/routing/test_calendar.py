from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from routing import due_date, holidays_in, is_working_day, working_days_after

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


def at(y: int, m: int, d: int, hour: int = 10, tz: ZoneInfo = AMS) -> datetime:
    return datetime(y, m, d, hour, 0, tzinfo=tz)


# Written out by hand from the Awt list (not computed), so the test can disagree with the code.
EXPECTED_HOLIDAYS = {
    2025: {
        date(2025, 1, 1): "Nieuwjaarsdag",
        date(2025, 4, 18): "Goede Vrijdag",
        date(2025, 4, 20): "Eerste Paasdag",
        date(2025, 4, 21): "Tweede Paasdag",
        date(2025, 4, 26): "Koningsdag",  # 27 April 2025 is a Sunday
        date(2025, 5, 5): "Bevrijdingsdag",
        date(2025, 5, 29): "Hemelvaartsdag",
        date(2025, 6, 8): "Eerste Pinksterdag",
        date(2025, 6, 9): "Tweede Pinksterdag",
        date(2025, 12, 25): "Eerste Kerstdag",
        date(2025, 12, 26): "Tweede Kerstdag",
    },
    2026: {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 4, 3): "Goede Vrijdag",
        date(2026, 4, 5): "Eerste Paasdag",
        date(2026, 4, 6): "Tweede Paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 5): "Bevrijdingsdag",
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 24): "Eerste Pinksterdag",
        date(2026, 5, 25): "Tweede Pinksterdag",
        date(2026, 12, 25): "Eerste Kerstdag",
        date(2026, 12, 26): "Tweede Kerstdag",
    },
    2027: {
        date(2027, 1, 1): "Nieuwjaarsdag",
        date(2027, 3, 26): "Goede Vrijdag",
        date(2027, 3, 28): "Eerste Paasdag",
        date(2027, 3, 29): "Tweede Paasdag",
        date(2027, 4, 27): "Koningsdag",
        date(2027, 5, 5): "Bevrijdingsdag",
        date(2027, 5, 6): "Hemelvaartsdag",
        date(2027, 5, 16): "Eerste Pinksterdag",
        date(2027, 5, 17): "Tweede Pinksterdag",
        date(2027, 12, 25): "Eerste Kerstdag",
        date(2027, 12, 26): "Tweede Kerstdag",
    },
    2028: {
        date(2028, 1, 1): "Nieuwjaarsdag",
        date(2028, 4, 14): "Goede Vrijdag",
        date(2028, 4, 16): "Eerste Paasdag",
        date(2028, 4, 17): "Tweede Paasdag",
        date(2028, 4, 27): "Koningsdag",
        date(2028, 5, 5): "Bevrijdingsdag",
        date(2028, 5, 25): "Hemelvaartsdag",
        date(2028, 6, 4): "Eerste Pinksterdag",
        date(2028, 6, 5): "Tweede Pinksterdag",
        date(2028, 12, 25): "Eerste Kerstdag",
        date(2028, 12, 26): "Tweede Kerstdag",
    },
}


@pytest.mark.parametrize("year", sorted(EXPECTED_HOLIDAYS))
def test_holidays_are_exactly_the_algemene_termijnenwet_list(year: int) -> None:
    assert holidays_in(year) == EXPECTED_HOLIDAYS[year]


def test_koningsdag_moves_to_26_april_when_27_april_is_a_sunday() -> None:
    assert date(2025, 4, 26) in holidays_in(2025)
    assert date(2025, 4, 27) not in holidays_in(2025)


def test_bevrijdingsdag_is_a_day_off_every_year_not_only_every_fifth() -> None:
    assert not is_working_day(date(2026, 5, 5))  # a Tuesday; the `holidays` package disagrees
    assert not is_working_day(date(2027, 5, 5))


def test_goede_vrijdag_is_a_day_off() -> None:
    assert not is_working_day(date(2026, 4, 3))


def test_weekends_are_not_working_days_and_ordinary_weekdays_are() -> None:
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday
    assert is_working_day(date(2026, 3, 9))  # Monday


def test_mail_received_on_monday_is_due_next_monday() -> None:
    assert due_date(at(2026, 3, 2), same_day=False) == date(2026, 3, 9)


def test_mail_received_on_saturday_is_due_next_friday() -> None:
    assert due_date(at(2026, 3, 7), same_day=False) == date(2026, 3, 13)


def test_mail_received_the_thursday_before_easter_skips_goede_vrijdag_and_paasmaandag() -> None:
    assert due_date(at(2026, 4, 2), same_day=False) == date(2026, 4, 13)


def test_mail_received_on_goede_vrijdag_counts_from_tuesday_after_easter() -> None:
    assert due_date(at(2026, 4, 3), same_day=False) == date(2026, 4, 13)


def test_mail_received_on_christmas_eve_skips_christmas_and_new_year() -> None:
    assert due_date(at(2025, 12, 24), same_day=False) == date(2026, 1, 5)


def test_deadline_skips_koningsdag_on_a_monday() -> None:
    assert due_date(at(2026, 4, 24), same_day=False) == date(2026, 5, 4)


def test_deadline_skips_bevrijdingsdag_in_a_non_lustrum_year() -> None:
    assert due_date(at(2026, 4, 30), same_day=False) == date(2026, 5, 8)


def test_usz_item_received_on_a_working_day_is_due_the_same_day() -> None:
    assert due_date(at(2026, 3, 4, hour=16), same_day=True) == date(2026, 3, 4)


def test_usz_item_received_on_saturday_is_due_monday() -> None:
    assert due_date(at(2026, 3, 7), same_day=True) == date(2026, 3, 9)


def test_usz_item_received_on_easter_saturday_is_due_the_tuesday_after_easter() -> None:
    assert due_date(at(2026, 4, 4), same_day=True) == date(2026, 4, 7)


def test_late_sunday_utc_is_monday_in_amsterdam_in_winter() -> None:
    received = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 00:30 on Monday 2 March, CET
    assert due_date(received, same_day=False) == date(2026, 3, 9)
    assert due_date(received, same_day=True) == date(2026, 3, 2)


def test_late_sunday_utc_is_monday_in_amsterdam_in_summer() -> None:
    received = datetime(2026, 6, 14, 22, 30, tzinfo=UTC)  # 00:30 on Monday 15 June, CEST
    assert due_date(received, same_day=False) == date(2026, 6, 22)
    assert due_date(received, same_day=True) == date(2026, 6, 15)


def test_working_days_after_zero_is_receipt_day_or_next_working_day() -> None:
    assert working_days_after(at(2026, 3, 4), 0) == date(2026, 3, 4)
    assert working_days_after(at(2026, 3, 8), 0) == date(2026, 3, 9)


def test_naive_receipt_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_date(datetime(2026, 3, 2, 10, 0), same_day=False)


def test_today_is_the_amsterdam_day_due_dates_compare_with() -> None:
    from contract.clock import local_today

    assert local_today(datetime(2027, 12, 31, 23, 30, tzinfo=UTC)) == date(2028, 1, 1)
    assert local_today(datetime(2027, 6, 30, 21, 59, tzinfo=UTC)) == date(2027, 6, 30)
    assert local_today(datetime(2027, 6, 30, 22, 0, tzinfo=UTC)) == date(2027, 7, 1)
