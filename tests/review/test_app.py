"""The review app through HTTP (Starlette's TestClient against the real app and store)."""

from __future__ import annotations

import json
import re
import stat
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from store.models import AuditEntry, Decision, Item
from tests.review.factories import PIXEL_HOST, USERS, csrf_of, login, mail, seed_item


def test_every_page_needs_a_login(client, seeded):
    item_id = seed_item(seeded, n=1)
    for path in ("/", f"/items/{item_id}", "/figures", "/audit", "/signals/new"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/login", path


def test_wrong_password_is_refused_and_logged(client, seeded):
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": "anna", "password": "wrong password!", "csrf_token": token}
    )
    assert response.status_code == 401
    assert client.get("/").status_code == 303
    with seeded.sessions() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "login.failed" in actions


def test_every_post_route_refuses_a_form_without_its_csrf_token(client, seeded):
    item_id = seed_item(seeded, n=1)
    login(client, "carla")  # beheerder: passes every role check, so only CSRF can refuse
    posts = [r.path for r in client.app.routes if "POST" in getattr(r, "methods", ())]
    assert {"/login", "/logout", "/signals", "/items/{item_id}/confirm"} <= set(posts)
    for path in posts:
        url = re.sub(r"\{\w+\}", str(item_id), path)  # every path parameter is a number
        response = client.post(url, data={"username": "carla", "text": "x", "channel": "phone"})
        assert response.status_code == 403, url
        response = client.post(url, data={"csrf_token": "forged-token"})
        assert response.status_code == 403, url
    assert client.get("/").status_code == 200  # still logged in: logout was refused too


def test_pages_carry_a_strict_csp_and_no_inline_script(client):
    login(client, "anna")
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in response.text and "<style" not in response.text
    assert client.get("/static/app.js").headers["content-security-policy"] == csp


def test_the_session_secret_is_created_private(settings, client):
    secret = settings.data_dir / "secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_text().strip()) == 64


def test_medewerker_cannot_reach_beheerder_or_figure_pages(client):
    login(client, "anna")
    for path in ("/audit", "/figures", "/figures.csv"):
        assert client.get(path).status_code == 403, path


def test_analist_sees_figures_but_cannot_claim(client, seeded):
    item_id = seed_item(seeded, n=1)
    token = login(client, "dirk")
    assert client.get("/figures").status_code == 200
    response = client.post(f"/items/{item_id}/claim", data={"csrf_token": token})
    assert response.status_code == 403


def test_queue_is_sorted_by_due_date_then_priority_and_shows_days_left(client, seeded, clock):
    client.app.state.clock = clock
    today = clock.today
    late = seed_item(seeded, n=1, subject="Te laat", due=today - timedelta(days=2))
    normal = seed_item(seeded, n=2, subject="Normaal", due=today + timedelta(days=3))
    urgent = seed_item(
        seeded, n=3, subject="Spoed", due=today + timedelta(days=3), priority="spoed"
    )
    login(client, "anna")
    html = client.get("/").text
    order = [html.index(f'data-href="/items/{i}"') for i in (late, urgent, normal)]
    assert order == sorted(order)
    assert "2 dagen te laat" in html and "nog 3 dagen" in html


def test_queue_filters_by_type_destination_and_overdue(client, seeded, clock):
    client.app.state.clock = clock
    today = clock.today
    a = seed_item(seeded, n=1, types=(("mensenhandel", 0.9),), primary="emm", due=today)
    b = seed_item(seeded, n=2, due=today - timedelta(days=1))
    login(client, "anna")
    by_type = client.get("/?type=mensenhandel").text
    assert f"/items/{a}" in by_type and f"/items/{b}" not in by_type
    by_dest = client.get("/?destination=emm").text
    assert f"/items/{a}" in by_dest and f"/items/{b}" not in by_dest
    overdue = client.get("/?overdue=1").text
    assert f"/items/{b}" in overdue and f"/items/{a}" not in overdue


def test_claim_correct_and_confirm_stores_a_decision_and_exports(client, seeded):
    item_id = seed_item(seeded, n=1)
    token = login(client, "anna")
    assert client.post(f"/items/{item_id}/claim", data={"csrf_token": token}).status_code == 303
    response = client.post(
        f"/items/{item_id}/confirm",
        data={
            "csrf_token": token,
            "signal_type": ["referentfraude"],
            "link:D-000101": "reject",
            "link:D-000202": "choose",
            "primary": "primair_proces",
            "inform": ["hik"],
            "priority": "hoog",
            "due": "2026-11-27",
            "note": "Type gecorrigeerd na nabellen.",
        },
    )
    assert response.status_code == 303
    with seeded.sessions() as session:
        decision = session.scalars(select(Decision)).one()
        item = session.get(Item, item_id)
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "item.confirmed")
        ).one()
    assert decision.signal_types == ["referentfraude"]
    assert decision.dossier_ids == ["D-000202"]
    assert decision.decided_by == "anna" and decision.priority == "hoog"
    assert item.status == "confirmed" and item.claimed_by is None
    assert audit.detail["rejected_dossier_ids"] == ["D-000101"]
    export = client.get(f"/items/{item_id}/export.json").json()
    assert export["decision"]["signal_types"] == ["referentfraude"]
    assert export["decision"]["primary"] == "primair_proces"


def test_a_second_user_cannot_claim_or_confirm_a_claimed_item(client, seeded, settings):
    from fastapi.testclient import TestClient

    from ikp.web import web_app

    item_id = seed_item(seeded, n=1)
    token = login(client, "anna")
    client.post(f"/items/{item_id}/claim", data={"csrf_token": token})
    with TestClient(web_app(settings), follow_redirects=False) as other:
        other_token = login(other, "bram")
        refused = other.post(f"/items/{item_id}/claim", data={"csrf_token": other_token})
        assert refused.status_code == 409 and "anna" in refused.text
        refused = other.post(
            f"/items/{item_id}/confirm",
            data={
                "csrf_token": other_token,
                "signal_type": "schijnhuwelijk",
                "primary": "primair_proces",
                "priority": "normaal",
            },
        )
        assert refused.status_code == 409


def test_confirm_refuses_unknown_or_conflicting_types(client, seeded):
    item_id = seed_item(seeded, n=1)
    token = login(client, "anna")
    base = {"csrf_token": token, "primary": "primair_proces", "priority": "normaal"}
    bad = client.post(
        f"/items/{item_id}/confirm",
        data={**base, "signal_type": ["algemene_vraag", "schijnhuwelijk"]},
    )
    assert bad.status_code == 409
    with seeded.sessions() as session:
        assert session.get(Item, item_id).status == "review"


def test_mail_html_with_script_and_pixel_is_shown_as_text_only(client, seeded):
    html = (
        f'<p>Verdachte <b>melding</b></p><script>alert("x")</script>'
        f'<img src="https://{PIXEL_HOST}/p.gif"><iframe src="https://{PIXEL_HOST}/f"></iframe>'
    )
    text = f'<script>alert("y")</script> <img src="https://{PIXEL_HOST}/t.gif"> tekst'
    raw = mail("Met HTML", "platte tekst", html=html, n=9)
    item_id = seed_item(seeded, n=9, raw=raw, text=text)
    login(client, "anna")
    page = client.get(f"/items/{item_id}").text
    assert "<script>alert" not in page and "<img" not in page and "<iframe" not in page
    assert "&lt;script&gt;" in page  # the extracted text is shown, escaped


def test_every_item_view_is_audited_and_visible_to_beheerder(client, seeded):
    item_id = seed_item(seeded, n=1)
    login(client, "anna")
    client.get(f"/items/{item_id}")
    client.get("/")
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    login(client, "carla")
    page = client.get(f"/audit?item={item_id}").text
    assert "item.viewed" in page and "anna" in page


def test_the_audit_page_shows_searched_words_as_written_and_escaped(client, seeded):
    login(client, "anna")
    client.get("/search", params={"q": "één <b>woning</b>"})
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    login(client, "carla")
    page = client.get("/audit").text
    assert "één" in page and "\\u00e9" not in page
    assert "<b>woning" not in page


def test_phone_signal_is_queued_with_reporter_only_for_reporter_roles(client, seeded):
    token = login(client, "anna")
    response = client.post(
        "/signals",
        data={
            "csrf_token": token,
            "channel": "phone",
            "text": "Beller meldt dat op Dorpsstraat 3 acht personen staan ingeschreven.",
            "reporter_name": "Piet Verzonnen",
            "reporter_contact": "06-00000000",
        },
    )
    assert response.status_code == 303
    item_id = int(response.headers["location"].split("/")[2].split("?")[0])
    with seeded.sessions() as session:
        item = session.get(Item, item_id)
        raw = seeded.blobs.get(item.content_sha256)
    assert item.status == "queued" and item.source == "file" and item.media_type == "text/plain"
    assert item.channel == "phone" and item.reporter_name == "Piet Verzonnen"
    assert b"Piet" not in raw  # the text for the pipeline carries no reporter data
    assert "Piet Verzonnen" in client.get(f"/items/{item_id}").text
    client.post("/logout", data={"csrf_token": token})
    login(client, "eva")
    assert "Piet Verzonnen" not in client.get(f"/items/{item_id}").text


def test_anonymous_tip_stores_no_reporter_data(client, seeded):
    token = login(client, "anna")
    response = client.post(
        "/signals",
        data={
            "csrf_token": token,
            "channel": "desk",
            "text": "Anonieme tip over een schijnhuwelijk in Voorbeelddorp.",
            "anonymous": "1",
            "reporter_name": "Per ongeluk ingevuld",
            "reporter_contact": "melder@voorbeeld.example",
        },
    )
    assert response.status_code == 303
    with seeded.sessions() as session:
        item = session.scalars(select(Item)).one()
    assert item.reporter_name is None and item.reporter_contact is None
    dumped = json.dumps([item.subject, item.source_ref, item.sender])
    assert "Per ongeluk" not in dumped and "melder@" not in dumped


def test_sender_of_a_mail_is_hidden_from_analist(client, seeded):
    item_id = seed_item(seeded, n=1)
    login(client, "dirk")
    page = client.get(f"/items/{item_id}").text
    assert "melder@voorbeeld.example" not in page and "(afgeschermd)" in page


def test_figures_and_csv_reflect_confirmed_items(client, seeded, clock):
    client.app.state.clock = clock
    item_id = seed_item(seeded, n=1, due=clock.today + timedelta(days=5))
    seed_item(seeded, n=2, due=clock.today - timedelta(days=1))
    token = login(client, "carla")
    client.post(
        f"/items/{item_id}/confirm",
        data={
            "csrf_token": token,
            "signal_type": ["schijnhuwelijk", "identiteitsfraude"],
            "primary": "primair_proces",
            "priority": "normaal",
        },
    )
    page = client.get("/figures").text
    assert "<svg" in page and "binnen termijn" in page
    rows = client.get("/figures.csv").text.splitlines()
    assert "backlog,,,1" in rows and "overdue,,,1" in rows
    # decided at the clock's moment: 6 days 23.5 hours after receipt, before its due date
    assert "confirmed_within_deadline,,on_time,1" in rows
    assert "lead_time_days_median,schijnhuwelijk,,6.98" in rows
    assert "agreement,schijnhuwelijk,share,1.000" in rows
    assert "agreement,identiteitsfraude,share,0.000" in rows


def test_users_fixture_covers_every_role():
    from contract.vocabulary import ROLES

    assert set(USERS.values()) == set(ROLES)


def test_a_confirmed_item_shows_its_forwarding_and_the_figures_count_it(client, seeded):
    from store.outbox import claim_next, mark_sent

    item_id = seed_item(seeded, n=1)
    token = login(client, "anna")
    client.post(
        f"/items/{item_id}/confirm",
        data={
            "csrf_token": token,
            "signal_type": ["schijnhuwelijk"],
            "primary": "primair_proces",
            "inform": ["hik"],
            "priority": "normaal",
        },
    )
    page = client.get(f"/items/{item_id}").text
    assert page.count("wacht op verzending") == 2
    mark_sent(seeded.sessions, claim_next(seeded.sessions, "s1"), "s1", "team@ind.example")
    page = client.get(f"/items/{item_id}").text
    assert page.count("wacht op verzending") == 1 and "verzonden 20" in page
    login(client, "dirk")
    rows = client.get("/figures.csv").text.splitlines()
    assert "forwarded_mails,,sent,1" in rows and "forwarded_mails,,pending,1" in rows
    assert "1</span> doorgestuurd (1 wachtend, 0 mislukt)" in client.get("/figures").text


def test_items_deleted_under_retention_still_count_in_the_intake_figures(client, seeded):
    from contract.statuses import ItemStatus
    from store.models import Item
    from store.retention import Policy, apply

    received = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)  # ISO week 2024-W10
    item_id = seed_item(seeded, n=1, received=received)
    with seeded.sessions() as session, session.begin():
        session.get(Item, item_id).status = ItemStatus.FAILED
    report = apply(seeded.sessions, seeded.blobs, Policy.load(), now=received + timedelta(days=400))
    assert report.deleted["failed"] == 1
    login(client, "dirk")
    rows = client.get("/figures.csv").text.splitlines()
    assert "intake_by_source,2024-W10,email,1" in rows
    assert "intake_by_type,2024-W10,schijnhuwelijk,1" in rows
