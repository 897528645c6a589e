"""ikp.model_child: the daemon's classifier is loaded in a child process, with every check
of SignalClassifier.load, and the fork server never imports skops (nor alembic)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classifiers import DEFAULT_MODEL_DIR, ModelLoadError, SignalClassifier
from ikp.config import Settings
from ikp.model_child import load_active_classifier
from ikp.model_versions import activate
from tests.factories.models import copy_model

ROOT = Path(__file__).resolve().parents[2]
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


# What the fork server does before it forks (ikp.worker_processes.fork_server).
FORK_SERVER = """
import sys
from pathlib import Path
from ikp.config import Settings
from ikp.worker_processes import _warm_up, load_models
settings = Settings(data_dir=Path(sys.argv[1]))
analyzer, _ = load_models(settings)
_warm_up(analyzer, settings)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.slow
def test_the_fork_server_holds_neither_skops_nor_alembic(tmp_path):
    # skops imports every estimator of scikit-learn, alembic brings mako: ≈ 30 MB that
    # the fork server would share with every worker process (BENCHMARKS.md, memory).
    done = subprocess.run(
        [sys.executable, "-c", FORK_SERVER, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    modules = set(done.stdout.split())
    assert {"sklearn", "spacy", "sqlalchemy"} <= modules, "the models and the store are loaded"
    assert "skops" not in modules and "alembic" not in modules
