"""Per-type score calibration: a score should be the share of texts that truly carry the type.

The logistic regression's raw scores are not that: balanced class weights and the
one-vs-rest set-up leave them too low where a type is proposed (0.7-0.8 raw scores
were right nine times in ten). For each type a monotone map is fitted on the
out-of-fold scores of the train split, the method chosen per type by cross-validation
on those same scores: `none` (raw score), `platt` (logistic fit on the score's logit) or
`isotonic` (a step function). A map is plain numbers, kept in the model card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

METHODS: tuple[str, ...] = ("none", "platt", "isotonic")
CHOOSE = "cv"  # choose the method per type by cross-validation
_EPS = 1e-4


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class Calibrator:
    """A monotone map from raw score to calibrated score."""

    method: str = "none"
    params: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, scores: np.ndarray) -> np.ndarray:
        scores = np.asarray(scores, dtype=float)
        if self.method == "platt":
            z = self.params["slope"] * _logit(scores) + self.params["intercept"]
            return 1.0 / (1.0 + np.exp(-z))
        if self.method == "isotonic":
            return np.interp(scores, self.params["x"], self.params["y"])
        return scores

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, **self.params}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibrator:
        params = {k: v for k, v in data.items() if k != "method"}
        return cls(str(data.get("method", "none")), params)


def fit_calibrator(method: str, truth: np.ndarray, scores: np.ndarray) -> Calibrator:
    """The map of `method` fitted on (raw score, 0/1 truth) pairs."""
    truth, scores = np.asarray(truth, dtype=int), np.asarray(scores, dtype=float)
    if method == "none" or truth.min() == truth.max():
        return Calibrator()
    if method == "platt":
        # Nearly unregularised: two parameters, fitted on every out-of-fold score.
        fitted = LogisticRegression(C=1e4).fit(_logit(scores)[:, None], truth)
        slope, intercept = float(fitted.coef_[0, 0]), float(fitted.intercept_[0])
        return Calibrator("platt", {"slope": round(slope, 6), "intercept": round(intercept, 6)})
    if method == "isotonic":
        fitted = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(scores, truth)
        x = [round(float(v), 6) for v in fitted.X_thresholds_]
        y = [round(float(v), 6) for v in fitted.y_thresholds_]
        return Calibrator("isotonic", {"x": x, "y": y})
    raise ValueError(f"unknown calibration method {method!r}; one of {', '.join(METHODS)}")


def held_out_brier(
    method: str, truth: np.ndarray, scores: np.ndarray, folds: int, seed: int
) -> float:
    """Mean squared error of `method`'s map on scores it was not fitted on."""
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    error = 0.0
    for fit_idx, held_idx in splitter.split(scores.reshape(-1, 1), truth):
        calibrated = fit_calibrator(method, truth[fit_idx], scores[fit_idx])(scores[held_idx])
        error += float(np.sum((calibrated - truth[held_idx]) ** 2))
    return error / len(truth)


def choose_calibrator(
    truth: np.ndarray, scores: np.ndarray, method: str = CHOOSE, folds: int = 5, seed: int = 0
) -> Calibrator:
    """`method`'s map, or with `cv` the method with the lowest held-out Brier score (ties:
    the simpler one), fitted on all pairs. Too few positives or negatives to hold some out
    in every fold: the raw score."""
    truth, scores = np.asarray(truth, dtype=int), np.asarray(scores, dtype=float)
    if method != CHOOSE:
        return fit_calibrator(method, truth, scores)
    if min(int(truth.sum()), int(len(truth) - truth.sum())) < 2 * folds:
        return Calibrator()
    errors = {m: held_out_brier(m, truth, scores, folds, seed) for m in METHODS}
    best = min(METHODS, key=lambda m: (round(errors[m], 6), METHODS.index(m)))
    return fit_calibrator(best, truth, scores)


def calibrate(
    scores: np.ndarray, codes: tuple[str, ...], calibrators: Mapping[str, Calibrator]
) -> np.ndarray:
    """Rows of raw scores (columns in `codes` order) through each type's map."""
    scores = np.asarray(scores, dtype=float)
    if not calibrators:
        return scores
    columns = [calibrators.get(code, Calibrator())(scores[:, k]) for k, code in enumerate(codes)]
    return np.column_stack(columns) if columns else scores
