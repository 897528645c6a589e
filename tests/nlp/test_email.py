"""EMAIL (nlp/recognizers/email.py)."""

from __future__ import annotations


def test_email_is_lower_cased_and_keeps_its_span(found):
    text = "Mail naar Nicht.Samira@Voorbeeld.be. Groetjes"
    assert found(text, "EMAIL") == [("Nicht.Samira@Voorbeeld.be", "nicht.samira@voorbeeld.be")]


def test_email_in_angle_brackets(found):
    assert found("Van: Meldpunt <meldpunt@anoniem-voorbeeld.nl>", "EMAIL") == [
        ("meldpunt@anoniem-voorbeeld.nl", "meldpunt@anoniem-voorbeeld.nl")
    ]


def test_at_sign_without_a_domain_is_no_email(found):
    assert found("zie @ 10 uur, of iemand@localhost", "EMAIL") == []
