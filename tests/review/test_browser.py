"""The real app in headless Chromium: the reviewer's path and the security promises."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest
from sqlalchemy import select

from contract.clock import local_today
from store.items import quarantine
from store.models import AuditEntry, Decision, Item
from tests.review.chromium import axe_violations, publish
from tests.review.chromium import login as _login
from tests.review.factories import (
    PASSWORD,
    PIXEL_HOST,
    mail,
    seed_demo,
    seed_item,
    seed_pair,
    seed_reported_item,
)
from tests.store.factories import unprocessed_items

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_reviewer_claims_corrects_type_and_link_and_confirms(live, browser, seeded):
    item_id = seed_item(seeded, n=1, due=local_today() + timedelta(days=2))  # the real clock
    page = _login(browser, live, "anna")
    page.keyboard.press("j")  # the keyboard path: first row, open it
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live}/items/{item_id}")
    page.click("#claim button")
    page.wait_for_selector("#claimed-by")
    assert page.inner_text("#claimed-by") == "anna"
    boxes = page.locator("input[name=signal_type]")
    codes = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
    page.keyboard.press(str(codes.index("schijnhuwelijk") + 1))  # toggle off by shortcut
    page.check("input[name=signal_type][value=referentfraude]")
    page.check("input[name='link:D-000101'][value=reject]")
    page.check("input[name='link:D-000202'][value=choose]")
    page.fill("textarea[name=note]", "Referent, niet de partner.")
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("c")
    page.wait_for_url(f"{live}/items/{item_id}?msg=bevestigd")
    assert page.inner_text("#status") == "confirmed"
    with seeded.sessions() as session:
        decision = session.scalars(select(Decision)).one()
    assert decision.signal_types == ["referentfraude"]
    assert decision.dossier_ids == ["D-000202"]
    assert decision.note == "Referent, niet de partner."
    page.context.close()


def test_second_user_cannot_claim_an_item_claimed_meanwhile(live, browser, seeded):
    item_id = seed_item(seeded, n=1)
    anna = _login(browser, live, "anna")
    bram = _login(browser, live, "bram")
    bram.goto(f"{live}/items/{item_id}")  # bram sees the claim button, then anna is faster
    anna.goto(f"{live}/items/{item_id}")
    anna.click("#claim button")
    anna.wait_for_selector("#claimed-by")
    with bram.expect_navigation() as nav:
        bram.click("#claim button")
    assert nav.value.status == 409
    assert "anna" in bram.inner_text("main")
    bram.goto(f"{live}/items/{item_id}")
    assert bram.locator("#claim").count() == 0
    assert bram.locator("#confirm button[type=submit]").is_disabled()
    with seeded.sessions() as session:
        assert session.get(Item, item_id).claimed_by == "anna"
    anna.context.close()
    bram.context.close()


def test_medewerker_cannot_reach_beheerder_pages(live, browser):
    page = _login(browser, live, "anna")
    assert page.locator("a[href='/audit']").count() == 0
    response = page.goto(f"{live}/audit")
    assert response.status == 403
    assert "Geen toegang" in page.inner_text("main")
    page.context.close()


def test_mail_with_script_and_tracking_pixel_renders_inert(live, browser, seeded):
    html = (
        f'<p>Zie <a href="https://{PIXEL_HOST}/l">hier</a></p><script>alert("mail")</script>'
        f'<img src="https://{PIXEL_HOST}/pixel.gif?id=1">'
        f'<link rel="stylesheet" href="https://{PIXEL_HOST}/s.css">'
    )
    text = f'Zie hier <img src="https://{PIXEL_HOST}/t.gif"><script>alert("tekst")</script>'
    item_id = seed_item(seeded, n=7, raw=mail("HTML-mail", "zie html", html=html, n=7), text=text)
    page = _login(browser, live, "anna")
    hosts: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: hosts.append(urlparse(request.url).hostname or ""))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live}/items/{item_id}")
    page.wait_for_load_state("networkidle")
    assert PIXEL_HOST not in hosts
    assert set(hosts) == {"127.0.0.1"}
    assert dialogs == []
    assert page.locator("main img, main script, main iframe").count() == 0
    assert 'alert("tekst")' in page.inner_text("pre.text")  # shown as text
    page.context.close()


def test_form_without_csrf_token_is_refused(live, browser, seeded):
    item_id = seed_item(seeded, n=1)
    page = _login(browser, live, "anna")
    page.goto(f"{live}/items/{item_id}")
    page.evaluate("document.querySelector('#claim input[name=csrf_token]').remove()")
    with page.expect_navigation() as nav:
        page.click("#claim button")
    assert nav.value.status == 403
    with seeded.sessions() as session:
        assert session.get(Item, item_id).claimed_by is None
    page.context.close()


@contextmanager
def other_site(html: str) -> Iterator[str]:
    """`html` served on another site than the app (localhost, not 127.0.0.1: another host,
    so cross-site for SameSite), as a mail client's web page would link to it."""
    body = html.encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_link_from_another_site_keeps_the_reviewer_logged_in(live, browser, seeded):
    item_id = seed_item(seeded, n=1)
    page = _login(browser, live, "anna")
    link = (
        f'<!doctype html><title>Webmail</title><a id="melding" href="{live}/items/{item_id}">1</a>'
    )
    with other_site(link) as elsewhere:
        page.goto(elsewhere)
        with page.expect_navigation() as nav:
            page.click("#melding")
        assert nav.value.status == 200
    assert page.url == f"{live}/items/{item_id}"  # the item page, not the login page
    assert page.locator("input[name=password]").count() == 0
    page.context.close()


def test_screenshots_of_queue_item_and_figures(live, browser, seeded, tmp_path):
    """Writes PNGs; with IKP_REVIEW_SCREENSHOTS=docs they are copied to docs/."""
    first = seed_demo(seeded)
    shots = {}
    page = _login(browser, live, "carla")
    page.keyboard.press("j")
    shots["queue"] = tmp_path / "review-queue.png"
    page.screenshot(path=str(shots["queue"]), full_page=False)
    page.goto(f"{live}/items/{first}")
    page.click("#claim button")
    page.wait_for_selector("#claimed-by")
    shots["item"] = tmp_path / "review-item.png"
    page.screenshot(path=str(shots["item"]), full_page=True)
    page.goto(f"{live}/figures")
    shots["figures"] = tmp_path / "review-figures.png"
    page.screenshot(path=str(shots["figures"]), full_page=True)
    page.context.close()
    reported = seed_reported_item(seeded, n=99)
    page = _login(browser, live, "dirk")  # analist: the reporter is masked
    page.goto(f"{live}/items/{reported}")
    assert "Fictief" not in page.content()
    shots["masked"] = tmp_path / "review-item-masked.png"
    page.screenshot(path=str(shots["masked"]), full_page=True)
    page.context.close()
    publish(*shots.values())


def test_every_action_works_without_javascript(live, browser, seeded):
    item_id = seed_item(seeded, n=1, types=(("schijnhuwelijk", 0.9),))
    other = seed_item(seeded, n=2, types=(("mensenhandel", 0.8),), primary="emm")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live}/login")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live}/")
    page.select_option("select[name=type]", "schijnhuwelijk")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?type=schijnhuwelijk**")
    assert page.locator(f"a[href='/items/{other}']").count() == 0
    page.click(f"a[href='/items/{item_id}']")
    page.wait_for_url(f"{live}/items/{item_id}")
    page.click("#claim button")
    page.wait_for_selector("#claimed-by")
    page.uncheck("input[name=signal_type][value=schijnhuwelijk]")
    page.check("input[name=signal_type][value=referentfraude]")
    page.check("input[name='link:D-000202'][value=choose]")
    page.click("#confirm button[type=submit]")
    page.wait_for_url(f"{live}/items/{item_id}?msg=bevestigd")
    assert page.inner_text("#status") == "confirmed"
    page.goto(f"{live}/signals/new")
    page.check("input[name=channel][value=desk]")
    page.fill("textarea[name=text]", "Balie: melding over een schijnhuwelijk in Voorbeelddorp.")
    page.check("input[name=anonymous]")
    page.click("form.signal button[type=submit]")
    page.wait_for_url("**msg=geregistreerd")
    page.click("header form.logout button")
    page.wait_for_url(f"{live}/login")
    context.close()
    with seeded.sessions() as session:
        decision = session.scalars(select(Decision)).one()
        desk = session.scalars(select(Item).where(Item.channel == "desk")).one()
    assert decision.signal_types == ["referentfraude"] and decision.dossier_ids == ["D-000202"]
    assert desk.reporter_name is None and desk.status == "queued"


def test_queue_filters_update_in_place_with_javascript(live, browser, seeded):
    from playwright.sync_api import expect

    wanted = seed_item(seeded, n=1, types=(("mensenhandel", 0.9),), primary="emm")
    seed_item(seeded, n=2)
    page = _login(browser, live, "anna")
    assert page.locator("form.filters button[type=submit]").is_hidden()
    page.evaluate("window.ikpMarker = 42")  # survives only if no page is loaded
    page.select_option("select[name=type]", "mensenhandel")
    expect(page.locator("tr[data-href]")).to_have_count(1)  # polls; CSP forbids eval
    assert page.evaluate("window.ikpMarker") == 42
    assert page.url == f"{live}/?type=mensenhandel"
    assert page.inner_text("h1 .count") == "1 open"
    page.keyboard.press("j")  # the keys work on the swapped-in rows
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live}/items/{wanted}")
    page.context.close()


def test_niet_verwerkt_page_retries_and_registers_by_hand_and_passes_axe(live, browser, seeded):
    failed, quarantined = unprocessed_items(seeded)
    quarantine(
        seeded.sessions,
        seeded.blobs,
        b"",
        source="email",
        source_ref="INBOX/3",
        reason="empty message",
    )
    page = _login(browser, live, "anna")
    page.click("header nav a[href='/niet-verwerkt']")
    page.wait_for_url(f"{live}/niet-verwerkt")
    assert "MemoryError: spaCy" in page.content() and "empty message" in page.content()
    assert axe_violations(page) == []
    page.click(f"form[action='/niet-verwerkt/items/{failed}/retry'] button")
    page.wait_for_url("**/niet-verwerkt?done=retried")
    assert page.locator(f"a[href='/items/{failed}']").count() == 0
    page.click("details summary")
    page.fill(f"#text-{quarantined}", "Op Molenweg 5 in Assen wonen zes mensen.")
    page.click(f"form[action='/niet-verwerkt/items/{quarantined}/register'] button")
    page.wait_for_url("**/items/*")
    assert "Op Molenweg 5 in Assen" in page.content()
    page.context.close()
    page = _login(browser, live, "carla")  # beheerder: the figures and the page itself
    page.goto(f"{live}/figures")
    assert "1</span> niet verwerkt" in page.content(), "the unstored mail still waits"
    assert axe_violations(page) == []
    page.click("a[href='/niet-verwerkt']:not(header a)")
    page.wait_for_url(f"{live}/niet-verwerkt")
    assert "INBOX/3" in page.content()
    page.context.close()
    with seeded.sessions() as session:
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "anna")))
    assert {"item.retried", "item.registered_by_hand"} <= actions


def test_search_page_for_every_role_masks_the_reporter_and_is_audited(
    live, browser, seeded, tmp_path
):
    """Every role searches through the form (no JavaScript needed); analist and
    datascientist see the reporter masked; each search is in the audit log. Writes
    review-search.png and review-search-masked.png (copied to IKP_REVIEW_SCREENSHOTS)."""
    from store.models import AuditEntry
    from tests.factories.search import add_analysed
    from tests.review.factories import REPORTER, USERS

    seed_demo(seeded)
    found = add_analysed(
        seeded,
        500,
        "Kees Verzonnen (V-nummer 1234567890) verhuurt kamers op de Laan van Fictie 8; "
        "bereikbaar op 06-22223333.",
        persons=("Kees Verzonnen",),
    )
    reported = seed_reported_item(seeded, n=501)
    shots = {}
    for username, role in USERS.items():
        if username == "bram":
            continue
        page = _login(browser, live, username)
        page.click("header nav a[href='/search']")
        page.fill("input[name=q]", "12.345.678.90")
        page.click("form[role=search] button[type=submit]")
        page.wait_for_url(f"{live}/search?*")
        assert page.locator(f"a[href='/items/{found}']").count() == 2, role
        page.goto(f"{live}/search?q=Verzonnen")
        assert page.locator(f"a[href='/items/{reported}']").count() == 2, role
        masked = role in ("analist", "datascientist")
        assert ("Fictief" in page.content()) is not masked, role
        if username == "carla":
            shots["search"] = tmp_path / "review-search.png"
            page.screenshot(path=str(shots["search"]), full_page=True)
        if username == "dirk":
            shots["masked"] = tmp_path / "review-search-masked.png"
            page.screenshot(path=str(shots["masked"]), full_page=True)
        page.goto(f"{live}/search?q={REPORTER}")
        assert (page.locator(f"a[href='/items/{reported}']").count() == 0) is masked, role
        page.context.close()
    with seeded.sessions() as session:
        searches = session.scalars(select(AuditEntry).where(AuditEntry.action == "search")).all()
    assert sorted({e.actor for e in searches}) == ["anna", "carla", "dirk", "eva"]
    assert len(searches) == 12
    publish(*shots.values())


def test_trends_page_for_analysts_with_a_planted_rise(live, browser, seeded, tmp_path):
    """The trends page in Chromium: the analist sees the planted week flagged, the
    medewerker may not open it. Writes review-trends.png (copied to IKP_REVIEW_SCREENSHOTS)."""
    from tests.review.factories import seed_weeks

    quiet = [3, 2, 4, 3, 5, 2, 3, 4, 1, 3, 6, 2, 3, 4, 3, 2, 5, 3, 4, 3]
    seed_weeks(seeded, [*quiet, 16, 3, 4, 2], "arbeidsuitbuiting", first_id=1)
    seed_weeks(seeded, [2, 1, 3] * 8, "schijnhuwelijk", first_id=1000)
    page = _login(browser, live, "anna")
    assert page.goto(f"{live}/trends").status == 403
    page.context.close()
    page = _login(browser, live, "dirk")
    page.click("header nav a[href='/trends']")
    page.goto(f"{live}/trends?until=2026-12-02")
    assert "2026-W46" in page.inner_text("table.alerts")
    assert page.locator("svg.trend rect.alert").count() >= 1
    shot = tmp_path / "review-trends.png"
    page.screenshot(path=str(shot), full_page=True)
    page.context.close()
    publish(shot)


def test_pair_view_passes_axe_and_is_judged_by_keyboard_and_without_javascript(
    live, browser, seeded
):
    earlier, later = seed_pair(seeded, n=1)
    _, other_later = seed_pair(seeded, n=3)
    analist = _login(browser, live, "dirk")  # the proposal with the reporter masked
    analist.goto(f"{live}/items/{later}")
    assert "[melder]" in analist.inner_text(".pair table.compare")
    assert analist.locator(".pair form").count() == 0
    assert axe_violations(analist) == []
    analist.context.close()

    page = _login(browser, live, "anna")
    page.goto(f"{live}/items/{later}")
    assert page.locator(".pair table.compare").count() == 1
    assert axe_violations(page) == []
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("z")  # the top proposal: same case
    page.wait_for_url(f"{live}/items/{later}?pair=same#dezelfde-zaak")
    assert page.locator(f"ul.linked a[href='/items/{earlier}']").count() == 1
    assert axe_violations(page) == []
    page.goto(f"{live}/items/{earlier}")
    assert page.locator(f"ul.linked a[href='/items/{later}']").count() == 1
    page.context.close()

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live}/login")
    plain.fill("input[name=username]", "bram")
    plain.fill("input[name=password]", PASSWORD)
    plain.click("button[type=submit]")
    plain.goto(f"{live}/items/{other_later}")
    plain.focus(".pair button[value=different]")
    plain.keyboard.press("Enter")
    plain.wait_for_url(f"{live}/items/{other_later}?pair=different#dezelfde-zaak")
    assert plain.locator(".pair").count() == 0
    context.close()
    with seeded.sessions() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("pair.same") == 1 and actions.count("pair.different") == 1
