"""Reporter-identifying variants, one per closing and contact form, seen by each role.

All people, numbers and places are made up for these tests. Each variant holds a
secret that identifies the reporter and a fact of the signal that must stay readable.
"""

from __future__ import annotations

import json

import pytest

from review.reporter import ReporterMask
from tests.review.factories import login, seed_item

FACT = "Op Lindelaan 12 in Zandrecht wonen negen mensen op een kamer."
VARIANTS = {
    "collegiale groet + Contact:": (
        "Met collegiale groet\n\nRoel Bakkerveld\nContact: 06-3141 5926",
        "3141 5926",
    ),
    "Tel.: under a closing with a comma": (
        "Met vriendelijke groeten,\nW. Hoeksema\nTel.: 0592 271 828",
        "0592 271 828",
    ),
    "Mob.: without a closing": ("Afdeling Toezicht\nMob.: +31 6 2718 2818", "2718 2818"),
    "Mobiel: label": ("Mobiel: 06 1618 0339", "1618 0339"),
    "Bereikbaar via": ("Ik ben overdag bereikbaar via 06-5772 1566.", "5772 1566"),
    "bereikbaar via mijn mobiel": ("Bereikbaar via mijn mobiel 0614142135", "0614142135"),
    "mijn telefoon": ("Mijn telefoon 06 4142 1356 staat altijd aan.", "4142 1356"),
    "m'n mobiel:": ("Bel gerust, m'n mobiel: 06-7320 5080", "7320 5080"),
    "E-mail: line": ("E-mail: g.dorrestijn@post.example", "dorrestijn@post.example"),
    "direct line": ("Doorkiesnummer: 050 367 3184", "367 3184"),
    "mvg": ("mvg\nTineke Oudeboom", "Oudeboom"),
    "hoogachtend": ("Hoogachtend,\n\nmr. F. Zwartewaal\nAdvocaat", "Zwartewaal"),
    "Groetjes alone": ("Groetjes,\nSanne Wijnkoop", "Wijnkoop"),
    "Kind regards": ("Kind regards,\nMorgan Fairweather\n+44 20 7946 0123", "Fairweather"),
    "Best regards one line": ("Best regards, Alex Thornbury", "Thornbury"),
    "Best alone": ("Best,\nRobin Ashcombe\nPhone: +31 10 555 0199", "Ashcombe"),
    "Yours sincerely": ("Yours sincerely,\nDr. Casey Lindqvist", "Lindqvist"),
    "Thanks alone": ("Thanks!\nJamie Pollard", "Pollard"),
    "Phone: line": ("Phone: +31 6 3583 2794", "3583 2794"),
    "call me on": ("You can call me on 06 2643 3832 after six.", "2643 3832"),
    "my mobile is": ("My mobile is 0679 502 884.", "0679 502 884"),
    "wie mij wil bellen": ("Wie mij wil terugbellen kan dat op 06-4811 7720.", "4811 7720"),
    "signature without a closing": (
        "Fenneke Dolleman\nWijkteam Oost, gemeente Zandrecht\n06-2233 4455",
        "2233 4455",
    ),
    "officer's T line under the name": (
        "Met vriendelijke groet,\n\nGert Zuidlaren | Toezichthouder\nTeam Handhaving\n"
        "T 070 - 812 33 90",
        "812 33 90",
    ),
    "M line after a blank line": (
        "Groet,\nAukje\n\nAukje Terhorst\nCoördinator Handhaving\nM +31 6 9081 7263",
        "9081 7263",
    ),
    "Doorkiesnummer without a colon": ("Doorkiesnummer 058 271 4433", "271 4433"),
    "Vr.gr. and a bare number": (
        "Vr.gr.\nHarm Blokzijl\nAfdeling Burgerzaken\n0591 - 44 55 66",
        "44 55 66",
    ),
    "Gr with the name on its line": ("Gr Wessel Tjalma\nteam Recherche", "Tjalma"),
    "name block above Verstuurd vanaf mijn iPhone": (
        "Ineke Slootweg\n06 7788 9911\n\nVerstuurd vanaf mijn iPhone",
        "7788 9911",
    ),
    "Tel/WhatsApp: line": ("Tel/WhatsApp: 06-4455 6677", "4455 6677"),
    "phone emoji line": ("\U0001f4f1 06 5544 3322", "5544 3322"),
    "u kunt mij bereiken op": ("U kunt mij altijd bereiken op 06-1212 3434.", "1212 3434"),
    "u kunt mij mailen op": (
        "U kunt mij ook mailen op h.vlieland@post.example als dat beter uitkomt.",
        "vlieland@post.example",
    ),
    "reach me on WhatsApp": (
        "You can reach me on WhatsApp +44 7700 900 123 in the evening.",
        "7700 900 123",
    ),
    "Thank you and take care": ("Thank you and take care,\nJordan Pemberton", "Pemberton"),
    "forwarded Van: block": (
        "Groet,\nPieter\n\n-----Oorspronkelijk bericht-----\n"
        "Van: Ria Stavoren <r.stavoren@post.example>\nVerzonden: maandag 2 maart 2026 10:12\n"
        "Aan: Pieter Dokkum\nOnderwerp: buren\n\nHet is weer druk in het pand.",
        "r.stavoren@post.example",
    ),
    "English From: block": (
        "Regards,\nSam\n\nFrom: Robin Hartwell <robin.h@mail.example>\n"
        "Sent: Monday, March 2, 2026 10:12 AM\nTo: Sam Whitfield\nSubject: neighbours",
        "Hartwell",
    ),
    "Op ... schreef attribution": (
        "Zie hieronder.\n\nOp di 3 mrt 2026 om 10:12 schreef Ria Stavoren "
        "<r.stavoren@post.example>:\n> Het is weer druk in het pand.",
        "Stavoren",
    ),
}
ROLES = {"anna": True, "carla": True, "dirk": False, "eva": False}  # user -> sees the reporter


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_mask_takes_the_reporter_and_keeps_the_signal(variant):
    text, secret = VARIANTS[variant]
    masked = ReporterMask().apply(f"{FACT}\n\n{text}\n")
    assert secret not in masked
    assert FACT in masked


@pytest.mark.parametrize("username", sorted(ROLES))
def test_each_role_sees_the_reporter_variants_only_when_allowed(client, seeded, username):
    ids = {
        name: seed_item(seeded, n=n, text=f"{FACT}\n\n{text}\n")
        for n, (name, (text, _)) in enumerate(sorted(VARIANTS.items()), start=1)
    }
    login(client, username)
    queue = client.get("/").text
    for name, item_id in ids.items():
        page = client.get(f"/items/{item_id}")
        assert page.status_code == 200
        secret = VARIANTS[name][1]
        assert (secret in page.text) == ROLES[username], (username, name)
        assert "Lindelaan 12" in page.text, (username, name)
        assert secret not in queue


def test_the_export_for_the_receiving_team_masks_every_variant(client, seeded):
    ids = {
        name: seed_item(seeded, n=n, text=f"{FACT}\n\n{text}\n")
        for n, (name, (text, _)) in enumerate(sorted(VARIANTS.items()), start=1)
    }
    login(client, "anna")
    for name, item_id in ids.items():
        export = client.get(f"/items/{item_id}/export.json").json()
        assert export["reporter_masked"] is True
        assert VARIANTS[name][1] not in json.dumps(export, ensure_ascii=False), name
        assert FACT in export["text"], name


def test_forwarded_mail_keeps_its_content_and_masks_its_author():
    text = (
        "Ter info doorgestuurd.\n\nGroet,\nPieter\n\n---------- Doorgestuurd bericht ---------\n"
        "Van: Ria Stavoren <r.stavoren@post.example>\nDatum: ma 2 mrt 2026 om 10:12\n"
        "Aan: p.dokkum@gemeente.example\n\n"
        f"{FACT}\nDe verhuurder komt elke vrijdag het geld ophalen.\n"
    )
    masked = ReporterMask().apply(text)
    assert "Stavoren" not in masked and "p.dokkum@" not in masked
    assert FACT in masked and "elke vrijdag het geld ophalen" in masked


def test_a_suspect_block_with_a_phone_inside_the_message_stays_readable():
    suspect = "Kees Verzonnen\ngeboren 1990\nwoont Lindelaan 12\ntel 06-9900 1122"
    text = (
        f"{FACT}\n\nHet gaat om deze man:\n\n{suspect}\n\n"
        "Hij rijdt elke ochtend met een volle bus naar de kassen.\n\nMet vriendelijke groet,\n"
        "Roel Bakkerveld\n06-3141 5926\n"
    )
    masked = ReporterMask().apply(text)
    assert suspect in masked and "3141 5926" not in masked and "Bakkerveld" not in masked


def test_ordinary_sentences_that_start_like_a_closing_stay_readable():
    text = "Thanks to a neighbour we know more.\nBest practice is to check the register.\n"
    assert ReporterMask().apply(text) == text
