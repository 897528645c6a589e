"""The trained NER in nlp/ner: loads offline, finds names in a letter, scores sanely."""

from __future__ import annotations

import json

import pytest

from ikp.records import Entity
from nlp import EntityExtractor
from nlp.ner import LABELS, MODEL_DIR, load_source, to_entities
from nlp.ner.data import DOMAIN_SOURCE, data_hashes, domain_examples, parse_markup
from nlp.ner.evaluate import prf
from nlp.ner.gazetteer import feature, load_lists

LETTER = (
    "Geachte heer/mevrouw,\n\n"
    "Hierbij melden wij dat dhr. K. Bakkali sinds januari werkzaam is bij "
    "Bouwbedrijf De Toekomst B.V. in Utrecht, zonder tewerkstellingsvergunning.\n\n"
    "Met vriendelijke groet,\nJ. de Wit"
)


@pytest.fixture(scope="module")
def source():
    if not (MODEL_DIR / "meta.json").exists():
        pytest.fail(f"no shipped NER model in {MODEL_DIR}: run python -m nlp.ner.train")
    return load_source()


def _found(entities: list[Entity], label: str) -> list[str]:
    return [e.text for e in entities if e.label == label]


def test_shipped_model_loads_offline_and_predicts_only_contract_labels(source) -> None:
    entities = source(LETTER)
    assert entities
    assert {e.label for e in entities} <= set(LABELS)
    assert all(LETTER[e.start : e.end] == e.text == e.value for e in entities)
    assert {e.source for e in entities} == {"ner"}


def test_letter_person_with_title_and_initial_is_found(source) -> None:
    # Titles are not part of PERSOON (CoNLL convention): the span is "K. Bakkali".
    assert "K. Bakkali" in _found(source(LETTER), "PERSOON")


def test_letter_company_with_legal_form_is_an_organisation(source) -> None:
    assert "Bouwbedrijf De Toekomst B.V." in _found(source(LETTER), "ORGANISATIE")


def test_extractor_merges_ner_entities_through_add_source(source) -> None:
    extractor = EntityExtractor()
    extractor.add_source(source)
    found = [(e.label, e.text, e.source) for e in extractor.extract(LETTER)]
    assert ("PERSOON", "K. Bakkali", "ner") in found


def test_shipped_model_records_how_it_was_made() -> None:
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["ikp"]["seed"] == 42
    assert meta["ikp"]["data_sha256"][DOMAIN_SOURCE.name] == data_hashes()[DOMAIN_SOURCE.name], (
        "training_data/ner changed since nlp/ner/model was built: run python -m nlp.ner.train"
    )


def test_shipped_model_is_at_most_30_mb() -> None:
    size = sum(f.stat().st_size for f in MODEL_DIR.rglob("*") if f.is_file())
    assert size <= 30 * 1024 * 1024


def test_prf_is_one_for_identical_spans_and_zero_for_none() -> None:
    gold = [{(0, 3, "PERSOON"), (10, 15, "LOCATIE")}]
    assert prf(gold, gold)["ALL"]["f"] == 1.0
    assert prf(gold, [set()])["ALL"] == {"p": 0.0, "r": 0.0, "f": 0.0, "support": 2}


def test_prf_counts_a_wrong_label_or_boundary_as_a_miss() -> None:
    gold = [{(0, 3, "PERSOON"), (10, 15, "LOCATIE")}]
    pred = [{(0, 3, "PERSOON"), (10, 15, "ORGANISATIE"), (20, 22, "PERSOON")}]
    scores = prf(gold, pred)
    assert scores["PERSOON"] == {"p": 0.5, "r": 1.0, "f": 0.667, "support": 1}
    assert scores["LOCATIE"]["r"] == 0.0
    assert scores["ALL"]["p"] == round(1 / 3, 3)


def test_markup_offsets_point_at_the_marked_text() -> None:
    text, spans = parse_markup("Dhr. [[PERSOON|K. Bakkali]] uit [[LOCATIE|Almere]]\\nGroet")
    assert text == "Dhr. K. Bakkali uit Almere\nGroet"
    assert [(text[s:e], lab) for s, e, lab in spans] == [
        ("K. Bakkali", "PERSOON"),
        ("Almere", "LOCATIE"),
    ]


def test_domain_test_split_is_a_quarter_and_disjoint_from_train() -> None:
    train, test = domain_examples("train"), domain_examples("test")
    assert len(train) + len(test) >= 150
    assert len(test) * 4 >= len(train) + len(test) - 3
    assert not {t for t, _ in train} & {t for t, _ in test}


def test_gazetteer_marks_names_and_places_but_not_particles() -> None:
    lists = load_lists()
    assert "S" in feature("Bakkali", lists)
    assert "F" in feature("Abdelkader", lists)
    assert "P" in feature("Utrecht", lists)
    assert feature("De", lists) == ""
    assert feature("bakker", lists) == ""


def test_to_entities_drops_labels_outside_the_contract(source) -> None:
    doc = source.nlp.make_doc("Jan woont in Gouda")
    doc.ents = [doc.char_span(0, 3, "PERSOON"), doc.char_span(13, 18, "MISC")]
    assert [(e.label, e.text) for e in to_entities(doc)] == [("PERSOON", "Jan")]
