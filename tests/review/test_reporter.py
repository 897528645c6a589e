"""Reporter protection: the reporter is masked server-side for roles without reporter access."""

from __future__ import annotations

import re

import pytest

from review.related import EXCERPT_CHARS, excerpt
from review.reporter import MASK, ReporterMask
from review.routes.items import SHOWN_CHARS
from tests.review.factories import (
    REPORTER,
    REPORTER_ADDRESS,
    csrf_of,
    login,
    mail,
    seed_item,
    seed_reported_item,
)

PHONE = "06-00001111"
SECRETS = ("Fictief", REPORTER_ADDRESS, "0000 1111", "00001111", "Verzonnenstraat", "1234 AB")


@pytest.fixture
def reported(seeded) -> int:
    return seed_reported_item(seeded, n=1)


@pytest.mark.parametrize("username", ["dirk", "eva"])  # analist, datascientist
def test_reporter_in_headers_body_and_text_is_masked_for_roles_without_access(
    client, reported, username
):
    login(client, username)
    page = client.get(f"/items/{reported}").text
    queue = client.get("/").text
    for secret in SECRETS:
        assert secret not in page, secret
        assert secret not in queue, secret
    assert MASK in page and "(afgeschermd)" in page
    # the signal itself stays readable: the suspect, the V-nummer and their address
    assert "Kees Verzonnen" in page and "1234567890" in page and "Kerkpad 4" in page


def test_reporter_roles_see_the_reporter_unmasked(client, reported):
    login(client, "anna")
    page = client.get(f"/items/{reported}").text
    assert REPORTER_ADDRESS in page and "J. van Fictief" in page and "Verzonnenstraat 7" in page
    assert MASK not in page


def test_phone_reporter_named_in_the_text_is_masked_for_datascientist(client, seeded):
    token = login(client, "anna")
    response = client.post(
        "/signals",
        data={
            "csrf_token": token,
            "channel": "phone",
            "text": "Beller Joost van Fictief meldt acht inschrijvingen op Kerkpad 4. "
            "Terugbellen op +31 6 0000 1111.",
            "reporter_name": REPORTER,
            "reporter_contact": PHONE,
        },
    )
    item_id = int(response.headers["location"].split("/")[2].split("?")[0])
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    login(client, "eva")
    page = client.get(f"/items/{item_id}").text
    assert "Fictief" not in page and "0000 1111" not in page and "Kerkpad 4" in page


def test_mask_covers_name_forms_phone_formats_and_signature():
    mask = ReporterMask.from_identities(['"Fictief, Joost van" <jf@voorbeeld.example>', PHONE])
    text = (
        "Gezien door Joost van Fictief; de heer Van Fictief belt vanaf +31 6 00001111 "
        "of 0600001111. Zijn buurman Joost Jansen niet.\nGroeten, Joost\n"
    )
    masked = mask.apply(text)
    assert "Fictief" not in masked and "00001111" not in masked
    assert "Groeten, [melder]" in masked
    assert "Joost Jansen" in masked  # a first name alone is not the reporter


def test_first_person_contact_phrases_are_masked_without_known_identity():
    text = (
        "Mijn naam is Pim de Verzinsel en mijn nummer is 06-12121212. "
        "Mijn e-mailadres is pim@voorbeeld.example. De verdachte woont op Kerkpad 4."
    )
    masked = ReporterMask().apply(text)
    assert "Verzinsel" not in masked and "12121212" not in masked and "pim@" not in masked
    assert "Kerkpad 4" in masked


def test_a_text_of_millions_of_characters_shows_its_start_masked_and_says_what_is_left_out(
    client, seeded
):
    letter = f"Melding.\n\nMet vriendelijke groet,\nJ. van Fictief\n{PHONE}\n\n"
    text = letter + "Op Kerkpad 4 wonen meer mensen dan ingeschreven.\n" * 50_000  # 2.45 M
    item_id = seed_item(seeded, n=1, text=text, raw=mail("Lange melding", "Zie tekst.", n=1))
    login(client, "dirk")  # analist
    page = client.get(f"/items/{item_id}").text
    assert "Fictief" not in page and "00001111" not in page and "Kerkpad 4 wonen" in page
    left_out = re.search(r"\(([\d.]+) tekens\) wordt hier niet getoond", page)
    beyond = len(text) - SHOWN_CHARS  # cut at the line end before SHOWN_CHARS
    assert left_out and beyond <= int(left_out.group(1).replace(".", "")) < beyond + 50
    assert len(page) < 2_500_000


def test_the_excerpt_of_a_text_of_millions_of_characters_is_its_masked_start():
    mask = ReporterMask.from_identities([f"J. van Fictief <{REPORTER_ADDRESS}>"])
    start = f"Melding van J. van Fictief ({REPORTER_ADDRESS}): op Kerkpad 4 wonen er negen.\n"
    shown = excerpt(start + "Het pand is verbouwd tot kamers.\n" * 100_000, mask)
    assert shown.startswith("Melding van [melder] ([melder]): op Kerkpad 4 wonen er negen.")
    assert shown.endswith(" …") and len(shown) <= EXCERPT_CHARS + 2
