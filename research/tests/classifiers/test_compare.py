"""The model comparison: its calibration numbers and a run over the small corpus."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from contract.vocabulary import SIGNAL_TYPES
from research.classifiers.compare import brier, compare, expected_calibration_error, to_markdown
from tests.factories.corpus import small_examples, write_corpus


def test_brier_and_ece_by_hand() -> None:
    y = np.array([[1, 0], [0, 0]])
    p = np.array([[0.8, 0.1], [0.4, 0.1]])
    # type 1: (0.04 + 0.16) / 2 = 0.1; type 2: 0.01
    assert brier(y, p) == pytest.approx(0.055)
    # bins: 0.1 (two pairs, rate 0) -> 0.1; 0.4 (one, rate 0) -> 0.4; 0.8 (one, rate 1) -> 0.2
    assert expected_calibration_error(y, p) == pytest.approx((2 * 0.1 + 0.4 + 0.2) / 4)
    assert expected_calibration_error(y, y.astype(float)) == 0.0


def test_compare_runs_candidates_on_the_same_folds(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "corpus", small_examples(per_template=4))
    messages: list[str] = []
    results = compare(
        corpus,
        ["tfidf-lr", "spacy-bow"],
        folds=2,
        inner_folds=2,
        progress=messages.append,
        cache_dir=tmp_path / "cache",
    )
    assert [r.name for r in results] == ["tfidf-lr", "spacy-bow"]
    for r in results:
        assert r.cv_macro_f1 > 0.8 and r.test_macro_f1 > 0.8  # the small corpus is easy
        assert 0.0 <= r.cv_brier < 0.25 and 0.0 <= r.cv_ece < 0.5  # 0.25: always 0.5
        assert r.fit_ms_per_item > 0 and r.predict_ms_per_item > 0
        assert set(r.per_type_cv_f1) == set(SIGNAL_TYPES)
    assert "fold 2/2" in " ".join(messages)
    assert any((tmp_path / "cache" / "scores").iterdir())
    # A rerun reads every fold's scores from the cache and gives the same numbers.
    again = compare(corpus, ["tfidf-lr"], folds=2, inner_folds=2, cache_dir=tmp_path / "cache")
    assert again[0].cv_brier == results[0].cv_brier
    assert "| spacy-bow |" in to_markdown(results, folds=2)
