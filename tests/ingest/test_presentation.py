"""Presentations (.pptx): files built here with python-pptx, read through `ingest` as
text slide by slide (titles, text boxes, tables, groups, notes), alone, inside a zip
and attached to a mail; hostile sizes are cut off and said so."""

from __future__ import annotations

import pytest

import ingest.presentation as presentation
from ingest import extract_bytes
from ingest.registry import ExtractionError, detect_media_type
from tests.factories.mail import make_mail, make_zip
from tests.ingest.officefactory import Slide, encrypted_ooxml_bytes, msg_bytes, pptx_bytes

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# A briefing as a chain partner might send it (everything invented).
SLIDES: list[Slide] = [
    ("Casus Lindelaan", ["Mevrouw Annelies Vermeulen-Dekker", "woont niet op het adres"], None,
     "Niet delen buiten de keten.", []),
    ("Betrokkenen", [], [["Naam", "V-nummer"], ["Karim El Amrani", "1234567890"]], None,
     ["Werkgever: Bright Minds", "KvK 12345678"]),
]  # fmt: skip
EXPECTED = (
    "--- dia 1 ---\n"
    "Casus Lindelaan\n"
    "Mevrouw Annelies Vermeulen-Dekker\n"
    "woont niet op het adres\n"
    "Notities:\n"
    "Niet delen buiten de keten.\n"
    "\n"
    "--- dia 2 ---\n"
    "Betrokkenen\n"
    "Naam\tV-nummer\n"
    "Karim El Amrani\t1234567890\n"
    "Werkgever: Bright Minds\n"
    "KvK 12345678"
)


@pytest.fixture(scope="module")
def briefing() -> bytes:
    return pptx_bytes(SLIDES)


def test_slides_give_titles_text_tables_groups_and_notes_in_order(briefing: bytes) -> None:
    document = extract_bytes(briefing, "briefing.pptx")
    assert document.media_type == PPTX
    assert document.text == EXPECTED
    assert document.parts[0].error is None


def test_presentation_is_recognised_by_its_content(briefing: bytes) -> None:
    assert detect_media_type(briefing) == PPTX
    assert extract_bytes(briefing, "bijlage.bin").text == EXPECTED


@pytest.mark.parametrize("container", ["zip", "mail", "outlook"])
def test_presentation_inside_a_zip_a_mail_and_an_outlook_message(
    briefing: bytes, container: str
) -> None:
    if container == "zip":
        document = extract_bytes(make_zip({"stukken/briefing.pptx": briefing}), "stukken.zip")
        name = "stukken/briefing.pptx"
    elif container == "mail":
        attachment = ("briefing.pptx", briefing, "application/vnd.ms-powerpoint")
        document = extract_bytes(make_mail(attachments=(attachment,)).as_bytes(), "m.eml")
        name = "briefing.pptx"
    else:
        message = ("Briefing", "Zie bijlage.", "", [("briefing.pptx", briefing)])
        document = extract_bytes(msg_bytes(message), "doorgestuurd.msg")
        name = "briefing.pptx"
    assert f"--- bijlage: {name} ---\n{EXPECTED}" in document.text
    assert "<a:t>" not in document.text and "<?xml" not in document.text


LIMITS = [  # limit, lowered to, what the text and the part's error say, what is left out
    ("MAX_SLIDES", 1, "only the first 1 slides read", "Betrokkenen"),
    ("MAX_TABLE_CELLS", 3, "tables: only the first 3 cells of a table read", "Karim"),
    ("MAX_GROUP_DEPTH", 0, "shapes grouped more than 0 deep", "Bright Minds"),
]


@pytest.mark.parametrize(("limit", "value", "said", "left_out"), LIMITS, ids=[x[0] for x in LIMITS])
def test_limits_cut_the_text_and_say_so(
    monkeypatch: pytest.MonkeyPatch, briefing: bytes, limit: str, value: int, said: str,
    left_out: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(presentation, limit, value)
    document = extract_bytes(briefing, "briefing.pptx")
    assert document.text.startswith("--- dia 1 ---\nCasus Lindelaan\n")
    assert document.text.endswith(f"[niet alles gelezen: {said}]")
    assert left_out not in document.text
    assert document.parts[0].error == said


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("kapot.pptx", pptx_bytes(SLIDES[:1])[:700], "zip is damaged"),
        ("geheim.pptx", encrypted_ooxml_bytes(), "presentation is encrypted with a password"),
        ("leeg.pptx", make_zip({"ppt/presentation.xml": b"<p/>"}),
         "PowerPoint presentation cannot be read"),
    ],
    ids=["truncated", "password", "no-package"],
)  # fmt: skip
def test_unreadable_presentations_are_refused_with_the_reason(
    name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract_bytes(data, name)
