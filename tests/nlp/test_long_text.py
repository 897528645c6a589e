"""Long texts: analysed in pieces (nlp.pieces), entities across the seams found once,
offsets into the whole text, the same as when the text is analysed whole."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nlp.ner
from contract.records import Document
from nlp import EntityExtractor
from nlp.pieces import cut_before, cuts, split
from tests.cli.test_analyse import CONTRACT_KEYS

WHOLE = 10**9  # piece_chars that never cuts: the text analysed whole
FILLER = "tekst "

# Planted entities: (text, label); each ends up across, or starting right at, a seam.
PLANTED = [
    ("NL91 ABNA 0417 1643 00", "IBAN"),
    ("Kerkstraat 12", "ADRES"),
    ("12 maart 1990", "DATUM"),
    ("p.vandijk@voorbeeld.nl", "EMAIL"),
    ("06-12345678", "TELEFOON"),
    ("V-nr. 12 345 678 90", "V_NUMMER"),
    ("3511 AB", "POSTCODE"),
]
# Planted with their cue word before them: the seam falls between cue and entity.
CUED = [
    ("geboren op ", "2 november 1988", "GEBOORTEDATUM"),
    ("BSN ", "123456782", "BSN"),
]

LETTER = (
    "Geachte heer, mevrouw,\n\n"
    "Op {n} maart 2024 meldde de heer Pieter van Dijk (BSN 123456782, V-nr. 12 345 678 90) "
    "dat hij woont op Kerkstraat {n}, 3511 AB Utrecht. Hij is bereikbaar op 06-12345678 en "
    "via p.vandijk{n}@voorbeeld.nl; zijn rekening is NL91 ABNA 0417 1643 00.\n"
    "Mevrouw Fatima El Idrissi werkt bij Schoonmaakbedrijf Glans B.V. in Rotterdam.\n\n"
    "Met vriendelijke groet,\nJ. de Wit\n\n"
)


def letters(chars: int) -> str:
    """Letters of 17 rule entities each (dates vary), at least `chars` characters."""
    out, n, size = [], 0, 0
    while size < chars:
        n += 1
        out.append(LETTER.format(n=n % 28 + 1))
        size += len(out[-1])
    return "".join(out)


def seams_text(size: int, margin: int) -> tuple[str, list[tuple[int, int, str]]]:
    """Filler words with every planted entity across a seam of `split(text, size, margin)`:
    the text and the (start, end, label) of each planted entity."""
    step = size - 2 * margin
    text, cut, planted = "", 0, []
    items = [("", e, label) for e, label in PLANTED] + CUED
    for cue, entity, label in items:
        limit = cut + step
        # The seam falls at the last whitespace before `limit`: inside a multi-word entity,
        # between a cue and its number, or right before a one-word entity.
        start = limit - (len(entity) // 2 if " " in entity else 2)
        text += (FILLER * (step // len(FILLER) + 2))[: start - len(cue) - len(text) - 1] + " "
        text += cue + entity + " "
        planted.append((len(text) - 1 - len(entity), len(text) - 1, label))
        text += FILLER * 5
        cut = cut_before(text, limit, cut + step // 2)
        first, last, _ = planted[-1]
        assert first - len(cue) <= cut <= first or first < cut < last, (cue, entity, cut)
    return text, planted


def test_cuts_prefer_a_blank_line_then_a_line_end_then_a_sentence_end_then_whitespace():
    text = "aaa bbb.\n\nccc ddd\neee. fff ggg hhh"
    assert cut_before(text, 30) == text.index("ccc")  # after the blank line
    assert cut_before(text, 30, 11) == text.index("eee")  # after the line end
    assert cut_before(text, 30, 19) == text.index("fff")  # after the sentence end
    assert cut_before(text, 30, 24) == text.index("ggg")  # after whitespace
    assert cut_before("x" * 50, 30, 10) == 30  # no whitespace at all: a hard cut
    assert cut_before(text, 1000) == len(text)


def test_pieces_own_stretches_that_partition_the_text_and_windows_hold_them():
    text = letters(50_000)
    pieces = split(text, 10_000, 1_000)
    assert len(pieces) > 4
    assert pieces[0].own_start == 0 and pieces[-1].own_end == len(text)
    for a, b in itertools.pairwise(pieces):
        assert a.own_end == b.own_start
        assert text[a.own_end - 1] == "\n"  # letters have line ends: no cut inside a line
    for p in pieces:
        assert p.start <= p.own_start - 500 or p.start == 0
        assert p.end >= p.own_end + 500 or p.end == len(text)
        assert p.end - p.start <= 10_000
        assert p.start == 0 or text[p.start - 1] == "\n"  # windows start at a line start


def test_a_short_text_is_one_piece():
    assert split("kort", 100, 10) == [nlp.pieces.Piece(0, 4, 0, 4)]
    assert cuts("", 10) == [0, 0]


def test_entities_planted_at_the_seams_come_out_once_with_exact_offsets():
    text, planted = seams_text(4_000, 500)
    assert len(split(text, 4_000, 500)) > len(planted)
    pieces = EntityExtractor(piece_chars=4_000, margin=500).extract(text)
    whole = EntityExtractor(piece_chars=WHOLE).extract(text)
    assert pieces == whole
    for e in pieces:
        assert text[e.start : e.end] == e.text
    assert [(e.start, e.end, e.label) for e in pieces] == planted


def test_pipe_of_long_and_short_texts_equals_each_text_analysed_whole():
    long_text, _ = seams_text(4_000, 500)
    texts = ["BSN 123456782", long_text, "", letters(9_000), "niets"]
    pieces = EntityExtractor(piece_chars=4_000, margin=500)
    whole = EntityExtractor(piece_chars=WHOLE)
    assert list(pieces.pipe(texts, batch_size=2)) == [whole.extract(t) for t in texts]


def test_plain_sources_see_pieces_and_their_entities_are_shifted_into_the_text():
    text = letters(20_000)
    seen: list[int] = []

    def capitals(window: str):
        from contract.records import Entity

        seen.append(len(window))
        return [
            Entity("PERSOON", m.group(), m.group(), m.start(), m.end(), "test")
            for m in re.finditer(r"Pieter van Dijk", window)
        ]

    pieces = EntityExtractor(extra_sources=[capitals], piece_chars=4_000, margin=500)
    found = [e for e in pieces.extract(text) if e.label == "PERSOON"]
    assert max(seen) <= 4_000 and len(seen) > 4
    assert [(e.start, e.end) for e in found] == [
        (m.start(), m.end()) for m in re.finditer("Pieter van Dijk", text)
    ]


@pytest.fixture(scope="module")
def ner_extractors():
    from nlp.ner import load_source

    source = load_source()
    pieces = EntityExtractor(piece_chars=10_000, margin=1_000)
    pieces.add_source(source)
    whole = EntityExtractor(piece_chars=WHOLE)
    whole.add_source(source)
    return pieces, whole


def test_with_the_trained_ner_pieces_give_what_the_whole_text_gives(ner_extractors):
    pieces, whole = ner_extractors
    text = letters(30_000)
    found = pieces.extract(text)
    assert found == whole.extract(text)
    assert all(text[e.start : e.end] == e.text for e in found)
    persons = [e for e in found if e.label == "PERSOON"]
    assert len([e for e in persons if e.text == "Pieter van Dijk"]) == text.count("Pieter van Dijk")


def test_a_line_longer_than_the_ner_window_is_tagged_as_if_whole(ner_extractors, monkeypatch):
    pieces, _ = ner_extractors
    # One line of ~25,000 characters: three NER windows, each cut inside a name.
    sentence = "Hij sprak met de heer Pieter van Dijk in Rotterdam over het werk en de huur "
    step = nlp.ner.MAX_LINE - 2 * nlp.ner.LINE_MARGIN
    for j in range(len(sentence)):
        line = "en " * j + sentence * (25_000 // len(sentence))
        names = [m.start() for m in re.finditer("Pieter van Dijk", line)]
        seams = cuts(line, step)[1:-1]
        if all(any(s < c < s + 15 for s in names) for c in seams):
            break
    else:
        pytest.fail("no line puts every cut inside a name")
    text = "Geachte heer,\n\n" + line + "\n\nMet vriendelijke groet,\nJ. de Wit\n"
    assert max(len(x) for x in text.split("\n")) > 2 * nlp.ner.MAX_LINE
    in_windows = pieces.extract(text)
    monkeypatch.setattr(nlp.ner, "MAX_LINE", WHOLE)
    assert in_windows == pieces.extract(text)
    names = [e for e in in_windows if e.text == "Pieter van Dijk"]
    assert len(names) == text.count("Pieter van Dijk")
    assert all(text[e.start : e.end] == e.text for e in in_windows)


def test_the_ner_takes_a_text_over_spacys_max_length(ner_extractors):
    pieces, _ = ner_extractors
    nlp_max = nlp.ner.load_pipeline().max_length
    # Few tokens, so the network's time stays small: long words and one name at the end.
    text = ("x" * 999 + " ") * (
        nlp_max // 1000 + 1
    ) + "\nDe heer Pieter van Dijk woont in Utrecht.\n"
    assert len(text) > nlp_max
    found = [e for e in pieces.extract(text) if e.label == "PERSOON"]
    assert [(text[e.start : e.end], e.start) for e in found] == [
        ("Pieter van Dijk", text.index("Pieter"))
    ]


@pytest.mark.slow
def test_a_text_of_several_megabytes_is_analysed():
    text = letters(4_000_000)
    found = EntityExtractor().extract(text)
    per_letter = len(EntityExtractor().extract(LETTER.format(n=1)))
    assert len(found) == per_letter * text.count("Geachte heer")
    assert all(text[e.start : e.end] == e.text for e in found)


def test_the_analyser_analyses_a_prefix_and_marks_where_it_stopped():
    from datetime import UTC, datetime

    from classifiers import DEFAULT_MODEL_DIR, SignalClassifier
    from ikp.pipeline import Analyzer, cut_marker
    from routing import load_rules

    class NoDossiers:
        def __getattr__(self, name):
            return lambda *args, **kwargs: []

    analyzer = Analyzer(
        EntityExtractor(), SignalClassifier.load(DEFAULT_MODEL_DIR), load_rules(), max_chars=5_000
    )
    text = letters(12_000)
    document = Document("file", "brief.txt", text, "text/plain")
    analysis = analyzer.analyse(document, received=datetime.now(UTC), index=NoDossiers())
    cut = text.rindex("\n", 0, 5_000) + 1
    marker = cut_marker(cut, len(text))
    assert analysis.document.text == text[:cut] + marker + text[cut:]
    assert "niet geanalyseerd" in marker
    assert analysis.entities and max(e.end for e in analysis.entities) <= cut
    assert all(analysis.document.text[e.start : e.end] == e.text for e in analysis.entities)
    short = Document("file", "kort.txt", LETTER.format(n=1), "text/plain")
    assert analyzer.analyse(short, received=datetime.now(UTC), index=NoDossiers()).document == short
    # A text the sandbox passed on only the start of: the marker names the whole length.
    start = text[:8_000] + "\n\n--- tekst hierna niet overgenomen ---\n"
    cut_short = Document("file", "brief.txt", start, "text/plain", whole_length=len(text))
    marked = analyzer.analyse(cut_short, received=datetime.now(UTC), index=NoDossiers())
    assert marked.document.text == start[:cut] + marker + start[cut:]


@pytest.mark.slow
def test_installed_ikp_analyses_a_one_megabyte_mail(shared_dir: Path, tmp_path: Path):
    mail = shared_dir / "corpora" / "emails" / "nodemailer-mailparser" / "large_text.eml"
    ikp = Path(sys.executable).parent / "ikp"
    env = {**os.environ, "IKP_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [str(ikp), "analyse", "--json", str(mail)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    [line] = done.stdout.splitlines()
    analysis = json.loads(line)
    assert set(analysis) == CONTRACT_KEYS, analysis.get("error")
    assert len(analysis["text"]) > 1_000_000
    assert analysis["entities"]
    for e in analysis["entities"]:
        assert analysis["text"][e["start"] : e["end"]] == e["text"]
