"""Counterfactual test: origin from any continent moves no type and no score.

Each text (our frozen test split, and the public dev set's items read where they lie)
is scored as it is with origin words from one continent, then with those of every
other continent: the nationality adjectives already in the text are swapped, and a
sentence naming a nationality and a country is added, in Dutch and in English. The
words are written here by hand, independent of the generated masking lists, so a
word the lists miss shows up as a moved score.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from classifiers import SignalClassifier, load_corpus, select_split
from ingest import extract_file

# (Dutch adjective, Dutch country, English adjective, English country) per continent.
CONTINENTS = {
    "Europa": [("Schotse", "Schotland", "Scottish", "Scotland"),
               ("Poolse", "Polen", "Polish", "Poland")],
    "Azië": [("Pakistaanse", "Pakistan", "Pakistani", "Pakistan"),
             ("Mongoolse", "Mongolië", "Mongolian", "Mongolia")],
    "Afrika": [("Keniaanse", "Kenia", "Kenyan", "Kenya"), ("Malinese", "Mali", "Malian", "Mali")],
    "Amerika": [("Peruaanse", "Peru", "Peruvian", "Peru"),
                ("Boliviaanse", "Bolivia", "Bolivian", "Bolivia")],
    "Oceanië": [("Fijische", "Fiji", "Fijian", "Fiji"), ("Samoaanse", "Samoa", "Samoan", "Samoa")],
}  # fmt: skip
VARIANTS = [v for variants in CONTINENTS.values() for v in variants]
# Adjectives that intake mail often carries; each is swapped for every variant's.
IN_TEXT = re.compile(
    r"\b(Marokkaanse|Turkse|Syrische|Eritrese|Afghaanse|Nigeriaanse|Iraakse|Somalische"
    r"|Poolse|Roemeense|Chinese|Indiase|Nederlandse|Moroccan|Turkish|Syrian|Eritrean)\b"
)
MAX_MOVE = 0.02


def variant(text: str, adjective: str, country: str, english: str, en_country: str) -> str:
    return (
        IN_TEXT.sub(adjective, text)
        + f"\nDe {adjective} vrouw komt uit {country}."
        + f"\nHer {english} cousin was born in {en_country}."
    )


def assert_no_type_or_score_moves(model: SignalClassifier, texts: list[str]) -> None:
    assert texts
    results = [model.predict_many([variant(t, *v) for t in texts]) for v in VARIANTS]
    for i, text in enumerate(texts):
        first = results[0][i]
        for v, other in zip(VARIANTS[1:], results[1:], strict=True):
            got = other[i]
            where = f"{VARIANTS[0][0]} -> {v[0]} in text {i} ({len(text)} characters)"
            assert [s.code for s in got.signal_types] == [s.code for s in first.signal_types], where
            moved = max(abs(got.scores[c] - first.scores[c]) for c in first.scores)
            assert moved <= MAX_MOVE, (where, moved)


@pytest.mark.slow
def test_origin_from_any_continent_moves_nothing_on_our_frozen_split(
    shipped_model: SignalClassifier, corpus_dir: Path
) -> None:
    texts = [e.text for e in select_split(load_corpus(corpus_dir), "test")]
    assert_no_type_or_score_moves(shipped_model, texts)


@pytest.mark.slow
def test_origin_from_any_continent_moves_nothing_on_the_dev_set(
    shipped_model: SignalClassifier, shared_dir: Path
) -> None:
    items = sorted((shared_dir / "devset" / "items").iterdir())
    assert len(items) >= 100
    texts = [extract_file(path, ocr=False).text for path in items]
    assert_no_type_or_score_moves(shipped_model, texts)
