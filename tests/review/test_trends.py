"""Trends: a planted rise alerts in its week and not in quiet weeks; the page and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from review.trends import TRAILING, Series, assess, compute, poisson_tail, threshold, week_label
from tests.review.factories import USERS, login, seed_weeks

QUIET = [3, 2, 4, 3, 5, 2, 3, 4, 1, 3, 6, 2, 3, 4, 3, 2, 5, 3, 4, 3]
RISE_AT = len(QUIET)
PLANTED = [*QUIET, 16, 3, 4, 2]
LAST_MONDAY = date(2026, 11, 30)  # the Monday of the last week seed_weeks fills


def test_poisson_tail_matches_known_values():
    assert poisson_tail(0, 3.0) == 1.0
    assert poisson_tail(1, 3.0) == pytest.approx(1 - 0.049787, abs=1e-6)
    assert poisson_tail(10, 3.0) == pytest.approx(0.001102, abs=1e-6)
    assert threshold(3.0) == 11  # P(X >= 11 | 3) < 0.001 <= P(X >= 10 | 3)


def test_a_planted_rise_alerts_in_its_week_and_not_in_quiet_weeks():
    series = assess(Series("type", "arbeidsuitbuiting", list(PLANTED)))
    assert series.alerts == [RISE_AT]
    assert series.baseline[:TRAILING] == [None] * TRAILING  # too little history to judge


def test_a_series_is_judged_only_after_eight_weeks_from_its_first_item():
    series = assess(Series("destination", "hik", [0] * 10 + [6, 2, 7] + [3] * 10 + [15]))
    assert series.alerts == [23]
    assert series.baseline[: 10 + TRAILING] == [None] * (10 + TRAILING)


def test_a_steady_series_and_a_small_bump_raise_no_alert():
    assert assess(Series("type", "x", [4] * 30)).alerts == []
    assert assess(Series("type", "x", [*QUIET, 7, 3])).alerts == []


def test_the_store_series_alert_in_the_planted_week_only(seeded):
    seed_weeks(seeded, PLANTED, "arbeidsuitbuiting", first_id=1)
    seed_weeks(seeded, [2] * len(PLANTED), "schijnhuwelijk", first_id=1000)
    with seeded.sessions() as session:
        trends = compute(session, until=LAST_MONDAY + timedelta(days=3), weeks=len(PLANTED))
    alerts = [(week_label(w), s.dimension, s.group) for w, s in trends.alerts()]
    rise = week_label(LAST_MONDAY - timedelta(weeks=len(PLANTED) - 1 - RISE_AT))
    # the type's rise shows in its type, and in its destination and source groups as well
    assert ("type", "arbeidsuitbuiting") in {(d, g) for _, d, g in alerts}
    assert {w for w, _, _ in alerts} == {rise}
    assert ("type", "schijnhuwelijk") not in {(d, g) for _, d, g in alerts}


def test_trends_page_and_csv_for_analysts_only(client, seeded):
    seed_weeks(seeded, PLANTED, "arbeidsuitbuiting", first_id=1)
    until = (LAST_MONDAY + timedelta(days=2)).isoformat()
    for name, role in USERS.items():
        client.cookies.clear()
        login(client, name)
        page = client.get("/trends", params={"until": until})
        assert page.status_code == (200 if role in ("analist", "beheerder") else 403), role
    client.cookies.clear()
    login(client, "dirk")
    page = client.get("/trends", params={"until": until})
    rise = week_label(LAST_MONDAY - timedelta(weeks=len(PLANTED) - 1 - RISE_AT))
    assert f"<tr><td>{rise}</td><td>type</td><td>arbeidsuitbuiting</td>" in page.text
    assert 'class="alert"' in page.text and "<script>" not in page.text
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/trends.csv", params={"until": until}).text.split("\n\n")[0])
        )
    )
    planted = [r for r in rows if r["dimension"] == "type" and r["group"] == "arbeidsuitbuiting"]
    assert [int(r["count"]) for r in planted][-len(PLANTED) :] == PLANTED
    assert [r["week"] for r in planted if r["alert"] == "1"] == [rise]
