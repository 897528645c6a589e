"""The analysts' pages in headless Chromium, for every role: search, phenomena and trends
with the reporter masked where the role may not see them, views and searches in the audit
log as the beheerder reads it, the 403 page where a role has no access, and no axe-core
WCAG 2.1 AA violations."""

from __future__ import annotations

import csv

import pytest

from tests.factories.search import add_analysed
from tests.review.chromium import axe_violations, login, publish
from tests.review.factories import REPORTER, REPORTER_ADDRESS, USERS, days_ago, seed_weeks

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

USER_OF = {role: name for name, role in USERS.items() if name != "bram"}  # one per role
ROLES = sorted(USER_OF)
MASKED = ("analist", "datascientist")
MARKERS = ("analist", "beheerder", "medewerker")
TREND_ROLES = ("analist", "beheerder")
ADMIN = USER_OF["beheerder"]
IBAN = "NL91 ABNA 0417 1643 00"
IBAN_QUERY = "nl91abna0417164300"  # as someone types it: another notation
WORKPLACE = "Laan van Fictie 8"
PLATE = "VX-123-B"
REPORTER_PHONE = "06 0000 1111"
REPORTER_STREET = "Verzonnenstraat 7"
NO_ACCESS = "Geen toegang voor deze rol"


@pytest.fixture
def cluster(seeded) -> dict[str, list[int]]:
    """Four items over three months about wages paid to one bank account, two also naming
    one workplace; the newest is reported by a named reporter who gives a phone number and
    an address. Three items about one van, and one item that shares nothing."""
    reported = add_analysed(
        seeded,
        1,
        f"Mijn naam is {REPORTER}, bel me op {REPORTER_PHONE}; ik woon op {REPORTER_STREET} "
        f"in Voorbeelddorp. Het loon van de schoonmakers gaat naar rekening {IBAN} van een "
        f"bemiddelaar op {WORKPLACE}.",
        received=days_ago(2),
        code="arbeidsuitbuiting",
        subject=f"Melding van {REPORTER}",
        sender=f"{REPORTER} <{REPORTER_ADDRESS}>",
    )
    account = [
        add_analysed(
            seeded,
            n,
            f"Schoonmakers op {WORKPLACE} krijgen hun loon via rekening {IBAN} (melding {n})."
            if n < 4
            else f"Huur voor de kamers wordt ingehouden en gaat naar {IBAN}.",
            received=days_ago(days),
            code="arbeidsuitbuiting",
        )
        for n, days in ((2, 9), (3, 45), (4, 80))
    ]
    van = [
        add_analysed(
            seeded,
            n,
            f"Een bestelbus met kenteken {PLATE} brengt elke ochtend mensen weg (melding {n}).",
            received=days_ago(days),
            code="mensenhandel",
        )
        for n, days in ((5, 5), (6, 30), (7, 60))
    ]
    loner = add_analysed(seeded, 8, "Een melding zonder gedeelde gegevens.", received=days_ago(1))
    return {"account": [reported, *account], "van": van, "loner": [loner]}


def audited(browser, live: str, actor: str, action: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The details of `actor`'s `action` entries on /audit, as the beheerder reads them."""
    page = login(browser, live, ADMIN)
    page.goto(f"{live}/audit")
    rows = page.eval_on_selector_all(
        "table.audit tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText))"
    )
    page.context.close()
    return [detail for _, who, what, _, detail in rows if who == actor and what == action]


def assert_reporter_masked(html: str, masked: bool) -> None:
    """The reporter's name, phone number and address are on the page exactly when not masked."""
    for detail in (REPORTER, REPORTER_PHONE, REPORTER_STREET):
        assert (detail in html) is not masked, detail
    assert ("[melder]" in html) is masked


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_the_items_masks_the_reporter_and_is_audited(live, browser, cluster, role):
    username = USER_OF[role]
    page = login(browser, live, username)
    page.click("header nav a[href='/search']")
    page.fill("input[name=q]", IBAN_QUERY)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url(f"{live}/search?*")
    for item_id in cluster["account"]:
        assert page.locator(f"main a[href='/items/{item_id}']").count() > 0, item_id
    for item_id in cluster["van"] + cluster["loner"]:
        assert page.locator(f"main a[href='/items/{item_id}']").count() == 0, item_id
    assert_reporter_masked(page.content(), role in MASKED)
    assert axe_violations(page) == []
    page.context.close()
    searches = audited(browser, live, username, "search")
    assert len(searches) == 1 and IBAN_QUERY in searches[0]


@pytest.mark.parametrize("role", ROLES)
def test_phenomena_page_draws_the_cluster_and_the_named_phenomenon_shows_on_its_items(
    live, browser, cluster, role, tmp_path
):
    username = USER_OF[role]
    reported, earlier = cluster["account"][:2]
    page = login(browser, live, username)
    page.click("header nav a[href='/phenomena']")
    page.wait_for_url(f"{live}/phenomena")
    section = page.locator("section.cluster", has=page.locator(f"a[href='/items/{earlier}']"))
    assert section.count() == 1
    assert "4 items, 2 nieuw" in section.locator("h2").inner_text()
    network = section.locator("figure svg")
    assert network.count() == 1 and network.get_attribute("role") == "img"
    assert network.locator(":scope > title").text_content().startswith("Netwerk van cluster")
    assert network.locator("title", has_text="IBAN NL91ABNA0417164300").count() == 1
    for item_id in cluster["account"]:  # a node per item, titled for screen readers
        assert network.locator("title", has_text=f"item {item_id},").count() == 1
        assert section.locator(f"a[href='/items/{item_id}']").count() > 0
    assert "NL91ABNA0417164300" in section.inner_text()
    assert page.locator("section.cluster").count() == 2  # the van's; not the loner
    assert page.locator(f"a[href='/items/{cluster['loner'][0]}']").count() == 0
    html = page.content()  # the reporter's name is in the reported item's subject
    assert (REPORTER in html) is (role not in MASKED)
    assert ("[melder]" in html) is (role in MASKED)

    name = "Schoonmakers betaald via een rekening"  # ASCII: /audit shows JSON with \u escapes
    if role in MARKERS:
        section.locator("form.mark input[name=name]").fill(name)
        section.locator("form.mark button[type=submit]").click()
        page.wait_for_url("**msg=gemarkeerd**")
        assert f"fenomeen: {name}" in page.inner_text(f"#{section.get_attribute('id')} h2")
    else:
        assert page.locator("form.mark").count() == 0
        token = page.get_attribute("header form.logout input[name=csrf_token]", "value")
        refused = page.request.post(
            f"{live}/phenomena/mark",
            form={"csrf_token": token, "anchor": str(earlier), "name": name, "weeks": "4"},
        )
        assert refused.status == 403 and NO_ACCESS in refused.text()
    assert axe_violations(page) == []
    if role == "analist":
        shot = tmp_path / "review-phenomena.png"
        page.screenshot(path=str(shot), full_page=True)
        publish(shot)

    page.goto(f"{live}/items/{reported}")
    assert_reporter_masked(page.content(), role in MASKED)
    for item_id in (reported, earlier):
        page.goto(f"{live}/items/{item_id}")
        badge = page.locator("p.phenomena")
        assert (badge.count() == 1) is (role in MARKERS)
        if role in MARKERS:
            assert name in badge.inner_text()
    page.context.close()
    views = audited(browser, live, username, "phenomena.viewed")
    assert len(views) == (2 if role in MARKERS else 1)  # after marking the page is shown again
    assert all(str(earlier) in detail for detail in views), views
    marks = audited(browser, live, username, "phenomenon.marked")
    assert len(marks) == (1 if role in MARKERS else 0)
    assert all(name in detail for detail in marks)


@pytest.mark.parametrize("role", ROLES)
def test_trends_page_charts_the_planted_rise_with_csv_for_the_roles_that_may(
    live, browser, seeded, role, tmp_path
):
    quiet = [3, 2, 4, 3, 5, 2, 3, 4, 1, 3, 6, 2, 3, 4, 3, 2, 5, 3, 4, 3]
    seed_weeks(seeded, [*quiet, 16, 3, 4, 2], "arbeidsuitbuiting", first_id=1)
    seed_weeks(seeded, [2, 1, 3] * 8, "schijnhuwelijk", first_id=1000)
    page = login(browser, live, USER_OF[role])
    if role not in TREND_ROLES:
        assert page.locator("header nav a[href='/trends']").count() == 0
        for path in ("/trends", "/trends.csv"):
            response = page.goto(f"{live}{path}")
            assert response.status == 403 and NO_ACCESS in page.inner_text("main"), path
        page.context.close()
        return
    page.click("header nav a[href='/trends']")
    page.wait_for_url(f"{live}/trends")
    page.goto(f"{live}/trends?until=2026-12-02")
    assert "2026-W46" in page.inner_text("table.alerts")
    assert page.locator("svg.trend").count() >= 2
    assert page.locator("svg.trend rect.alert").count() >= 1
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.click("a[href^='/trends.csv']")
    saved = tmp_path / "trends.csv"
    download.value.save_as(saved)
    page.context.close()
    rows = list(csv.reader(saved.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:4] == ["dimension", "group", "week", "count"]
    assert ["type", "arbeidsuitbuiting", "2026-W46", "16"] in [r[:4] for r in rows]
    flagged = [r for r in rows if r[:3] == ["type", "arbeidsuitbuiting", "2026-W46"]]
    assert flagged[0][-1] == "1"
    assert download.value.suggested_filename == "ikp-trends.csv"


def test_axe_check_reports_a_violation_and_fails_rather_than_hangs_without_javascript(
    live, browser
):
    page = login(browser, live, USER_OF["analist"])
    page.goto(f"{live}/search")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert [v for v in axe_violations(page) if v.startswith("image-alt:")]
    page.context.close()
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live}/login")
    with pytest.raises(pytest.fail.Exception, match="JavaScript disabled"):
        axe_violations(plain, timeout_ms=3000)
    context.close()
