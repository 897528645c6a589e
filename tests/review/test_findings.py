"""The smaller security findings of issue 20 (point 6), each held by a test: ids and page
numbers that name nothing, 500 pages with their headers, oversized bodies, the client
address behind a proxy, messages from the address bar and what the audit log records."""

from __future__ import annotations

import socket
from dataclasses import replace
from urllib.parse import urlparse

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ikp.config import ConfigError, Settings, load_settings
from review.security import HEADERS, MAX_BODY_BYTES
from store import Store
from store.models import AuditEntry
from tests.review.chromium import serving
from tests.review.factories import PASSWORD, csrf_of, login, seed_item

# Text an attacker would like the page to say; a plain sentence, so escaping cannot hide it.
INJECTED = "Uw sessie is verlopen bel 0900-0000000"


def _has_security_headers(response: httpx.Response) -> bool:
    return all(response.headers.get(name.decode()) == value.decode() for name, value in HEADERS)


def _entries(store: Store, action: str) -> list[AuditEntry]:
    with store.sessions() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(session.scalars(query))


# --- ids, page numbers and 500 pages ---------------------------------------------------


@pytest.mark.parametrize("item_id", [str(2**63), str(10**30), "-1", "0", "abc", "1e3", "²"])
def test_an_item_id_that_names_no_row_answers_404(client, seeded, item_id):
    seed_item(seeded, n=1)
    token = login(client, "carla")  # beheerder: no role check stands in the way
    for response in (
        client.get(f"/items/{item_id}"),
        client.get(f"/items/{item_id}/export.json"),
        client.post(f"/items/{item_id}/claim", data={"csrf_token": token}),
        client.post(f"/items/1/pairs/{item_id}", data={"csrf_token": token, "verdict": "same"}),
        client.post(f"/niet-verwerkt/items/{item_id}/retry", data={"csrf_token": token}),
        client.post(f"/phenomena/{item_id}/remove", data={"csrf_token": token}),
    ):
        assert response.status_code == 404, (response.request.url, response.text[:300])
        assert _has_security_headers(response)


@pytest.mark.parametrize("page", ["²", "٣", "0", "-1", "abc", str(2**63), ""])
def test_a_bad_page_number_answers_400(client, seeded, page):
    login(client, "carla")
    for path in ("/", "/search?q=Fictief&"):
        response = client.get(f"{path}{'&' if '?' in path else '?'}page={page}")
        assert response.status_code == 400, (path, page)
        assert _has_security_headers(response)


def test_odd_numbers_in_filters_and_forms_do_not_break_a_page(client, seeded):
    token = login(client, "carla")
    for path in ("/audit?item=²", f"/audit?item={2**64}", "/phenomena?weeks=²"):
        assert client.get(path).status_code == 200, path
    mark = {"csrf_token": token, "until": "2026-11-30", "weeks": "4", "name": "Kerkpad"}
    for anchor in ("²", "-1", str(2**64)):
        response = client.post("/phenomena/mark", data={**mark, "anchor": anchor})
        assert response.status_code == 400, anchor


def test_a_page_that_fails_still_carries_the_security_headers(settings, seeded):
    from ikp.web import web_app

    app = web_app(settings)

    def broken() -> None:
        raise RuntimeError("a bug in a page")

    app.add_api_route("/kapot", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/kapot")
    assert response.status_code == 500
    assert _has_security_headers(response)
    assert "a bug in a page" not in response.text


# --- request bodies ---------------------------------------------------------------------


def test_a_body_over_2_mib_is_refused_before_login_and_csrf_are_checked(client):
    big = b"text=" + b"a" * MAX_BODY_BYTES
    form = {"content-type": "application/x-www-form-urlencoded"}
    for path in ("/login", "/signals", "/items/1/confirm"):  # no session, no token
        response = client.post(path, content=big, headers=form)
        assert response.status_code == 413, path
        assert _has_security_headers(response)
    chunked = client.post("/login", content=iter([big[:1000], big[1000:]]), headers=form)
    assert chunked.status_code == 413
    fits = client.post("/login", content=b"a" * 1000, headers=form)
    assert fits.status_code == 403  # small enough: on to the CSRF check


def _status_line(base: str, head: bytes, body: bytes = b"") -> bytes:
    """The status line the server sends after `head` and `body`, the connection left open
    (a server that waited for the rest of the body would never answer)."""
    address = urlparse(base)
    with socket.create_connection((address.hostname, address.port), timeout=60) as conn:
        conn.sendall(head + body)
        return conn.makefile("rb").readline()


def test_the_server_refuses_an_oversized_body_without_reading_it(settings, seeded):
    with serving(settings) as base:
        declared = (
            b"POST /login HTTP/1.1\r\nHost: ikp\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 104857600\r\n\r\n"
        )  # 100 MiB announced, not one byte sent
        assert _status_line(base, declared).startswith(b"HTTP/1.1 413")
        chunked = declared.replace(b"Content-Length: 104857600", b"Transfer-Encoding: chunked")
        mib = b"a" * (1 << 20)
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (mib, mib, b"a" * 1024))
        assert _status_line(base, chunked, chunks).startswith(b"HTTP/1.1 413")  # no last chunk


# --- the client address for the login limit --------------------------------------------


def _failed_login_client(base: str, forwarded_for: str) -> None:
    with httpx.Client(base_url=base) as web:
        token = csrf_of(web.get("/login").text)
        data = {"username": "anna", "password": "wrong password!", "csrf_token": token}
        response = web.post("/login", data=data, headers={"X-Forwarded-For": forwarded_for})
        assert response.status_code == 401


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(settings, seeded):
    with serving(settings) as base:  # no trusted proxies: the socket peer is the client
        _failed_login_client(base, "203.0.113.9")
    trusted = replace(settings, web_trusted_proxies="127.0.0.1, 10.0.0.0/8")
    with serving(trusted) as base:
        _failed_login_client(base, "203.0.113.9")
        _failed_login_client(base, "198.51.100.7, 203.0.113.10, 10.1.2.3")  # 10.x: a proxy
        _failed_login_client(base, "not an address")
    clients = [e.detail["client"] for e in _entries(seeded, "login.failed")]
    assert clients == ["127.0.0.1", "203.0.113.9", "203.0.113.10", "127.0.0.1"]


def test_trusted_proxies_are_read_from_the_environment_and_checked():
    settings = load_settings(environ={"IKP_WEB_TRUSTED_PROXIES": "192.0.2.1,2001:db8::/32"})
    assert [str(n) for n in settings.trusted_proxies] == ["192.0.2.1/32", "2001:db8::/32"]
    assert Settings().trusted_proxies == ()
    with pytest.raises(ConfigError, match="IKP_WEB_TRUSTED_PROXIES"):
        load_settings(environ={"IKP_WEB_TRUSTED_PROXIES": "proxy.example"})


# --- messages from the address bar -------------------------------------------------------


def test_text_from_the_address_bar_never_appears_in_the_page(client, seeded):
    item_id = seed_item(seeded, n=1)
    login(client, "anna")
    for path in (f"/items/{item_id}", "/phenomena"):
        page = client.get(path, params={"msg": INJECTED}).text
        assert INJECTED not in page and "0900-0000000" not in page, path
        assert 'role="status"' not in page  # an unknown key shows nothing at all
    assert "Item bevestigd." in client.get(f"/items/{item_id}?msg=bevestigd").text
    assert "Fenomeen opgeheven." in client.get("/phenomena?msg=opgeheven").text


# --- the audit log -------------------------------------------------------------------------


def test_views_exports_and_logouts_are_audited_with_their_filters(client, seeded):
    item_id = seed_item(seeded, n=1)
    token = login(client, "carla")
    for path in (
        "/?type=schijnhuwelijk&overdue=1&page=2",
        "/figures",
        "/figures.csv",
        "/trends?until=2026-11-30",
        "/trends.csv?until=2026-11-30",
        "/search?q=Fictief&type=schijnhuwelijk",
        f"/audit?item={item_id}",
    ):
        assert client.get(path).status_code == 200, path
    client.post("/logout", data={"csrf_token": token})

    [queue] = [e for e in _entries(seeded, "queue.viewed") if e.detail["page"] == 2]
    assert queue.actor == "carla" and queue.at is not None
    assert queue.detail["filters"] == {"signal_type": "schijnhuwelijk", "overdue": True}
    assert [e.actor for e in _entries(seeded, "figures.viewed")] == ["carla"]
    assert [e.detail for e in _entries(seeded, "figures.exported")] == [{"format": "csv"}]
    assert [e.detail for e in _entries(seeded, "trends.viewed")] == [{"until": "2026-11-30"}]
    [trends_csv] = _entries(seeded, "trends.exported")
    assert trends_csv.detail == {"format": "csv", "until": "2026-11-30"}
    [search] = _entries(seeded, "search")
    assert search.detail["filters"] == {"signal_type": "schijnhuwelijk"}
    assert [e.detail for e in _entries(seeded, "audit.viewed")] == [{"item": item_id}]
    assert [e.actor for e in _entries(seeded, "logout")] == ["carla"]
    assert client.get("/").status_code == 303


def test_refused_attempts_are_audited(client, seeded):
    item_id = seed_item(seeded, n=1)
    form = {"username": "anna", "password": PASSWORD}
    assert client.post("/login", data=form).status_code == 403  # no CSRF token
    login(client, "anna")
    assert client.get("/audit").status_code == 403  # a medewerker's role
    assert client.get("/figures.csv").status_code == 403
    response = client.post(f"/items/{item_id}/claim", data={"csrf_token": "forged-token"})
    assert response.status_code == 403

    refused = [(e.actor, e.detail) for e in _entries(seeded, "access.refused")]
    assert refused == [
        ("anna", {"method": "GET", "path": "/audit", "role": "medewerker"}),
        ("anna", {"method": "GET", "path": "/figures.csv", "role": "medewerker"}),
    ]
    csrf = [(e.actor, e.detail) for e in _entries(seeded, "csrf.refused")]
    assert csrf == [
        ("?", {"method": "POST", "path": "/login", "client": "testclient"}),
        ("anna", {"method": "POST", "path": f"/items/{item_id}/claim", "role": "medewerker"}),
    ]
