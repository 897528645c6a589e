"""ikp.model_child: the daemon's classifier is loaded in a child process, with every check
of SignalClassifier.load (tests/daemon/test_lean_processes.py: skops stays out)."""

from __future__ import annotations

import json

import pytest

from classifiers import DEFAULT_MODEL_DIR, ModelLoadError, SignalClassifier
from ikp.config import Settings
from ikp.model_child import load_active_classifier
from ikp.model_versions import activate
from tests.factories.models import copy_model

TEXTS = [
    "Op de Lindelaan 7 in Assen staan acht mensen ingeschreven op een adres voor twee.",
    "Mijn buurman werkt al maanden zwart in een kas bij Westland, zonder papieren.",
]


def test_the_classifier_from_the_child_is_the_promoted_one_and_predicts_alike(tmp_path):
    copy_model(tmp_path, "signals-test-kind")
    settings = Settings(data_dir=tmp_path)
    activate(settings, "signals-test-kind")
    directory, classifier = load_active_classifier(settings)
    assert directory == tmp_path / "models" / "signals-test-kind"
    assert classifier.version == "signals-test-kind"
    assert classifier.predict_many(TEXTS) == SignalClassifier.load(directory).predict_many(TEXTS)


def test_without_a_promoted_model_the_child_loads_the_shipped_one(tmp_path):
    directory, classifier = load_active_classifier(Settings(data_dir=tmp_path))
    card = json.loads((DEFAULT_MODEL_DIR / "model_card.json").read_text())
    assert directory == DEFAULT_MODEL_DIR and classifier.version == card["model_version"]


def test_a_tampered_model_is_refused_with_the_reason_from_the_child(tmp_path):
    copy_model(tmp_path, "signals-test-kapot", corrupt=True)
    settings = Settings(data_dir=tmp_path)
    activate(settings, "signals-test-kapot")
    with pytest.raises(ModelLoadError, match="checksum differs"):
        load_active_classifier(settings)
