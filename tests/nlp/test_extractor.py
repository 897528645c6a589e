"""EntityExtractor: the public API, overlap resolution and extra entity sources."""

from __future__ import annotations

import itertools

from spacy.language import Language
from spacy.tokens import Doc, Span

from contract.records import Entity
from contract.vocabulary import ENTITY_LABELS
from nlp import EntityExtractor
from nlp.recognizers.base import Candidate
from nlp.resolve import resolve

LETTER = (
    "De heer Jansen, geboren op 12-03-1990, woont op Kerkstraat 12, 3511 AB Utrecht. "
    "BSN 123456782, V-nr. 12 345 678 90, IBAN NL91 ABNA 0417 1643 00, tel. 06-12345678."
)


def test_entities_are_sorted_disjoint_and_slice_the_text(extractor):
    entities = extractor.extract(LETTER)
    assert [e.label for e in entities] == [
        "GEBOORTEDATUM", "ADRES", "POSTCODE", "BSN", "V_NUMMER", "IBAN", "TELEFOON",
    ]  # fmt: skip
    for a, b in itertools.pairwise(entities):
        assert a.end <= b.start
    for e in entities:
        assert LETTER[e.start : e.end] == e.text
        assert e.label in ENTITY_LABELS


def test_pipe_gives_the_same_as_extract_in_order(extractor):
    texts = [LETTER, "", "geen entiteiten hier", "mail a@b.nl"]
    assert list(extractor.pipe(iter(texts))) == [extractor.extract(t) for t in texts]


def test_empty_text_gives_no_entities(extractor):
    assert extractor.extract("") == []


def test_validated_identifier_beats_a_longer_unvalidated_span():
    iban = Candidate("IBAN", 10, 28, "NL91ABNA0417164300", 1.0, True, "iban")
    ner = Candidate("ORGANISATIE", 0, 40, "ABN bla", 0.6, False, "ner")
    assert resolve([ner, iban]) == [iban]


def test_longer_validated_span_beats_the_one_inside_it():
    iban = Candidate("IBAN", 0, 18, "NL91ABNA0417164300", 1.0, True, "iban")
    bsn = Candidate("BSN", 8, 17, "041716430", 1.0, True, "bsn")
    assert resolve([bsn, iban]) == [iban]


def test_higher_score_wins_on_equal_spans_and_low_scores_are_dropped():
    v = Candidate("V_NUMMER", 0, 10, "0612345678", 0.95, True, "v")
    phone = Candidate("TELEFOON", 0, 10, "+31612345678", 0.85, True, "phone")
    weak = Candidate("KVK", 20, 28, "12345678", 0.2, True, "kvk")
    assert resolve([phone, v, weak]) == [v]


def test_extra_source_is_merged_below_rule_entities():
    def fake_ner(text: str) -> list[Entity]:
        i = text.index("Jansen")
        k = text.index("Kerkstraat")
        return [
            Entity("PERSOON", "Jansen", "Jansen", i, i + 6, "ner"),
            Entity("LOCATIE", "Kerkstraat", "Kerkstraat", k, k + 10, "ner"),
            Entity("NIET_IN_CONTRACT", "De", "De", 0, 2, "ner"),
        ]

    extractor = EntityExtractor(extra_sources=[fake_ner])
    entities = extractor.extract(LETTER)
    labels = [e.label for e in entities]
    assert labels[:3] == ["PERSOON", "GEBOORTEDATUM", "ADRES"]  # ADRES beats LOCATIE
    assert "NIET_IN_CONTRACT" not in labels
    assert entities[0].source == "ner"


@Language.component("ikp_test_capital_ner")
def _capital_ner(doc: Doc) -> Doc:
    """A real (tiny) spaCy component: marks 'Jansen' as PER and 'Utrecht' as LOC."""
    spans = []
    for tok in doc:
        if tok.text == "Jansen":
            spans.append(Span(doc, tok.i, tok.i + 1, label="PER"))
        elif tok.text == "Utrecht":
            spans.append(Span(doc, tok.i, tok.i + 1, label="LOC"))
    doc.ents = spans
    return doc


def test_extra_spacy_component_labels_are_mapped_to_the_contract():
    extractor = EntityExtractor(extra_components=["ikp_test_capital_ner"])
    entities = extractor.extract(LETTER)
    assert ("PERSOON", "Jansen") in [(e.label, e.text) for e in entities]
    assert ("LOCATIE", "Utrecht") in [(e.label, e.text) for e in entities]
    assert list(extractor.pipe([LETTER, LETTER])) == [entities, entities]


def test_add_source_applies_to_later_calls():
    extractor = EntityExtractor()
    before = extractor.extract("Mevrouw Amatdin belde.")
    extractor.add_source(lambda text: [Entity("PERSOON", "Amatdin", "Amatdin", 8, 15, "ner")])
    after = extractor.extract("Mevrouw Amatdin belde.")
    assert before == []
    assert [(e.label, e.text) for e in after] == [("PERSOON", "Amatdin")]


class _CountingSource:
    """A real entity source with a batch method: capitalised 'Amatdin' is a PERSOON."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def _find(self, text: str) -> list[Entity]:
        i = text.find("Amatdin")
        return [] if i < 0 else [Entity("PERSOON", "Amatdin", "Amatdin", i, i + 7, "ner")]

    def __call__(self, text: str) -> list[Entity]:
        self.calls.append("one")
        return self._find(text)

    def pipe(self, texts, batch_size: int = 64):
        self.calls.append(f"batch of {len(texts)}")
        return [self._find(t) for t in texts]


def test_pipe_uses_a_sources_batch_method_and_keeps_order():
    source = _CountingSource()
    extractor = EntityExtractor(extra_sources=[source])
    texts = ["Mevrouw Amatdin belde.", "", LETTER, "Amatdin, tel. 06-12345678", "niets"]
    piped = list(extractor.pipe(iter(texts), batch_size=2))
    assert source.calls == ["batch of 2", "batch of 2", "batch of 1"]
    assert piped == [extractor.extract(t) for t in texts]
    assert [e.text for e in piped[3]] == ["Amatdin", "06-12345678"]


def test_pipe_with_the_trained_ner_equals_extract_per_text():
    from nlp.ner import load_source

    extractor = EntityExtractor()
    extractor.add_source(load_source())
    texts = [
        LETTER,
        "Mevrouw Fatima El Idrissi woont in Rotterdam en werkt bij Schoonmaakbedrijf Glans B.V.",
        "",
        "geen namen hier",
        "De heer Oluwaseun Adebayo reisde via Brussel naar Amsterdam.",
    ]
    piped = list(extractor.pipe(texts, batch_size=3))
    assert piped == [extractor.extract(t) for t in texts]
    assert any(e.source == "ner" for e in piped[1])


def test_name_labels_without_a_letter_are_dropped():
    text = "Uitslag 7-4 in Gent"
    extractor = EntityExtractor(
        extra_sources=[
            lambda t: [
                Entity("LOCATIE", "7-4", "7-4", 8, 11, "ner"),
                Entity("LOCATIE", "Gent", "Gent", 15, 19, "ner"),
            ]
        ]
    )
    assert [(e.label, e.text) for e in extractor.extract(text)] == [("LOCATIE", "Gent")]


def test_country_is_a_place_where_one_lives_and_a_nationality_after_its_cue():
    from nlp.ner import load_source

    extractor = EntityExtractor()
    extractor.add_source(load_source())
    cases = {
        "Hij woont in Marokko sinds 2019.": ("LOCATIE", "Marokko"),
        "Zij heeft de Marokkaanse nationaliteit.": ("NATIONALITEIT", "Marokkaanse"),
        "Nationaliteit: Marokko": ("NATIONALITEIT", "Marokko"),
        "De man heeft de nationaliteit van Syrië.": ("NATIONALITEIT", "Syrië"),
    }
    for text, expected in cases.items():
        assert expected in [(e.label, e.text) for e in extractor.extract(text)], text
