"""store.web_sessions on both databases: idle and absolute limits, ending sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store.web_sessions import end_session, end_sessions_of, open_session, session_user

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
LIMITS = {"idle": timedelta(minutes=30), "absolute": timedelta(hours=10)}


def test_a_session_lives_while_used_and_ends_when_idle(store):
    sid = open_session(store.sessions, "anna", T0)
    assert session_user(store.sessions, sid, T0 + timedelta(minutes=29), **LIMITS) == "anna"
    assert session_user(store.sessions, sid, T0 + timedelta(minutes=58), **LIMITS) == "anna"
    assert session_user(store.sessions, sid, T0 + timedelta(minutes=89), **LIMITS) is None
    assert session_user(store.sessions, sid, T0 + timedelta(minutes=90), **LIMITS) is None, (
        "an ended session stays ended"
    )


def test_a_session_ends_after_ten_hours_however_busy(store):
    sid = open_session(store.sessions, "anna", T0)
    for minutes in range(20, 600, 20):
        assert session_user(store.sessions, sid, T0 + timedelta(minutes=minutes), **LIMITS)
    assert session_user(store.sessions, sid, T0 + timedelta(minutes=601), **LIMITS) is None


def test_ending_one_or_all_sessions_of_a_user(store):
    first, second = (open_session(store.sessions, "anna", T0) for _ in range(2))
    other = open_session(store.sessions, "bram", T0)
    end_session(store.sessions, first)
    assert session_user(store.sessions, first, T0, **LIMITS) is None
    assert session_user(store.sessions, second, T0, **LIMITS) == "anna"
    with store.sessions() as session, session.begin():
        assert end_sessions_of(session, "anna") == 1
    assert session_user(store.sessions, second, T0, **LIMITS) is None
    assert session_user(store.sessions, other, T0, **LIMITS) == "bram"
    assert session_user(store.sessions, "forged", T0, **LIMITS) is None
