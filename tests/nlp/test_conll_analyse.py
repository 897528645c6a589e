"""bench/conll_analyse.py: CoNLL -> plain text with gold offsets, back-mapping and scoring."""

from __future__ import annotations

import pytest

from bench.conll_analyse import (
    conll_texts,
    offset_map,
    predicted_spans,
    prf,
    read_documents,
    run_analyse,
    score_lines,
    to_text,
    write_files,
)
from nlp import normalise_ocr_text

# Made-up sentences in the corpus's format ("token POS IOB2").
SNIPPET = """-DOCSTART- -DOCSTART- O
Jan N B-PER
de N I-PER
Vries N I-PER
won Adj O
6 Num O
- Punc O
4 Num O
in Prep O
Gent N B-LOC
. Punc O

Belgische Adj B-MISC
Bond N I-ORG
vergadert V O
. Punc O
-DOCSTART- -DOCSTART- O
Gemeente N B-ORG
Utrecht N I-ORG
en Conj O
Utrecht N B-LOC
"""


def test_documents_split_at_docstart_and_spans_slice_the_text():
    docs = read_documents(SNIPPET.splitlines())
    assert [len(d) for d in docs] == [2, 1]
    first, second = (to_text(f"d{i}", d) for i, d in enumerate(docs))
    assert first.text == "Jan de Vries won 6 - 4 in Gent .\nBelgische Bond vergadert .\n"
    spans = sorted((first.text[s:e], label) for s, e, label in first.gold)
    # MISC is no entity, and the I-ORG after it starts a span of its own.
    assert spans == [("Bond", "ORGANISATIE"), ("Gent", "LOCATIE"), ("Jan de Vries", "PERSOON")]
    assert sorted((second.text[s:e], lab) for s, e, lab in second.gold) == [
        ("Gemeente Utrecht", "ORGANISATIE"),
        ("Utrecht", "LOCATIE"),
    ]


def test_offsets_into_the_normalised_text_map_back_to_the_file():
    original = "Jan de Vries won 6 - 4 in Belgi\x81EN .\n"
    analysed = normalise_ocr_text(original).replace("\x81", "").strip()
    assert analysed == "Jan de Vries won 6-4 in BelgiEN ."
    starts, ends = offset_map(original, analysed)

    def back(word: str) -> str:
        i = analysed.index(word)
        return original[starts[i] : ends[i + len(word)]]

    assert back("Jan de Vries") == "Jan de Vries"
    assert back("6-4") == "6 - 4"
    assert back("BelgiEN") == "Belgi\x81EN"
    assert back(".") == "."


def test_perfect_and_partial_predictions_score_as_expected():
    doc = to_text("d0", read_documents(SNIPPET.splitlines())[0])
    gold = sorted(doc.gold)
    perfect = {"text": doc.text, "entities": [_entity(doc.text, s) for s in gold]}
    assert predicted_spans(doc, perfect) == doc.gold
    assert prf([doc.gold], [predicted_spans(doc, perfect)])["micro"]["f"] == 1.0
    # One span with a wrong label, one extra span, and a NATIONALITEIT that is not scored.
    wrong = [(gold[0][0], gold[0][1], "LOCATIE"), *gold[1:]]
    extra = (0, 3, "PERSOON")
    lines = [_entity(doc.text, s) for s in [*wrong, extra]]
    lines.append({"label": "NATIONALITEIT", "start": 17, "end": 26})
    scores = prf([doc.gold], [predicted_spans(doc, {"text": doc.text, "entities": lines})])
    assert scores["micro"]["tp"] == 2 and scores["micro"]["pred"] == 4
    assert scores["micro"]["gold"] == 3
    assert scores["micro"]["p"] == 0.5 and scores["micro"]["r"] == pytest.approx(2 / 3)


def _entity(text: str, span: tuple[int, int, str]) -> dict:
    s, e, label = span
    return {"label": label, "text": text[s:e], "start": s, "end": e}


def test_real_cli_on_two_testb_documents_maps_every_entity_to_its_text(tmp_path):
    docs = conll_texts("testb")[:2]
    lines = list(run_analyse(write_files(docs, tmp_path), chunk=2))
    assert [line["file"].rsplit("/", 1)[-1] for line in lines] == [f"{d.name}.txt" for d in docs]
    for doc, line in zip(docs, lines, strict=True):
        spans = predicted_spans(doc, line)
        assert spans  # a newspaper text has names in it
        by_start = {(e["label"], e["text"].replace("\x81", "")) for e in line["entities"]}
        for s, e, label in spans:
            assert (label, doc.text[s:e].replace("\x81", "")) in by_start
    scores = score_lines(docs, lines)
    assert scores["micro"]["gold"] == sum(len(d.gold) for d in docs)
