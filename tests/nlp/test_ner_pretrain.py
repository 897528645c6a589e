"""Pretraining the NER's tok2vec (nlp.ner.pretrain): clean text, a loadable result."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.cli.pretrain import pretrain as spacy_pretrain
from spacy.training.initialize import init_tok2vec
from spacy.util import load_model_from_config

from nlp.ner import pretrain
from nlp.ner.data import read_conll

pytestmark = pytest.mark.slow


def test_pretraining_text_never_holds_a_dev_or_test_sentence() -> None:
    nlp = spacy.blank("nl")
    held_out = {doc.text for split in ("testa", "testb") for doc in read_conll(nlp, split, True)}
    trained_on = {doc.text for doc in read_conll(nlp, "train", True)}
    # Five lines ("Leoni ( Ita ) -- 5 .") are in CoNLL's train and test splits alike.
    held_out -= trained_on
    texts = set(pretrain.raw_texts())
    assert len(texts) > 15_000  # distinct texts (20.7k lines)
    assert not held_out & texts
    assert trained_on <= texts  # CoNLL train is in it, as ingest leaves the words


def test_pretrained_weights_load_into_the_ner_tok2vec(tmp_path) -> None:
    raw = tmp_path / "raw.jsonl"
    lines = [
        "De gemeente Utrecht meldt dat dhr. K. Bakkali bij Bouwbedrijf De Toekomst werkt.",
        "Mevrouw Ayşe Yılmaz-de Vries woont sinds maart op een adres in Rotterdam.",
    ] * 20
    raw.write_text("".join(json.dumps({"text": t}) + "\n" for t in lines), encoding="utf-8")
    spacy_pretrain(pretrain.pretraining_config(raw, 1), tmp_path, use_gpu=-1, silent=True)
    weights = tmp_path / "model0.bin"
    assert weights.stat().st_size > 1_000_000

    # What nlp.ner.train does with --init-tok2vec: spaCy finds the layer through the
    # [pretraining] block merged from pretrain.cfg and loads the weights into it.
    config = pretrain.with_pretraining()
    config["paths"]["init_tok2vec"] = str(weights)
    config = config.interpolate()
    nlp = load_model_from_config(config, auto_fill=True)
    nlp.get_pipe("tok2vec").model.initialize()
    before = nlp.get_pipe("tok2vec").model.to_bytes()
    loaded = init_tok2vec(nlp, config["pretraining"], config["initialize"])
    assert loaded
    assert nlp.get_pipe("tok2vec").model.to_bytes() != before
    assert "model0.bin sha256" in pretrain.describe(weights)
