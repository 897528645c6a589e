"""Web users: argon2 password hashes, roles from the contract, login rate limits.

Failed logins are rows in the database, so every daemon on one database sees the
same count: after `per_account` failures for one user name, or `per_client`
from one address, within `window`, logins are refused until the oldest of those
failures leaves the window. The password is then not even checked.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from contract.vocabulary import ROLES
from store.models import AuditEntry, LoginFailure, User, utcnow
from store.web_sessions import end_sessions_of

_hasher = PasswordHasher()
# Verified against for unknown users so that a login takes as long either way.
_DUMMY_HASH = _hasher.hash("no such user")
MIN_PASSWORD_LENGTH = 12


class UserError(ValueError):
    pass


def add_user(
    sessions: sessionmaker[Session], username: str, role: str, password: str, *, actor: str = "cli"
) -> bool:
    """Create or update a user; True when created. An update (a new password, maybe a new
    role) ends the user's web sessions: a replayed cookie then gets the login page."""
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if not username or not username.isprintable() or len(username) > 128:
        raise UserError("a user name is 1-128 printable characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    with sessions() as session, session.begin():
        user = session.scalars(select(User).where(User.username == username)).first()
        created = user is None
        if user is None:
            user = User(username=username, role=role, password_hash=_hasher.hash(password))
            session.add(user)
        else:
            user.role = role
            user.password_hash = _hasher.hash(password)
            user.active = True
        ended = 0 if created else end_sessions_of(session, username)
        session.add(
            AuditEntry(
                actor=actor,
                action="user.created" if created else "user.updated",
                detail={"username": username, "role": role, "sessions_ended": ended},
            )
        )
    return created


def verify_password(sessions: sessionmaker[Session], username: str, password: str) -> User | None:
    """The active user with that password, else None (same cost either way)."""
    with sessions() as session:
        user = session.scalars(select(User).where(User.username == username, User.active)).first()
        if user is None:
            with contextlib.suppress(VerificationError):
                _hasher.verify(_DUMMY_HASH, password)
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return user


@dataclass(frozen=True)
class LoginLimits:
    per_account: int = 5
    # One address can be an office's proxy: more room, still far below a guessing rate.
    per_client: int = 20
    window: timedelta = timedelta(minutes=15)


LOGIN_LIMITS = LoginLimits()


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked_until: datetime | None = None  # set when the attempt was refused unchecked


def locked_until(
    session: Session,
    username: str,
    client: str,
    *,
    now: datetime | None = None,
    limits: LoginLimits = LOGIN_LIMITS,
) -> datetime | None:
    """When logins for this name or from this address are possible again; None: now."""
    moment = now or utcnow()
    ends = []
    for column, value, limit in (
        (LoginFailure.username, username[:128], limits.per_account),
        (LoginFailure.client, client[:64], limits.per_client),
    ):
        recent = session.scalars(
            select(LoginFailure.at)
            .where(column == value, LoginFailure.at > moment - limits.window)
            .order_by(LoginFailure.at.desc())
            .limit(limit)
        ).all()
        if len(recent) >= limit:
            ends.append(recent[-1] + limits.window)
    return max(ends) if ends else None


def attempt_login(
    sessions: sessionmaker[Session],
    username: str,
    password: str,
    client: str,
    *,
    now: datetime | None = None,
    limits: LoginLimits = LOGIN_LIMITS,
) -> LoginResult:
    """Check a login against the rate limits and the password; audit the outcome."""
    moment = now or utcnow()
    actor = username[:128] or "?"
    with sessions() as session, session.begin():
        until = locked_until(session, username, client, now=moment, limits=limits)
        if until is not None:
            session.add(
                AuditEntry(
                    actor=actor,
                    action="login.locked",
                    detail={"client": client, "until": until.isoformat()},
                )
            )
            return LoginResult(None, until)
    user = verify_password(sessions, username, password)
    with sessions() as session, session.begin():
        if user is None:
            session.add(LoginFailure(at=moment, username=username[:128], client=client[:64]))
            # Rows older than the window count for nothing; the audit log keeps the history.
            session.execute(delete(LoginFailure).where(LoginFailure.at < moment - limits.window))
            session.add(AuditEntry(actor=actor, action="login.failed", detail={"client": client}))
        else:
            # A good password ends the account's streak, not the address's.
            session.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
            session.add(AuditEntry(actor=user.username, action="login", detail={"client": client}))
    return LoginResult(user)


def lock(sessions: sessionmaker[Session], username: str, *, actor: str = "cli") -> int:
    """Refuse the account's logins and end its sessions now; how many sessions ended."""
    with sessions() as session, session.begin():
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise UserError(f"no user {username!r}")
        user.active = False
        ended = end_sessions_of(session, username)
        session.add(
            AuditEntry(
                actor=actor,
                action="user.locked",
                detail={"username": username, "sessions_ended": ended},
            )
        )
    return ended


def unlock(sessions: sessionmaker[Session], username: str, *, actor: str = "cli") -> int:
    """Lift an account's lockout now, after failed logins or `lock` (addresses keep theirs);
    returns the failures cleared."""
    with sessions() as session, session.begin():
        user = session.scalars(select(User).where(User.username == username[:128])).first()
        if user is not None:
            user.active = True
        cleared = session.execute(
            delete(LoginFailure).where(LoginFailure.username == username[:128])
        ).rowcount
        session.add(
            AuditEntry(
                actor=actor,
                action="user.unlocked",
                detail={"username": username, "failures": cleared},
            )
        )
    return int(cleared or 0)


def active_role(sessions: sessionmaker[Session], username: str) -> str | None:
    """The role of an active user, or None when there is no such active user."""
    with sessions() as session:
        return session.scalar(select(User.role).where(User.username == username, User.active))
