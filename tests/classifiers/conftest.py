"""Small corpora built here, plus the real corpus and the shipped model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from classifiers import DEFAULT_CORPUS_DIR, DEFAULT_MODEL_DIR, SignalClassifier
from tests.factories.corpus import small_examples, write_corpus


@pytest.fixture(scope="session")
def make_examples() -> Callable[..., list[tuple[str, tuple[str, ...]]]]:
    return small_examples


@pytest.fixture(scope="session")
def make_corpus() -> Callable[[Path, list[tuple[str, tuple[str, ...]]]], Path]:
    return write_corpus


@pytest.fixture(scope="session")
def small_model() -> SignalClassifier:
    examples = small_examples()
    return SignalClassifier(threshold_folds=3, min_df=1).fit(
        [t for t, _ in examples], [c for _, c in examples]
    )


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not any(DEFAULT_CORPUS_DIR.glob("*.jsonl")):
        pytest.fail(f"training corpus missing: {DEFAULT_CORPUS_DIR}/*.jsonl")
    return DEFAULT_CORPUS_DIR


@pytest.fixture(scope="session")
def shipped_model() -> SignalClassifier:
    if not (DEFAULT_MODEL_DIR / "model_card.json").is_file():
        pytest.fail(
            f"no shipped model in {DEFAULT_MODEL_DIR}: run python -m classifiers.build_default"
        )
    return SignalClassifier.load(DEFAULT_MODEL_DIR)
