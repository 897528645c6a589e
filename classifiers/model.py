"""SignalClassifier: masked text -> TF-IDF word and character n-grams -> one-vs-rest
logistic regression -> a calibration map and a threshold per signal type, both chosen by
cross-validation."""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from classifiers.calibration import CHOOSE, Calibrator, calibrate, choose_calibrator
from classifiers.corpus import data_hash
from classifiers.explain import why_phrases
from classifiers.masking import MaskedText, mask_many, mask_with_offsets
from classifiers.metrics import label_metrics
from classifiers.persistence import replace_dir, sha256_of
from classifiers.thresholds import best_f1_threshold, decide, multilabel_folds
from contract.records import Classification, SignalScore
from contract.vocabulary import SIGNAL_TYPES

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "model"  # the shipped model
MODEL_FILE = "model.skops"
CARD_FILE = "model_card.json"
FORMAT_VERSION = 1

# Everything a saved pipeline may contain beyond skops' own safe defaults. Loading
# refuses any other type, so a tampered file cannot smuggle in arbitrary code.
TRUSTED_TYPES: tuple[str, ...] = ("classifiers.masking.mask_many",)


class ModelLoadError(RuntimeError):
    """A model directory is incomplete, altered or from an unknown format."""


class SignalClassifier(BaseEstimator):
    """Proposes signal types for a text; every hyper-parameter is a constructor argument."""

    def __init__(
        self,
        *,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (3, 5),
        word_max_features: int = 10_000,
        char_max_features: int = 25_000,
        min_df: int = 2,
        C: float = 10.0,
        threshold_folds: int = 5,
        threshold_floor: float = 0.2,
        threshold_ceiling: float = 0.9,
        confident_score: float = 0.5,
        min_positives: int = 3,
        max_why: int = 5,
        calibration: str = CHOOSE,
        random_state: int = 0,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.word_max_features = word_max_features
        self.char_max_features = char_max_features
        self.min_df = min_df
        self.C = C
        self.threshold_folds = threshold_folds
        self.threshold_floor = threshold_floor
        self.threshold_ceiling = threshold_ceiling
        self.confident_score = confident_score
        self.min_positives = min_positives
        self.max_why = max_why
        self.calibration = calibration
        self.random_state = random_state

    # -- training ---------------------------------------------------------------------------

    def build_pipeline(self) -> Pipeline:
        """The unfitted scikit-learn pipeline; masking is its first step, so fit and
        predict can never see unmasked text."""
        common = {"lowercase": True, "strip_accents": "unicode", "sublinear_tf": True}
        features = FeatureUnion(
            [
                (
                    "word",
                    TfidfVectorizer(
                        analyzer="word",
                        ngram_range=tuple(self.word_ngram_range),
                        min_df=self.min_df,
                        max_features=self.word_max_features,
                        **common,
                    ),
                ),
                (
                    "char",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=tuple(self.char_ngram_range),
                        min_df=self.min_df,
                        max_features=self.char_max_features,
                        **common,
                    ),
                ),
            ]
        )
        model = OneVsRestClassifier(
            LogisticRegression(
                C=self.C,
                class_weight="balanced",
                solver="liblinear",
                random_state=self.random_state,
            )
        )
        return Pipeline(
            [("mask", FunctionTransformer(mask_many)), ("features", features), ("model", model)]
        )

    def fit(
        self,
        texts: Sequence[str],
        codes: Sequence[Sequence[str]],
        *,
        progress: Callable[[str], None] | None = None,
    ) -> SignalClassifier:
        """Fit the pipeline, then fit each type's calibration map and choose its threshold on
        out-of-fold scores; `progress` hears about each of the fits, the slow part."""
        texts, codes = list(texts), [tuple(c) for c in codes]
        if len(texts) != len(codes):
            raise ValueError(f"{len(texts)} texts but {len(codes)} code lists")
        unknown = {c for row in codes for c in row} - set(SIGNAL_TYPES)
        if unknown:
            raise ValueError(f"unknown signal type(s): {', '.join(sorted(unknown))}")
        counts = {code: sum(code in row for row in codes) for code in SIGNAL_TYPES}
        # A type needs positives and negatives to be learnt; the others score 0.
        trained = tuple(c for c in SIGNAL_TYPES if self.min_positives <= counts[c] < len(texts))
        if not trained:
            raise ValueError(f"no signal type has {self.min_positives} or more examples")
        y = np.array([[code in row for code in trained] for row in codes], dtype=int)

        if progress is not None:
            progress(f"fitting on all {len(texts)} examples")
        pipeline = self.build_pipeline().fit(texts, y)
        _slim(pipeline)
        raw_oof = self._out_of_fold_scores(texts, y, progress)
        calibrators = {
            code: choose_calibrator(
                y[:, k], raw_oof[:, k], self.calibration, self.threshold_folds, self.random_state
            )
            for k, code in enumerate(trained)
        }
        oof = calibrate(raw_oof, trained, calibrators)
        thresholds = {
            code: self._choose_threshold(y[:, k], oof[:, k]) for k, code in enumerate(trained)
        }
        predicted = [decide(dict(zip(trained, row, strict=True)), thresholds) for row in oof]
        self.pipeline_ = pipeline
        self.codes_ = trained
        self.calibrators_ = calibrators
        self.thresholds_ = thresholds
        self.counts_ = counts
        self.n_examples_ = len(texts)
        self.data_hash_ = data_hash(texts, codes)
        self.created_ = datetime.now(UTC).replace(microsecond=0)
        self.version_ = f"signals-{self.created_:%Y%m%d}-{self.data_hash_[:8]}"
        self.metrics_ = {
            # Out-of-fold, but at thresholds tuned on those same scores: optimistic.
            "train_cv_at_tuned_thresholds": label_metrics(
                codes, [[c for c, _ in p] for p in predicted]
            ).to_dict()
        }
        return self

    def _out_of_fold_scores(
        self, texts: list[str], y: np.ndarray, progress: Callable[[str], None] | None = None
    ) -> np.ndarray:
        """Scores for each training text from a model that did not see it."""
        folds = multilabel_folds(y, self.threshold_folds, self.random_state)
        scores = np.zeros(y.shape, dtype=float)
        for number, (train_idx, held_idx) in enumerate(folds, start=1):
            if progress is not None:
                progress(f"threshold fold {number}/{len(folds)}")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # a label absent from a fold
                fold = self.build_pipeline().fit([texts[i] for i in train_idx], y[train_idx])
            scores[held_idx] = _positive_scores(fold, [texts[i] for i in held_idx], y.shape[1])
        return scores

    def _choose_threshold(self, truth: np.ndarray, scores: np.ndarray) -> float:
        return best_f1_threshold(truth, scores, self.threshold_floor, self.threshold_ceiling)

    # -- prediction -------------------------------------------------------------------------

    @property
    def version(self) -> str:
        self._check_fitted()
        return self.version_

    def _check_fitted(self) -> None:
        if not hasattr(self, "pipeline_"):
            raise NotFittedError("SignalClassifier is not fitted; call fit() or load()")

    def predict(self, text: str) -> Classification:
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[Classification]:
        self._check_fitted()
        texts = list(texts)
        if not texts:
            return []
        masked = [mask_with_offsets(t) for t in texts]
        raw, word_x = self._scores_and_words([m.text for m in masked])
        scores = calibrate(raw, self.codes_, self.calibrators_)
        names = self._word_names()
        results = []
        for i, row in enumerate(scores):
            by_code = dict(zip(self.codes_, (round(float(s), 4) for s in row), strict=True))
            passed = decide(by_code, self.thresholds_)
            signal_types = tuple(
                SignalScore(code, score, self._why(code, word_x[i], masked[i], names))
                for code, score in passed
            )
            best = max(by_code.values())
            results.append(
                Classification(
                    signal_types=signal_types,
                    uncertain=not passed or best < self.confident_score,
                    model_version=self.version_,
                    scores={code: by_code.get(code, 0.0) for code in SIGNAL_TYPES},
                )
            )
        return results

    def _word_vectoriser(self) -> TfidfVectorizer:
        return dict(self.pipeline_.named_steps["features"].transformer_list)["word"]

    def _why(self, code: str, x_row: Any, masked: MaskedText, names: np.ndarray) -> tuple[str, ...]:
        estimator = self.pipeline_.named_steps["model"].estimators_[self.codes_.index(code)]
        normalise = self._word_vectoriser().build_preprocessor()
        return why_phrases(estimator.coef_, x_row, masked, names, normalise, self.max_why)

    def _scores_and_words(self, masked: list[str]) -> tuple[np.ndarray, Any]:
        """The pipeline's scores for already masked texts, and their word features.

        What `pipeline_.predict_proba` computes, step by step, so the masking and the
        word n-grams the explanations need are computed once, not twice. A pipeline of
        another shape goes the long way (same scores).
        """
        mask, features, model = (step for _, step in self.pipeline_.steps)
        names = [name for name, _ in getattr(features, "transformer_list", [])]
        if (
            len(self.pipeline_.steps) != 3
            or getattr(mask, "func", None) is not mask_many
            or not isinstance(features, FeatureUnion)
            or names != ["word", "char"]
            or features.transformer_weights is not None
        ):
            scores = _positive_scores(self.pipeline_, masked, len(self.codes_))
            return scores, self._word_vectoriser().transform(masked).tocsr()
        word, char = (t for _, t in features.transformer_list)
        word_x = word.transform(masked).tocsr()
        x = sparse.hstack([word_x, char_features(char, masked)]).tocsr()  # as FeatureUnion does
        scores = np.asarray(model.predict_proba(x), dtype=float)
        return scores.reshape(len(masked), len(self.codes_)), word_x

    def _word_names(self) -> np.ndarray:
        """`get_feature_names_out()` of the word vectoriser (≈ 15 ms a call), once per model."""
        word = self._word_vectoriser()
        cached = getattr(self, "_names_cache", None)
        if cached is None or cached[0] is not word:
            cached = self._names_cache = (word, word.get_feature_names_out())
        return cached[1]

    # -- persistence --------------------------------------------------------------------------

    def model_card(
        self,
        extra_metrics: Mapping[str, Any] | None = None,
        extra_card: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The card's own keys win over `extra_card` (e.g. where the training data came from)."""
        self._check_fitted()
        return {
            **(extra_card or {}),
            "format_version": FORMAT_VERSION,
            "model_version": self.version_,
            "created": self.created_.isoformat(),
            "data_hash": self.data_hash_,
            "counts": {"examples": self.n_examples_, "per_type": self.counts_},
            "codes": list(self.codes_),
            "thresholds": self.thresholds_,
            "calibration": {code: c.to_dict() for code, c in self.calibrators_.items()},
            "metrics": {**self.metrics_, **(extra_metrics or {})},
            "hyperparameters": _jsonable(self.get_params()),
            "libraries": {
                "python": platform.python_version(),
                "scikit-learn": sklearn.__version__,
                "skops": _skops_version(),
                "numpy": np.__version__,
            },
        }

    def save(
        self,
        directory: Path,
        *,
        extra_metrics: Mapping[str, Any] | None = None,
        extra_card: Mapping[str, Any] | None = None,
        extra_files: Mapping[str, bytes] | None = None,
    ) -> None:
        """Write model.skops, model_card.json and `extra_files` (plots, the exported feedback);
        the directory appears complete or not at all."""
        directory = Path(directory)
        card = self.model_card(extra_metrics, extra_card)
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.tmp-", dir=directory.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; a model directory is for everyone to read
        try:
            model_path = tmp / MODEL_FILE
            import skops.io as sio  # see _skops_version

            sio.dump(self.pipeline_, model_path, compression=zipfile.ZIP_DEFLATED)
            card["files"] = {MODEL_FILE: {"sha256": sha256_of(model_path)}}
            card["size_bytes"] = model_path.stat().st_size
            (tmp / CARD_FILE).write_text(
                json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            for name, data in (extra_files or {}).items():
                (tmp / name).write_bytes(data)
            for path in (model_path, tmp / CARD_FILE, *(tmp / n for n in extra_files or {})):
                with path.open("rb") as handle:
                    os.fsync(handle.fileno())
            replace_dir(tmp, directory)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, directory: Path) -> SignalClassifier:
        directory = Path(directory)
        card_path, model_path = directory / CARD_FILE, directory / MODEL_FILE
        if not card_path.is_file() or not model_path.is_file():
            raise ModelLoadError(f"{directory}: needs {CARD_FILE} and {MODEL_FILE}")
        card = json.loads(card_path.read_text(encoding="utf-8"))
        if card.get("format_version") != FORMAT_VERSION:
            found = card.get("format_version")
            raise ModelLoadError(f"{card_path}: unknown format_version {found}")
        if sha256_of(model_path) != card["files"][MODEL_FILE]["sha256"]:
            raise ModelLoadError(f"{model_path}: checksum differs from {CARD_FILE}")
        import skops.io as sio  # see _skops_version

        unexpected = set(sio.get_untrusted_types(file=model_path)) - set(TRUSTED_TYPES)
        if unexpected:
            raise ModelLoadError(f"{model_path}: untrusted types {sorted(unexpected)}")
        pipeline = sio.load(model_path, trusted=list(TRUSTED_TYPES))

        params = card["hyperparameters"]
        for key in ("word_ngram_range", "char_ngram_range"):
            params[key] = tuple(params[key])
        model = cls(**params)
        model.pipeline_ = pipeline
        model.codes_ = tuple(card["codes"])
        model.thresholds_ = {k: float(v) for k, v in card["thresholds"].items()}
        # A card from before calibration has none: its raw scores are its scores.
        calibration = card.get("calibration", {})
        model.calibrators_ = {k: Calibrator.from_dict(v) for k, v in calibration.items()}
        model.counts_ = dict(card["counts"]["per_type"])
        model.n_examples_ = int(card["counts"]["examples"])
        model.data_hash_ = card["data_hash"]
        model.created_ = datetime.fromisoformat(card["created"])
        model.version_ = card["model_version"]
        model.metrics_ = dict(card["metrics"])
        return model


def _skops_version() -> str:
    # skops is imported only to save or load: at import it imports every estimator module
    # of scikit-learn, ≈ 20 MB that a process which only predicts does not need
    # (classifiers.child_load).
    import skops

    return str(skops.__version__)


def _positive_scores(pipeline: Pipeline, texts: list[str], n_codes: int) -> np.ndarray:
    scores = np.asarray(pipeline.predict_proba(texts), dtype=float)
    return scores.reshape(len(texts), n_codes)


def _slim(pipeline: Pipeline) -> None:
    """Keep the saved model small: `stop_words_` lists every pruned n-gram (introspection
    only), and numpy integers in the vocabulary cost skops one file each."""
    for _, vectoriser in pipeline.named_steps["features"].transformer_list:
        if hasattr(vectoriser, "stop_words_"):
            del vectoriser.stop_words_
        vectoriser.vocabulary_ = {term: int(i) for term, i in vectoriser.vocabulary_.items()}


def _jsonable(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


# Characters whose n-grams are counted at once: the list of a text's character n-grams
# costs ~135 MB per million characters (+270 MB for the 2,000,000 analysed of a long text).
CHAR_PIECE = 100_000


def char_features(char: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    """`char.transform(texts)`, a long text counted in pieces cut after whitespace: n-grams
    of `char_wb` stay within a word, so the counts of the pieces add up to the text's."""
    if char.analyzer != "char_wb" or all(len(t) <= CHAR_PIECE for t in texts):
        return char.transform(texts)
    rows = [
        sparse.csr_matrix(CountVectorizer.transform(char, list(_pieces(t))).sum(axis=0))
        for t in texts
    ]
    return char._tfidf.transform(sparse.vstack(rows).tocsr(), copy=False)


def _pieces(text: str, size: int = CHAR_PIECE) -> Iterator[str]:
    """`text` in consecutive pieces of at most `size` characters, each cut after whitespace
    where the piece has any."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(c, start, end) for c in " \n\t\r")
            end = cut + 1 if cut > start else end
        yield text[start:end]
        start = end
