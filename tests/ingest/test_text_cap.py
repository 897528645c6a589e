"""ingest.text_cap: only the start of a long text is passed on, with its whole length."""

from __future__ import annotations

from contract.limits import MAX_TEXT_CHARS
from contract.records import Document, Part
from ikp.pipeline import MAX_ANALYSED_CHARS, cut_marker
from ingest.text_cap import cap_text, cut_note
from review.routes.items import SHOWN_CHARS
from tests.factories.mail import dutch_prose


def _document(text: str, parts: tuple[Part, ...] = ()) -> Document:
    return Document("email", "lang@voorbeeld.nl", text, "message/rfc822", parts=parts)


def test_a_text_within_the_limit_is_passed_on_as_it_is():
    document = _document(dutch_prose(5_000), (Part("body", "text/plain", text="Kort."),))
    assert cap_text(document, limit=5_000) is document


def test_a_long_text_keeps_its_start_up_to_a_line_end_and_says_how_long_it_was():
    text = dutch_prose(50_000)
    capped = cap_text(_document(text), limit=10_000)
    kept = capped.text.index("\n\n--- tekst hierna niet overgenomen")
    assert len(capped.text) <= 10_000
    assert capped.text[:kept] == text[:kept] and text[kept - 1] == "\n"
    assert kept > 9_000 - len(cut_note(50_000, 50_000))  # cut in the last tenth
    assert capped.text.endswith(cut_note(kept, 50_000))
    assert "alleen de eerste" in capped.text and "van de 50.000 tekens" in capped.text
    assert capped.whole_length == 50_000


def test_a_text_without_line_ends_is_cut_after_a_space_else_at_the_limit():
    words = cap_text(_document("woord " * 5_000), limit=1_000)
    assert words.text.split("\n\n---")[0].endswith("woord ")
    letters = cap_text(_document("x" * 5_000), limit=1_000)
    kept = letters.text.index("\n\n---")
    assert kept == 1_000 - len(cut_note(5_000, 5_000)) and len(letters.text) <= 1_000


def test_parts_keep_their_texts_in_order_until_the_limit_is_used_up():
    members = tuple(
        Part(f"attachment:stukken.zip/verslag{i}.txt", "text/plain", size=400, text="a" * 400)
        for i in range(4)
    )
    parts = (Part("body", "text/plain", text="Zie de bijlagen."), *members)
    document = _document("\n".join(p.text for p in parts), parts)
    capped = cap_text(document, limit=1_000)
    assert [len(p.text) for p in capped.parts] == [16, 400, 400, 184, 0]
    assert capped.parts[:3] == parts[:3]
    assert [(p.origin, p.size) for p in capped.parts] == [(p.origin, p.size) for p in parts]
    assert sum(len(p.text) for p in capped.parts) <= 1_000


def test_the_limit_leaves_room_for_all_that_is_analysed_and_shown():
    # The analysed part, the pipeline's cut marker and what the item page shows all fit.
    marker = len(cut_marker(MAX_ANALYSED_CHARS, 10**9))
    kept = MAX_TEXT_CHARS - len(cut_note(MAX_TEXT_CHARS, 10**9))
    assert MAX_ANALYSED_CHARS + marker < SHOWN_CHARS < kept - marker
