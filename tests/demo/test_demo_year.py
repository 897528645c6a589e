"""The demo's generated year (scripts/demo_year.py, scripts/load_demo_year.py): loaded in a
fresh process through the product's intake, workers and review, its planted phenomena are
the clusters the analyst sees on /phenomena, and its planted rise is the alert on /trends
in its week and in no quiet week before it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from contract.vocabulary import SIGNAL_TYPES
from ikp.config import Settings, open_store
from ikp.phenomena import find_clusters
from ikp.web import web_app
from review import trends
from scripts.demo_year import PER_WEEK, Year, generate_year
from store.models import Item
from tests.review.factories import add_users, login

END = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)  # a Saturday morning
ROOT = Path(__file__).resolve().parents[2]
SMALL = 12  # tips a week in the small year of most tests


def test_the_generator_is_deterministic_per_seed():
    first, again = generate_year(END, per_week=SMALL), generate_year(END, per_week=SMALL)
    assert first.tips == again.tips
    other = generate_year(END, per_week=SMALL, seed=18)
    assert other.tips != first.tips
    assert [t.text for t in other.tips[:20]] != [t.text for t in first.tips[:20]]


def test_the_year_is_a_few_thousand_tips_of_every_type_source_and_both_languages():
    year = generate_year(END)
    assert 2000 <= len(year.tips) <= 4000
    assert all(year.weeks[0] <= t.received.date() and t.received < END for t in year.tips)
    assert len({t.received for t in year.tips}) == len(year.tips)  # a tip is its moment
    assert {c for t in year.tips for c in t.types} == set(SIGNAL_TYPES)
    assert set(Counter(t.channel for t in year.tips)) == {"email", "phone", "desk"}
    domains = Counter(t.sender.rpartition("@")[2].rstrip(">") for t in year.tips if "@" in t.sender)
    assert domains["ind.example"] and domains["avim.politie.example"] and domains["webmail.example"]
    assert 0.05 < sum(t.language == "en" for t in year.tips) / len(year.tips) < 0.12
    decided = [t for t in year.tips if t.decided]
    assert len(decided) > 0.95 * len(year.tips)
    assert all(t.received <= t.decided < END for t in decided)  # type: ignore[operator]
    # Winter inflow above the summer holidays' (background, seasonal).
    per_week = Counter(t.received.isocalendar()[1] for t in year.tips if not t.planted)
    assert sum(per_week[w] for w in (4, 5, 6)) > sum(per_week[w] for w in (30, 31, 32))


def test_six_phenomena_of_different_kinds_grow_into_the_last_weeks():
    year = generate_year(END)
    assert len({p.kind for p in year.planted}) == len(year.planted) >= 5
    recent = END - timedelta(weeks=4)
    for p in year.planted:
        tips = year.of(p.name)
        assert len(tips) >= 8 and any(t.received >= recent for t in tips), p.name
        assert len({t.received.isocalendar()[:2] for t in tips}) >= 5, p.name  # over weeks
        # No background tip names the planted value in any notation.
        digits = "".join(c for c in p.value if c.isalnum()).lower()
        for t in year.tips:
            if t.planted != p.name:
                assert digits not in "".join(c for c in t.text if c.isalnum()).lower()


def _load(settings: Settings, *args: str) -> dict[str, object]:
    """scripts/load_demo_year.py in a fresh process, as scripts/demo.sh runs it."""
    env = {**os.environ, "IKP_DATA_DIR": str(settings.data_dir)}
    env.pop("IKP_DATABASE_URL", None)
    if settings.database_url:
        env["IKP_DATABASE_URL"] = settings.database_url
    done = subprocess.run(
        [sys.executable, "-m", "scripts.load_demo_year", "--end", END.isoformat(), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def _ids_by_moment(settings: Settings) -> dict[datetime, int]:
    with open_store(settings) as store, store.sessions() as session:
        return dict(session.execute(select(Item.received, Item.id)).tuples().all())


def _assert_the_analyst_sees_the_year(settings: Settings, year: Year) -> None:
    ids = _ids_by_moment(settings)
    assert len(ids) == len(year.tips)
    until = datetime.combine(END.date() + timedelta(days=1), datetime.min.time(), UTC)
    with open_store(settings) as store:
        found = find_clusters(store, until=until, since=until - timedelta(weeks=4))
        with store.sessions() as session:
            seen = trends.compute(session, until=END.date())
        add_users(store)
    anchors = {}
    for p in year.planted:
        planted = sorted(ids[t.received] for t in year.of(p.name))
        holding = [c for c in found if (p.kind, p.value) in {(s.kind, s.value) for s in c.shared}]
        assert len(holding) == 1, p.name
        [cluster] = holding
        assert list(cluster.items) == planted, p.name  # all of them, and nothing else
        anchors[p.name] = cluster.anchor
    # The rise: an alert in its week, none in the quiet weeks before it.
    [series] = [s for s in seen.series if (s.dimension, s.group) == ("type", year.rise_type)]
    rise = seen.weeks.index(year.rise_week)
    assert rise in series.alerts
    assert [i for i in series.alerts if i < rise] == []
    # As the analyst sees them: /phenomena of the last four weeks, /trends of the year.
    with TestClient(web_app(settings), follow_redirects=False) as client:
        login(client, "dirk")
        page = client.get("/phenomena", params={"until": END.date().isoformat(), "weeks": "4"})
        for p in year.planted:
            assert f"Cluster {anchors[p.name]}: {len(year.of(p.name))} items," in page.text
        page = client.get("/trends", params={"until": END.date().isoformat()})
        row = f"<tr><td>{trends.week_label(year.rise_week)}</td><td>type</td><td>{year.rise_type}<"
        assert row in page.text


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_small_year_on_postgresql_shows_each_planted_phenomenon_and_the_rise(
    tmp_path, database_url
):
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    loaded = _load(settings, "--per-week", str(SMALL))
    year = generate_year(END, per_week=SMALL)
    assert loaded["items"] == len(year.tips)
    assert loaded["decisions"] == sum(1 for t in year.tips if t.decided)
    _assert_the_analyst_sees_the_year(settings, year)


@pytest.mark.slow
def test_the_year_the_demo_loads_shows_them_on_sqlite(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    loaded = _load(settings)
    year = generate_year(END, per_week=PER_WEEK)
    assert loaded["items"] == len(year.tips)
    _assert_the_analyst_sees_the_year(settings, year)
