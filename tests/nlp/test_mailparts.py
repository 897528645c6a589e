from itertools import pairwise

from nlp.mailparts import DISCLAIMER, OWN, QUOTED, SIGNATURE, classified_text, split_mail

FORWARDED = (
    "Ter info, zie hieronder.\n"
    "\n"
    "-----Oorspronkelijk bericht-----\n"
    "Van: een bewoner\n"
    "Onderwerp: woning\n"
    "De man van 3-hoog woont al maanden in het buitenland.\n"
)
SIGNED = (
    "Kunt u laten weten of mijn aanvraag compleet is?\n"
    "\n"
    "Met vriendelijke groet,\n"
    "R. de Boer\n"
    "Afdeling Inkoop\n"
    "\n"
    "Deze e-mail is vertrouwelijk; alleen de geadresseerde mag hem lezen. Wij hanteren\n"
    "een zero tolerance beleid op mensenhandel en fraude.\n"
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(p.kind, text[p.start : p.end].strip().splitlines()[0]) for p in split_mail(text)]


def test_parts_cover_the_whole_text_in_order() -> None:
    for text in (FORWARDED, SIGNED, "", "één regel zonder einde"):
        parts = split_mail(text)
        assert "".join(text[p.start : p.end] for p in parts) == text
        assert all(a.end == b.start for a, b in pairwise(parts))


def test_a_forwarded_chain_is_quoted_from_its_header_block() -> None:
    assert kinds(FORWARDED) == [
        (OWN, "Ter info, zie hieronder."),
        (QUOTED, "-----Oorspronkelijk bericht-----"),
    ]


def test_lines_quoted_with_a_chevron_and_english_reply_headers_are_quoted() -> None:
    text = "Please see below.\nOn Monday 3 March, Anna wrote:\n> he works without pay\n"
    assert [k for k, _ in kinds(text)] == [OWN, QUOTED]


def test_signature_starts_at_the_closing_and_boilerplate_is_a_disclaimer() -> None:
    assert kinds(SIGNED) == [
        (OWN, "Kunt u laten weten of mijn aanvraag compleet is?"),
        (SIGNATURE, "Met vriendelijke groet,"),
        (
            DISCLAIMER,
            "Deze e-mail is vertrouwelijk; alleen de geadresseerde mag hem lezen. Wij hanteren",
        ),
    ]


def test_the_classifier_reads_own_and_quoted_text_but_no_signature_or_disclaimer() -> None:
    assert classified_text(FORWARDED) == FORWARDED
    kept = classified_text(SIGNED)
    assert "aanvraag compleet" in kept
    assert "mensenhandel" not in kept and "Inkoop" not in kept


def test_a_text_that_is_all_signature_is_read_whole() -> None:
    text = "Met vriendelijke groet,\nJan\n"
    assert classified_text(text) == text
