"""`train()` and `evaluate()`: what `ikp train` and `ikp evaluate` run."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.corpus import DEFAULT_CORPUS_DIR, Example, load_corpus, select_split
from classifiers.metrics import LabelMetrics, TypeMetrics, label_metrics
from classifiers.model import MODEL_FILE, SignalClassifier
from classifiers.thresholds import multilabel_folds
from contract.vocabulary import SIGNAL_TYPES

Progress = Callable[[str], None]


def _metrics_table(metrics: LabelMetrics) -> list[str]:
    lines = [
        "| type | precision | recall | F1 | support | predicted |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for code, m in metrics.per_type.items():
        lines.append(
            f"| `{code}` | {m.precision:.3f} | {m.recall:.3f} | {m.f1:.3f} | {m.support} "
            f"| {m.predicted} |"
        )
    lines += [
        "",
        f"- macro-F1 {metrics.macro_f1:.3f}, micro-F1 {metrics.micro_f1:.3f}, "
        f"exact match {metrics.exact_match:.3f} (n = {metrics.n})",
        f"- is a signal: precision {metrics.signal_precision:.3f}, "
        f"recall {metrics.signal_recall:.3f}",
        f"- nothing past its threshold: {metrics.no_prediction_rate:.3f}",
    ]
    return lines


@dataclass(frozen=True)
class TrainReport:
    model_dir: Path
    model_version: str
    data_hash: str
    n_train: int
    counts: dict[str, int]
    thresholds: dict[str, float]
    train_cv: LabelMetrics  # out-of-fold, at thresholds tuned on the same folds: optimistic
    test: LabelMetrics | None  # the frozen test split, never used in training
    size_bytes: int
    seconds: float
    n_corpus: int = 0  # of n_train: from training_data/
    n_feedback: int = 0  # of n_train: reviewers' confirmed decisions, pseudonymised

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["model_dir"] = str(self.model_dir)
        return data

    def to_markdown(self) -> str:
        lines = [
            f"# Trained `{self.model_version}`",
            "",
            f"- written to `{self.model_dir}` ({self.size_bytes / 1e6:.1f} MB) "
            f"in {self.seconds:.0f} s",
            f"- {self.n_train} training examples ({self.n_corpus} from the corpus, "
            f"{self.n_feedback} confirmed by reviewers), data hash `{self.data_hash[:12]}`",
            "",
            "| type | examples | threshold |",
            "|---|---:|---:|",
        ]
        for code in SIGNAL_TYPES:
            threshold = self.thresholds.get(code)
            shown = f"{threshold:.2f}" if threshold is not None else "not trained"
            lines.append(f"| `{code}` | {self.counts.get(code, 0)} | {shown} |")
        lines += ["", "## Train split, out of fold (thresholds tuned here)", ""]
        lines += _metrics_table(self.train_cv)
        if self.test is not None:
            lines += ["", "## Frozen test split", "", *_metrics_table(self.test)]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class EvaluationReport:
    folds: int
    n_train: int
    n_test: int
    data_hash: str
    cross_validated: LabelMetrics  # nested: thresholds chosen inside each training fold
    test: LabelMetrics | None  # model trained on the whole train split
    hyperparameters: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_markdown(self) -> str:
        lines = [
            "# Signal classifier evaluation",
            "",
            f"- train split: {self.n_train} examples (data hash `{self.data_hash[:12]}`), "
            f"frozen test split: {self.n_test}",
            "",
            f"## {self.folds}-fold cross-validation on the train split",
            "",
        ]
        lines += _metrics_table(self.cross_validated)
        if self.test is not None:
            lines += ["", "## Frozen test split (model trained on train only)", ""]
            lines += _metrics_table(self.test)
        return "\n".join(lines) + "\n"


def _predicted_codes(model: SignalClassifier, texts: Sequence[str]) -> list[list[str]]:
    return [[s.code for s in c.signal_types] for c in model.predict_many(texts)]


def score_examples(model: SignalClassifier, examples: Sequence[Example]) -> LabelMetrics | None:
    if not examples:
        return None
    predicted = _predicted_codes(model, [e.text for e in examples])
    return label_metrics([e.codes for e in examples], predicted)


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)


FEEDBACK_FILE = "feedback.jsonl"  # the pseudonymised confirmed examples a model learnt from
CONFUSION_PNG = "confusion_frozen_test.png"
RELIABILITY_PNG = "reliability_frozen_test.png"


def sample_train(examples: Sequence[Example], limit: int | None, seed: int = 0) -> list[Example]:
    """At most `limit` examples, drawn reproducibly (for quick retrains and tests)."""
    if limit is None or limit >= len(examples):
        return list(examples)
    chosen = sorted(random.Random(seed).sample(range(len(examples)), limit))
    return [examples[i] for i in chosen]


def _unique_version(out_dir: Path, version: str) -> str:
    """Same data on the same day gives the same version; never overwrite a written one."""
    candidate, n = version, 1
    while (out_dir / candidate).exists():
        n += 1
        candidate = f"{version}-{n}"
    return candidate


def _feedback_jsonl(feedback: Sequence[Example]) -> bytes:
    rows = (
        json.dumps({"id": e.id, "text": e.text, "codes": list(e.codes)}, ensure_ascii=False)
        for e in feedback
    )
    return "".join(row + "\n" for row in rows).encode("utf-8")


def train(
    corpus_dir: Path = DEFAULT_CORPUS_DIR,
    out_dir: Path = Path("var/models"),
    *,
    progress: Progress | None = None,
    classifier: SignalClassifier | None = None,
    feedback: Sequence[Example] = (),
    limit: int | None = None,
) -> TrainReport:
    """Fit on the corpus train split (optionally a sample of `limit`) plus `feedback`, score
    the frozen test split, and write `out_dir/<model_version>/` with card and plots."""
    from classifiers.plots import confusion_png, reliability_png

    started = time.monotonic()
    examples = load_corpus(corpus_dir)
    corpus_train = sample_train(select_split(examples, "train"), limit)
    test_set = select_split(examples, "test")
    if any(e.split != "train" for e in feedback):
        raise ValueError("confirmed examples are training data; the test split stays frozen")
    train_set = corpus_train + list(feedback)
    template = classifier or SignalClassifier()
    _say(
        progress,
        f"fitting on {len(train_set)} examples ({len(corpus_train)} from {corpus_dir}, "
        f"{len(feedback)} confirmed): {template.threshold_folds} threshold folds + final fit",
    )
    model = template.fit(
        [e.text for e in train_set], [e.codes for e in train_set], progress=progress
    )
    model.version_ = _unique_version(Path(out_dir), model.version)
    _say(progress, f"fitted in {time.monotonic() - started:.0f} s; scoring the frozen test split")
    files: dict[str, bytes] = {}
    test = None
    if test_set:
        found = model.predict_many([e.text for e in test_set])
        predicted = [[s.code for s in c.signal_types] for c in found]
        test = label_metrics([e.codes for e in test_set], predicted)
        _say(progress, "drawing the confusion matrices and the reliability diagram")
        truth = np.array([[c in e.codes for c in SIGNAL_TYPES] for e in test_set], dtype=int)
        scores = np.array([[c.scores[code] for code in SIGNAL_TYPES] for c in found])
        trained = [SIGNAL_TYPES.index(code) for code in model.codes_]
        title = f"{model.version} on the frozen test split (n = {len(test_set)})"
        files[CONFUSION_PNG] = confusion_png([e.codes for e in test_set], predicted, title)
        files[RELIABILITY_PNG] = reliability_png(truth[:, trained], scores[:, trained], title)
    if feedback:
        files[FEEDBACK_FILE] = _feedback_jsonl(feedback)
    model_dir = Path(out_dir) / model.version
    _say(progress, f"writing {model_dir}")
    model.save(
        model_dir,
        extra_metrics={"frozen_test": test.to_dict()} if test else None,
        extra_card={
            "training_data": {
                "corpus": str(corpus_dir),
                "corpus_examples": len(corpus_train),
                "corpus_limit": limit,
                "confirmed_examples": len(feedback),
                "confirmed_file": FEEDBACK_FILE if feedback else None,
                "frozen_test_examples": len(test_set),
            },
            "plots": sorted(n for n in files if n.endswith(".png")),
        },
        extra_files=files,
    )
    return TrainReport(
        model_dir=model_dir,
        model_version=model.version,
        data_hash=model.data_hash_,
        n_train=len(train_set),
        counts=dict(model.counts_),
        thresholds=dict(model.thresholds_),
        train_cv=LabelMetrics(**_unpack(model.metrics_["train_cv_at_tuned_thresholds"])),
        test=test,
        size_bytes=(model_dir / MODEL_FILE).stat().st_size,
        seconds=round(time.monotonic() - started, 1),
        n_corpus=len(corpus_train),
        n_feedback=len(feedback),
    )


def worse_than(new: LabelMetrics, current: LabelMetrics) -> list[str]:
    """Why `new` scores worse than `current` on the same frozen test split (empty: it does not)."""
    reasons = []
    if new.macro_f1 < current.macro_f1:
        reasons.append(f"macro-F1 {new.macro_f1:.4f} < {current.macro_f1:.4f}")
    if new.signal_precision < current.signal_precision:
        reasons.append(
            f"is-a-signal precision {new.signal_precision:.4f} < {current.signal_precision:.4f}"
        )
    return reasons


def _unpack(metrics: dict[str, Any]) -> dict[str, Any]:
    return {**metrics, "per_type": {k: TypeMetrics(**v) for k, v in metrics["per_type"].items()}}


def evaluate(
    corpus_dir: Path = DEFAULT_CORPUS_DIR,
    *,
    folds: int = 5,
    progress: Progress | None = None,
    classifier: SignalClassifier | None = None,
) -> EvaluationReport:
    """Cross-validated quality on the train split, then the frozen test split."""
    template = classifier or SignalClassifier()
    examples = load_corpus(corpus_dir)
    train_set, test_set = select_split(examples, "train"), select_split(examples, "test")
    texts = [e.text for e in train_set]
    codes = [e.codes for e in train_set]
    y = [[code in row for code in SIGNAL_TYPES] for row in codes]

    predicted: list[list[str]] = [[] for _ in train_set]
    splits = multilabel_folds(np.array(y, dtype=int), folds, template.random_state)
    for number, (fit_idx, held_idx) in enumerate(splits, start=1):
        _say(progress, f"fold {number}/{len(splits)}")
        model = SignalClassifier(**template.get_params()).fit(
            [texts[i] for i in fit_idx], [codes[i] for i in fit_idx]
        )
        for i, found in zip(
            held_idx, _predicted_codes(model, [texts[i] for i in held_idx]), strict=True
        ):
            predicted[i] = found
    cross_validated = label_metrics(codes, predicted)

    _say(progress, "fitting on the whole train split for the frozen test split")
    final = SignalClassifier(**template.get_params()).fit(texts, codes)
    return EvaluationReport(
        folds=len(splits),
        n_train=len(train_set),
        n_test=len(test_set),
        data_hash=final.data_hash_,
        cross_validated=cross_validated,
        test=score_examples(final, test_set),
        hyperparameters={
            k: list(v) if isinstance(v, tuple) else v for k, v in template.get_params().items()
        },
    )
