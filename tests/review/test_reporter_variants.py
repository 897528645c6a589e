"""Reporter-identifying variants, one per closing and contact form, seen by each role.

All people, numbers and places are made up for these tests. Each variant holds a
secret that identifies the reporter and a fact of the signal that must stay readable.
"""

from __future__ import annotations

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


def test_ordinary_sentences_that_start_like_a_closing_stay_readable():
    text = "Thanks to a neighbour we know more.\nBest practice is to check the register.\n"
    assert ReporterMask().apply(text) == text
