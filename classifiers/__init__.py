"""Signal-type classifier: proposes contract signal types for a text, with reasons.

Masking (`mask_sensitive`) runs inside the model's pipeline, before any
feature: nationality, ethnicity, religion, countries and names never reach it.
"""

from __future__ import annotations

from pathlib import Path

from classifiers.corpus import (
    DEFAULT_CORPUS_DIR,
    CorpusError,
    Example,
    corpus_hash,
    data_hash,
    load_corpus,
    select_split,
)
from classifiers.masking import mask_sensitive
from classifiers.metrics import LabelMetrics, TypeMetrics
from classifiers.model import DEFAULT_MODEL_DIR, ModelLoadError, SignalClassifier
from classifiers.training import EvaluationReport, TrainReport, evaluate, train


def load_default(directory: Path = DEFAULT_MODEL_DIR) -> SignalClassifier:
    """The shipped model in `classifiers/model/` (`python -m classifiers.build_default`)."""
    return SignalClassifier.load(directory)


__all__ = [
    "DEFAULT_CORPUS_DIR",
    "DEFAULT_MODEL_DIR",
    "CorpusError",
    "EvaluationReport",
    "Example",
    "LabelMetrics",
    "ModelLoadError",
    "SignalClassifier",
    "TrainReport",
    "TypeMetrics",
    "corpus_hash",
    "data_hash",
    "evaluate",
    "load_corpus",
    "load_default",
    "mask_sensitive",
    "select_split",
    "train",
]
