"""nlp.ner.rules: titles and legal forms complete the statistical NER's spans."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from nlp.ner import rules  # noqa: F401  (registers ikp_ner_rules)


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("ikp_ner_rules")
    return pipeline


def _ents(nlp: Language, text: str, preset: list[tuple[int, int, str]] = ()) -> list[tuple]:
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label) for s, e, label in preset]
    doc = nlp.get_pipe("ikp_ner_rules")(doc)
    return [(e.text, e.label_) for e in doc.ents]


def test_title_then_initial_and_surname_is_a_person_without_the_title(nlp) -> None:
    assert _ents(nlp, "Wij spraken dhr. K. Bakkali gisteren.") == [("K. Bakkali", "PERSOON")]


def test_salutation_with_particle_and_double_surname_is_one_person(nlp) -> None:
    text = "Geachte mevrouw Yılmaz-de Vries, de heer van der Berg belde."
    assert _ents(nlp, text) == [("Yılmaz-de Vries", "PERSOON"), ("van der Berg", "PERSOON")]


def test_title_without_a_name_adds_nothing(nlp) -> None:
    assert _ents(nlp, "Geachte heer/mevrouw, de heer belde gisteren.") == []


def test_legal_form_extends_a_model_span_that_stops_before_it(nlp) -> None:
    text = "Hij werkt bij Bouwbedrijf De Toekomst B.V. in Utrecht."
    preset = [(14, 37, "PERSOON"), (46, 53, "LOCATIE")]
    assert _ents(nlp, text, preset) == [
        ("Bouwbedrijf De Toekomst B.V.", "ORGANISATIE"),
        ("Utrecht", "LOCATIE"),
    ]


def test_legal_form_alone_takes_capitalised_words_but_not_a_sentence_starter(nlp) -> None:
    text = "Namens Schoonmaakbedrijf Glanzend B.V. meld ik dit."
    assert _ents(nlp, text) == [("Schoonmaakbedrijf Glanzend B.V.", "ORGANISATIE")]


def test_rules_never_override_what_the_model_found(nlp) -> None:
    text = "Dhr. Jansen Bouw belde."
    assert _ents(nlp, text, [(5, 16, "ORGANISATIE")]) == [("Jansen Bouw", "ORGANISATIE")]


@pytest.fixture(scope="module")
def consistency() -> Language:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("ikp_doc_consistency")
    return pipeline


def _consistent(nlp: Language, text: str, preset: list[tuple[int, int, str]]) -> list[tuple]:
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label) for s, e, label in preset]
    return [(e.text, e.label_) for e in nlp.get_pipe("ikp_doc_consistency")(doc).ents]


def test_consistency_tags_a_missed_later_mention_and_the_surname_alone(consistency) -> None:
    text = "Karin Mol belde. Later kwam Karin Mol langs, en Mol tekende."
    assert _consistent(consistency, text, [(0, 9, "PERSOON")]) == [
        ("Karin Mol", "PERSOON"),
        ("Karin Mol", "PERSOON"),
        ("Mol", "PERSOON"),
    ]


def test_consistency_gives_a_name_its_majority_label(consistency) -> None:
    text = "Ajax won. Ajax speelde. Ajax verloor."
    preset = [(0, 4, "ORGANISATIE"), (10, 14, "ORGANISATIE"), (24, 28, "LOCATIE")]
    assert [lab for _, lab in _consistent(consistency, text, preset)] == ["ORGANISATIE"] * 3


def test_consistency_leaves_ties_and_lower_case_words_alone(consistency) -> None:
    text = "Breda belde Breda. Later breda."
    preset = [(0, 5, "LOCATIE"), (12, 17, "ORGANISATIE")]
    assert _consistent(consistency, text, preset) == [
        ("Breda", "LOCATIE"),
        ("Breda", "ORGANISATIE"),
    ]


def test_consistency_does_not_cut_into_a_longer_entity(consistency) -> None:
    text = "Mol zei dat Bouwbedrijf Mol B.V. betaalt."
    preset = [(0, 3, "PERSOON"), (12, 32, "ORGANISATIE")]
    assert _consistent(consistency, text, preset) == [
        ("Mol", "PERSOON"),
        ("Bouwbedrijf Mol B.V.", "ORGANISATIE"),
    ]
