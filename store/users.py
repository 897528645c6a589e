"""Web users: argon2 password hashes, roles from the contract."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ikp.contract import ROLES
from store.models import AuditEntry, User

_hasher = PasswordHasher()
# Verified against for unknown users so that a login takes as long either way.
_DUMMY_HASH = _hasher.hash("no such user")
MIN_PASSWORD_LENGTH = 12


class UserError(ValueError):
    pass


def add_user(
    sessions: sessionmaker[Session], username: str, role: str, password: str, *, actor: str = "cli"
) -> bool:
    """Create or update a user; True when created."""
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
        session.add(
            AuditEntry(
                actor=actor,
                action="user.created" if created else "user.updated",
                detail={"username": username, "role": role},
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
