"""Login hardening: rate limits in the database, secure cookies, session timeouts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from store.models import AuditEntry, LoginFailure
from store.users import LoginLimits, add_user, attempt_login
from tests.review.factories import PASSWORD, csrf_of, login

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
LIMITS = LoginLimits(per_account=3, per_client=5, window=timedelta(minutes=15))


def _post_login(client: TestClient, username: str, password: str) -> int:
    token = csrf_of(client.get("/login").text)
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code


def test_account_is_locked_after_failures_until_the_window_passes(store):
    add_user(store.sessions, "anna", "medewerker", PASSWORD)
    for n in range(3):
        result = attempt_login(
            store.sessions,
            "anna",
            "wrong!",
            "10.0.0.1",
            now=NOW + timedelta(minutes=n),
            limits=LIMITS,
        )
        assert result.user is None and result.locked_until is None
    # the right password is not even checked now, from another address too
    locked = attempt_login(
        store.sessions, "anna", PASSWORD, "10.0.0.2", now=NOW + timedelta(minutes=5), limits=LIMITS
    )
    assert locked.user is None and locked.locked_until == NOW + timedelta(minutes=15)
    later = attempt_login(
        store.sessions, "anna", PASSWORD, "10.0.0.2", now=NOW + timedelta(minutes=16), limits=LIMITS
    )
    assert later.user is not None and later.user.username == "anna"
    with store.sessions() as session:
        assert session.scalars(select(LoginFailure.username)).all() == []  # streak ended
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-5:] == ["login.failed"] * 3 + ["login.locked", "login"]


def test_one_address_is_locked_after_failures_on_many_accounts(store):
    add_user(store.sessions, "anna", "medewerker", PASSWORD)
    for n in range(5):
        attempt_login(store.sessions, f"guess{n}", "x", "10.0.0.9", now=NOW, limits=LIMITS)
    from_there = attempt_login(store.sessions, "anna", PASSWORD, "10.0.0.9", now=NOW, limits=LIMITS)
    elsewhere = attempt_login(store.sessions, "anna", PASSWORD, "10.0.0.8", now=NOW, limits=LIMITS)
    assert from_there.locked_until is not None and from_there.user is None
    assert elsewhere.user is not None


def test_lockout_is_shared_by_two_app_instances_and_audited(client, seeded, settings):
    from ikp.web import web_app

    for _ in range(5):
        assert _post_login(client, "anna", "wrong password!") == 401
    with TestClient(web_app(settings), follow_redirects=False) as other:  # a second daemon
        assert _post_login(other, "anna", PASSWORD) == 429
        token = csrf_of(other.get("/login").text)
        page = other.post(
            "/login", data={"username": "anna", "password": PASSWORD, "csrf_token": token}
        )
        assert page.status_code == 429 and "Te veel mislukte pogingen" in page.text
    assert _post_login(client, "bram", PASSWORD) == 303  # other accounts are not affected
    with seeded.sessions() as session:
        failed = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "login.failed")
        ).all()
    assert len(failed) == 5 and all(e.detail["client"] == "testclient" for e in failed)


def test_secure_cookie_setting_marks_the_session_cookie(settings, seeded):
    from dataclasses import replace

    from ikp.web import web_app

    app = web_app(replace(settings, web_secure_cookies=True))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        token = csrf_of(c.get("/login").text)
        response = c.post(
            "/login", data={"username": "anna", "password": PASSWORD, "csrf_token": token}
        )
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("__host-ikp_session=") and "; secure" in cookie
        assert "max-age=31536000" in response.headers["strict-transport-security"]
        assert c.get("/").status_code == 200
    with TestClient(web_app(settings), follow_redirects=False) as plain:
        response = plain.get("/login")
        assert "secure" not in response.headers["set-cookie"].lower()
        assert "strict-transport-security" not in response.headers


def test_session_ends_after_idle_time_and_after_a_working_day(client):
    clock = [1_800_000_000.0]
    client.app.state.clock = lambda: clock[0]
    login(client, "anna")
    clock[0] += 29 * 60
    assert client.get("/").status_code == 200  # activity restarts the idle clock
    clock[0] += 29 * 60
    assert client.get("/").status_code == 200
    clock[0] += 31 * 60
    response = client.get("/")
    assert response.status_code == 303 and response.headers["location"] == "/login"
    login(client, "anna")
    for _ in range(21):  # busy all day: the absolute limit still ends it
        clock[0] += 29 * 60
        client.get("/")
    assert client.get("/").status_code == 303


def test_ikp_users_unlock_lifts_an_account_lockout(settings, seeded, client, monkeypatch, capsys):
    from ikp.cli import main

    for _ in range(5):
        _post_login(client, "anna", "wrong password!")
    assert _post_login(client, "anna", PASSWORD) == 429
    monkeypatch.setenv("IKP_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("IKP_DATABASE_URL", raising=False)
    monkeypatch.delenv("IKP_CONFIG", raising=False)
    assert main(["users", "unlock", "anna"]) == 0
    assert "5 recent failed logins cleared" in capsys.readouterr().out
    assert _post_login(client, "anna", PASSWORD) == 303
    with seeded.sessions() as session:
        assert "user.unlocked" in session.scalars(select(AuditEntry.action)).all()


def test_secure_cookie_setting_reads_toml_and_environment_wins(tmp_path):
    from ikp.config import load_settings

    config = tmp_path / "ikp.toml"
    config.write_text("web_secure_cookies = true\n")
    assert load_settings(environ={}).web_secure_cookies is False
    assert load_settings(config, environ={}).web_secure_cookies is True
    env = {"IKP_WEB_SECURE_COOKIES": "false"}
    assert load_settings(config, environ=env).web_secure_cookies is False
