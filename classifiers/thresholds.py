"""Per-type thresholds: where a score becomes a proposal, and how codes are decided."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
from sklearn.model_selection import StratifiedKFold

from contract.vocabulary import NOT_A_SIGNAL


def best_f1_threshold(truth: np.ndarray, scores: np.ndarray, floor: float, ceiling: float) -> float:
    """The threshold with the best F1 within [floor, ceiling]; ties: middle of the plateau."""
    grid = np.round(np.arange(floor, ceiling + 1e-9, 0.01), 2)
    if truth.sum() == 0:
        return float(ceiling)
    f1 = []
    for t in grid:
        hit = scores >= t
        tp = float(np.sum(hit & (truth == 1)))
        denominator = float(hit.sum() + truth.sum())
        f1.append(2 * tp / denominator if denominator else 0.0)
    best = np.flatnonzero(np.isclose(f1, max(f1)))
    return float(grid[best[len(best) // 2]])


def decide(scores: Mapping[str, float], thresholds: Mapping[str, float]) -> list[tuple[str, float]]:
    """Codes past their threshold, highest first; a real signal drops algemene_vraag."""
    passed = [(c, float(s)) for c, s in scores.items() if s >= thresholds[c]]
    if any(c != NOT_A_SIGNAL for c, _ in passed):
        passed = [(c, s) for c, s in passed if c != NOT_A_SIGNAL]
    return sorted(passed, key=lambda cs: (-cs[1], cs[0]))


def multilabel_folds(y: np.ndarray, n_folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds stratified on each example's rarest code, so rare types reach every fold."""
    frequency = y.sum(axis=0)
    keys = np.array(
        [int(np.argmin(np.where(row == 1, frequency, np.inf))) if row.any() else -1 for row in y]
    )
    # Keys too rare to spread over the folds share one bucket.
    values, counts = np.unique(keys, return_counts=True)
    rare = set(values[counts < n_folds].tolist())
    keys = np.array([-2 if k in rare else k for k in keys])
    n_splits = max(2, min(n_folds, int(np.unique(keys, return_counts=True)[1].max())))
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the merged bucket can still be small
        return list(splitter.split(np.zeros(len(y)), keys))
