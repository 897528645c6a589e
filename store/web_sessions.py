"""Server-side web sessions: the browser's cookie carries a random id, the row says who
and since when. Ending a session deletes its row, so a copied or replayed cookie is
worth nothing after logout, a password change or `ikp users lock`. Only the id's
sha256 is stored: a copy of the table does not let anyone log in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.orm import Session, sessionmaker

from store.models import WebSession

# seen_at is written at most this often: not every page view needs a write.
TOUCH_EVERY = timedelta(seconds=60)


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def open_session(sessions: sessionmaker[Session], username: str, now: datetime) -> str:
    """A new session for `username`; the returned id goes into the cookie."""
    session_id = secrets.token_urlsafe(32)
    with sessions() as session, session.begin():
        session.add(
            WebSession(id_sha256=_key(session_id), username=username, created_at=now, seen_at=now)
        )
    return session_id


def session_user(
    sessions: sessionmaker[Session],
    session_id: str,
    now: datetime,
    *,
    idle: timedelta,
    absolute: timedelta,
) -> str | None:
    """Whose live session this is; an idle or too old one is ended. Restarts the idle clock."""
    key = _key(session_id)
    with sessions() as session:
        row = session.get(WebSession, key)
        if row is None:
            return None
        username, created_at, seen_at = row.username, row.created_at, row.seen_at
    if now - seen_at > idle or now - created_at > absolute:
        end_session(sessions, session_id)
        return None
    if now - seen_at >= TOUCH_EVERY:
        with sessions() as session, session.begin():
            session.execute(
                update(WebSession).where(WebSession.id_sha256 == key).values(seen_at=now)
            )
    return username


def end_session(sessions: sessionmaker[Session], session_id: str) -> None:
    with sessions() as session, session.begin():
        session.execute(delete(WebSession).where(WebSession.id_sha256 == _key(session_id)))


def end_sessions_of(session: Session, username: str) -> int:
    """End every session of `username` (inside the caller's transaction); how many."""
    ended = session.execute(delete(WebSession).where(WebSession.username == username)).rowcount
    return int(ended or 0)
