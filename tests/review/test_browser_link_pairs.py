"""The dossier pairs of the item page in headless Chromium: WCAG 2.1 AA (axe-core), judged
by keyboard with JavaScript and with Tab and Enter without it, every verdict audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store.link_verdicts import labelled_links
from store.models import AuditEntry
from tests.review.chromium import axe_violations, publish
from tests.review.chromium import login as _login
from tests.review.factories import PASSWORD, seed_link_item

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_link_pairs_pass_axe_and_are_judged_by_keyboard_and_without_javascript(
    live, browser, seeded, tmp_path
):
    item = seed_link_item(seeded, n=1)
    other = seed_link_item(seeded, n=2)
    analist = _login(browser, live, "dirk")  # no register rows for roles that do not link
    analist.goto(f"{live}/items/{item}")
    assert analist.locator("#dossierparen").count() == 0
    assert axe_violations(analist) == []
    analist.context.close()

    page = _login(browser, live, "anna")
    page.goto(f"{live}/items/{item}")
    assert page.locator(".link-pair").count() == 2
    possible = page.locator(".link-pair", has_text="Mogelijk: dossier D-000202").inner_text()
    assert "✗ strijdig" in possible and "✓ komt overeen" in possible  # in words, not colour
    assert axe_violations(page) == []
    page.locator("h1").click()
    page.keyboard.press("w")  # the top proposal, D-000101, is of another age: reject it
    page.wait_for_url(f"{live}/items/{item}?link=reject#dossierparen")
    page.keyboard.press("k")  # now the possible D-000202 is on top: link it
    page.wait_for_url(f"{live}/items/{item}?link=accept#dossierparen")
    assert page.locator(".link-pair").count() == 0
    assert page.locator(".link-judged").count() == 2
    assert page.locator("input[name='link:D-000101'][value=reject]").is_checked()
    assert page.locator("input[name=extra_dossier]").input_value() == "D-000202"
    assert axe_violations(page) == []
    shot = tmp_path / "review-link-pairs.png"
    page.screenshot(path=str(shot), full_page=True)
    page.context.close()
    publish(shot)

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live}/login")
    plain.fill("input[name=username]", "bram")
    plain.fill("input[name=password]", PASSWORD)
    plain.click("button[type=submit]")
    plain.goto(f"{live}/items/{other}")
    plain.focus(".link-pair:has-text('D-000202') button[value=reject]")
    plain.keyboard.press("Enter")
    plain.wait_for_url(f"{live}/items/{other}?link=reject#dossierparen")
    assert plain.locator(".link-judged").count() == 1
    context.close()

    assert [(x.item_id, x.dossier_id, x.accepted) for x in labelled_links(seeded.sessions)] == [
        (item, "D-000101", False),
        (item, "D-000202", True),
        (other, "D-000202", False),
    ]
    with seeded.sessions() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("link.accept") == 1 and actions.count("link.reject") == 2
