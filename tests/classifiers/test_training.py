from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers import SignalClassifier, corpus_hash, evaluate, load_corpus, select_split, train
from contract.vocabulary import SIGNAL_TYPES


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, make_examples, make_corpus) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), make_examples(per_template=5))


def test_train_writes_a_versioned_model_that_loads(small_corpus: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    report = train(
        small_corpus,
        tmp_path / "models",
        progress=messages.append,
        classifier=SignalClassifier(threshold_folds=3, min_df=1),
    )
    assert report.model_dir == tmp_path / "models" / report.model_version
    model = SignalClassifier.load(report.model_dir)
    assert model.version == report.model_version
    assert model.data_hash_ == report.data_hash == corpus_hash(small_corpus)
    card = json.loads((report.model_dir / "model_card.json").read_text())
    assert card["metrics"]["frozen_test"]["n"] == report.test.n > 0
    assert messages
    assert report.model_version in report.to_markdown()
    json.dumps(report.to_dict())


def test_evaluate_reports_sane_metrics_per_type(small_corpus: Path) -> None:
    report = evaluate(
        small_corpus, folds=3, classifier=SignalClassifier(threshold_folds=3, min_df=1)
    )
    assert report.folds == 3 and report.n_train > 0 and report.n_test > 0
    for metrics in (report.cross_validated, report.test):
        assert set(metrics.per_type) == set(SIGNAL_TYPES)
        for m in metrics.per_type.values():
            assert 0.0 <= m.precision <= 1.0 and 0.0 <= m.recall <= 1.0 and 0.0 <= m.f1 <= 1.0
        assert metrics.per_type["oorlogsmisdrijven"].support == 0
        # The small corpus is easy: a working model separates it.
        assert metrics.macro_f1 > 0.8
        assert metrics.signal_precision > 0.8
    train_set = select_split(load_corpus(small_corpus), "train")
    for code, m in report.cross_validated.per_type.items():
        assert m.support == sum(code in e.codes for e in train_set)
    markdown = report.to_markdown()
    for code in SIGNAL_TYPES:
        assert f"`{code}`" in markdown
    assert json.loads(json.dumps(report.to_dict()))["cross_validated"]["macro_f1"] > 0.8
