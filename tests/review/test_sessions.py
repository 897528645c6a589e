"""Server-side sessions: a replayed cookie is worth nothing once its session has ended."""

from __future__ import annotations

from sqlalchemy import select

from store.models import AuditEntry, WebSession
from store.users import add_user
from tests.review.factories import PASSWORD, csrf_of, login, seed_item

COOKIE = "ikp_session"


def _replay(client, cookie: str) -> None:  # type: ignore[no-untyped-def]
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie)


def _refused(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 303 and response.headers["location"] == "/login"


def test_a_cookie_replayed_after_logout_gets_the_login_page(client, seeded):
    item_id = seed_item(seeded, n=1)
    token = login(client, "anna")
    stolen = client.cookies[COOKIE]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    _replay(client, stolen)
    assert _refused(client.get("/"))
    assert _refused(client.get(f"/items/{item_id}"))
    assert _refused(client.post(f"/items/{item_id}/claim", data={"csrf_token": token}))
    with seeded.sessions() as session:
        assert session.scalars(select(WebSession)).all() == []


def test_a_cookie_replayed_after_a_password_change_gets_the_login_page(client, seeded):
    login(client, "anna")
    stolen = client.cookies[COOKIE]
    add_user(seeded.sessions, "anna", "medewerker", "een heel nieuw wachtwoord")
    _replay(client, stolen)
    assert _refused(client.get("/"))
    with seeded.sessions() as session:
        updated = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.updated"))
        assert updated.one().detail["sessions_ended"] == 1


def test_ikp_users_lock_ends_every_session_and_refuses_logins_until_unlock(
    settings, seeded, client, monkeypatch, capsys
):
    from ikp.cli import main

    login(client, "bram")
    stolen = client.cookies[COOKIE]
    monkeypatch.setenv("IKP_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("IKP_DATABASE_URL", raising=False)
    monkeypatch.delenv("IKP_CONFIG", raising=False)
    assert main(["users", "lock", "bram"]) == 0
    assert "1 web sessions ended" in capsys.readouterr().out
    _replay(client, stolen)
    assert _refused(client.get("/"))
    client.cookies.clear()
    token = csrf_of(client.get("/login").text)
    data = {"username": "bram", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 401, "a locked account cannot log in"
    assert main(["users", "unlock", "bram"]) == 0
    login(client, "bram")
    assert client.get("/").status_code == 200
    assert main(["users", "lock", "niemand"]) == 2
    with seeded.sessions() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
        assert "user.locked" in actions and "user.unlocked" in actions


def test_the_cookie_holds_only_a_random_id_and_the_table_only_its_hash(client, seeded):
    login(client, "anna")
    other = login(client, "carla")  # logging in again ends the previous session
    assert other
    with seeded.sessions() as session:
        [row] = session.scalars(select(WebSession)).all()
    assert row.username == "carla" and len(row.id_sha256) == 64
    assert row.id_sha256 not in client.cookies[COOKIE]
    assert PASSWORD not in client.cookies[COOKIE]
