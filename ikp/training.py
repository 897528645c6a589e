"""Retraining the signal classifier: corpus plus reviewers' decisions, promoted only if
not worse on the frozen test split. `ikp.model_versions` keeps the versions; the daemon's
`ikp.hotreload` picks up a promoted one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from classifiers import DEFAULT_CORPUS_DIR, SignalClassifier, load_corpus, select_split, train
from classifiers.feedback import confirmed_examples
from classifiers.training import TrainReport, score_examples, worse_than
from ikp.config import Settings, open_store
from ikp.model_versions import active_model_dir, mark_rejected, models_dir, promote
from store.review import confirmed_decisions


@dataclass(frozen=True)
class Retrained:
    report: TrainReport
    active_dir: Path  # the model it was compared with
    promoted: bool
    reasons: tuple[str, ...]  # why it is worse than the active model (empty: it is not)


def retrain(
    settings: Settings,
    *,
    corpus: Path | None = None,
    feedback: bool = True,
    limit: int | None = None,
    force: bool = False,
    progress: Callable[[str], None] = lambda _: None,
) -> Retrained:
    """Train a new version; promote it unless it scores worse (then mark it rejected)."""
    corpus = corpus or DEFAULT_CORPUS_DIR
    test_set = select_split(load_corpus(corpus), "test")
    examples = []
    if feedback:
        progress(f"exporting confirmed decisions from {settings.redacted_database_url()}")
        with open_store(settings) as store:
            decisions = confirmed_decisions(store.sessions)
        examples = confirmed_examples(decisions, exclude_texts=[e.text for e in test_set])
        progress(f"{len(examples)} confirmed decisions, names and numbers pseudonymised")
    report = train(corpus, models_dir(settings), progress=progress, feedback=examples, limit=limit)
    active_dir = active_model_dir(settings)
    if report.test is None:
        reasons = [f"{corpus} has no frozen test split to compare on"]
    else:
        progress(f"scoring the active model {active_dir} on the same frozen test split")
        current = score_examples(SignalClassifier.load(active_dir), test_set)
        reasons = worse_than(report.test, current) if current is not None else []
    if reasons and not force:
        mark_rejected(settings, report.model_version, reasons)
        return Retrained(report, active_dir, False, tuple(reasons))
    promote(settings, report.model_version, force=True)
    return Retrained(report, active_dir, True, tuple(reasons))
