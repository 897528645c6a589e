"""The trained NER in nlp/ner: loads offline, finds names in a letter, scores sanely."""

from __future__ import annotations

import hashlib
import json

import pytest

from contract.records import Entity
from nlp import EntityExtractor
from nlp.ner import LABELS, MODEL_DIR, load_source, to_entities
from nlp.ner.data import (
    DOMAIN_EXTRA,
    DOMAIN_SOURCE,
    conll_documents,
    data_hashes,
    domain_examples,
    example_lines,
    parse_markup,
    read_conll,
)
from nlp.ner.evaluate import prf
from nlp.ner.gazetteer import feature, feature_v2, load_lists

CONFIG = MODEL_DIR.parent / "config.cfg"
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


def test_lines_are_tagged_alone_and_offsets_point_into_the_whole_text(source) -> None:
    text = (
        "Onderwerp: melding\n\nIk zag K. Bakkali in Utrecht.\nBakkali werkt bij Transport Snel B.V."
    )
    entities = source(text)
    assert entities and all(text[e.start : e.end] == e.text for e in entities)
    assert not any("\n" in e.text for e in entities)
    assert [e.text for e in entities] == [e.text for e in next(iter(source.pipe([text])))]


def test_shipped_model_records_how_it_was_made() -> None:
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["ikp"]["seed"] == 42
    assert meta["ikp"]["config_sha256"] == hashlib.sha256(CONFIG.read_bytes()).hexdigest(), (
        "nlp/ner/config.cfg changed since nlp/ner/model was built: run python -m nlp.ner.train"
    )
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
    n_source = len(example_lines(DOMAIN_SOURCE))
    assert n_source >= 150
    assert len(test) == n_source // 4  # domain_extra.txt only ever adds train lines
    assert len(train) == n_source - len(test) + len(example_lines(DOMAIN_EXTRA))
    assert not {t for t, _ in train} & {t for t, _ in test}


def test_extra_domain_lines_use_no_entity_of_the_test_split() -> None:
    test = {text[s:e] for text, spans in domain_examples("test") for s, e, _ in spans}
    extra = [parse_markup(line) for line in example_lines(DOMAIN_EXTRA)]
    assert extra
    assert not {text[s:e] for text, spans in extra for s, e, _ in spans} & test


def test_conll_documents_are_plain_text_with_gold_spans_on_words() -> None:
    docs = conll_documents("testb")
    assert len(docs) > 100  # split at -DOCSTART-, not one per sentence
    text, gold = docs[0]
    assert text.endswith("\n") and "\n" in text[:-1]
    for start, end, label in gold:
        span = text[start:end]
        assert label in LABELS and span == span.strip() and "\n" not in span
        assert text[start - 1 : start] in ("", " ", "\n") and text[end] in " \n"


def test_conll_words_read_as_ingested_lose_control_characters_only() -> None:
    import spacy

    from ingest.cleanup import clean_text

    nlp = spacy.blank("nl")
    raw = [t.text for d in read_conll(nlp, "testa") for t in d]
    seen = [t.text for d in read_conll(nlp, "testa", as_ingested=True) for t in d]
    assert any("\x81" in w for w in raw)  # "Belgi\x81EN": the corpus's garbled letters
    assert len(seen) == len(raw)
    assert seen == [clean_text(w) for w in raw]  # what ingest shows the NER


def test_gazetteer_marks_names_and_places_but_not_particles() -> None:
    lists = load_lists()
    assert "S" in feature("Bakkali", lists)
    assert "F" in feature("Abdelkader", lists)
    assert "P" in feature("Utrecht", lists)
    assert feature("De", lists) == ""
    assert feature("bakker", lists) == ""


def test_gazetteer_v2_adds_frequency_buckets_places_and_organisation_cues() -> None:
    lists = load_lists()
    assert "s3" in feature_v2("Jansen", lists) and "f2" in feature_v2("Jan", lists)
    assert "s" in feature_v2("Tesfaye", lists)  # not in deduce, in the larger list
    assert "P" in feature_v2("Antwerpen", lists)  # Belgian places
    assert feature_v2("gemeente", lists) == "O" and "O" in feature_v2("Belastingdienst", lists)
    assert feature_v2("De", lists) == "" and feature_v2("fiets", lists) == ""


def test_to_entities_drops_labels_outside_the_contract(source) -> None:
    doc = source.nlp.make_doc("Jan woont in Gouda")
    doc.ents = [doc.char_span(0, 3, "PERSOON"), doc.char_span(13, 18, "MISC")]
    assert [(e.label, e.text) for e in to_entities(doc)] == [("PERSOON", "Jan")]
