"""The model shipped in classifiers/model/: fresh, small, and blind to origin and religion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from classifiers import DEFAULT_MODEL_DIR, SignalClassifier, corpus_hash, load_corpus, select_split
from classifiers.explain import is_content_word
from classifiers.masking import sensitive_terms

SWAPS = {
    "Marokkaanse": "Duitse",
    "Marokkaan": "Duitser",
    "Mohammed": "Jan",
    "Syrië": "België",
    "moslim": "katholiek",
    "islamitische": "christelijke",
    "Turkse": "Nederlandse",
    "Fatima": "Sanne",
}
SWAPS |= {b: a for a, b in SWAPS.items()}
_SWAP = re.compile(r"\b(" + "|".join(map(re.escape, SWAPS)) + r")\b")
SENTENCES = (
    " De Marokkaanse Mohammed uit Syrië is moslim.",
    " De Duitse Jan uit België is katholiek.",
)


def swap(text: str) -> str:
    return _SWAP.sub(lambda m: SWAPS[m.group()], text)


def test_shipped_model_was_trained_on_the_current_corpus(
    shipped_model: SignalClassifier, corpus_dir: Path
) -> None:
    assert shipped_model.data_hash_ == corpus_hash(corpus_dir), (
        "training_data/signals changed since classifiers/model/ was built: "
        "run python -m classifiers.build_default"
    )


def test_shipped_model_is_smaller_than_ten_megabytes() -> None:
    assert (DEFAULT_MODEL_DIR / "model.skops").stat().st_size < 10 * 1024 * 1024


def test_shipped_vocabulary_has_no_origin_or_religion_word(shipped_model: SignalClassifier) -> None:
    features = dict(shipped_model.pipeline_.named_steps["features"].transformer_list)
    words = {w for gram in features["word"].get_feature_names_out() for w in gram.split()}
    assert sorted(words & sensitive_terms()) == []


@pytest.mark.slow
def test_swapping_origin_religion_and_names_changes_no_prediction(
    shipped_model: SignalClassifier, corpus_dir: Path
) -> None:
    frozen = [e.text for e in select_split(load_corpus(corpus_dir), "test")]
    originals = [t for t in frozen if _SWAP.search(t)]
    pairs = [(t, swap(t)) for t in originals]
    pairs += [(t + SENTENCES[0], t + SENTENCES[1]) for t in frozen]
    left = shipped_model.predict_many([a for a, _ in pairs])
    right = shipped_model.predict_many([b for _, b in pairs])
    for (a, _), x, y in zip(pairs, left, right, strict=True):
        assert [s.code for s in x.signal_types] == [s.code for s in y.signal_types], a
        for code, score in x.scores.items():
            assert abs(score - y.scores[code]) <= 0.02, (code, a)


def test_why_phrases_on_the_frozen_split_hold_a_content_word_at_both_ends(
    shipped_model: SignalClassifier, corpus_dir: Path
) -> None:
    frozen = [e.text for e in select_split(load_corpus(corpus_dir), "test")]
    phrases = [
        phrase
        for result in shipped_model.predict_many(frozen)
        for proposal in result.signal_types
        for phrase in proposal.why
    ]
    assert len(phrases) > len(frozen)  # the check below is not vacuous
    for phrase in phrases:
        words = re.findall(r"\w\w+", phrase.lower())
        assert is_content_word(words[0]), phrase
        assert is_content_word(words[-1]) or words[-1] in {"niet", "geen", "nooit", "not"}, phrase
