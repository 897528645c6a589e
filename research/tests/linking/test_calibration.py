"""Reliability of link scores on a held-out seed (research.linking.calibration)."""

import pytest

from research.linking.calibration import Scored, fit_platt, reliability, scored_candidates, views
from research.linking.evaluate import evaluation_set


def test_reliability_bins_and_ece() -> None:
    bins, ece = reliability([(0.95, True), (0.95, False), (0.55, True), (1.0, True)])
    assert [(lo, n) for lo, _, _, n in bins] == [(0.5, 1), (0.9, 3)]
    assert bins[1][2] == pytest.approx(2 / 3)
    assert ece == pytest.approx((0.45 * 1 + abs(0.9667 - 0.6667) * 3) / 4, abs=1e-3)


def test_held_out_scores_are_calibrated_and_views_nest() -> None:
    # 20,000 rows: the model is fitted on 100,000, and a register of a few thousand holds
    # too few namesakes for its scores (at 4,000 rows every candidate's ECE was 0.054).
    index, mentions = evaluation_set(20_000, 1_500, seed=51)
    scored = scored_candidates(mentions, index)
    result = views(scored)
    top, shown, every = (result[name] for name in result)
    assert top[2] <= shown[2] <= every[2]
    assert top[1] < 0.05 and every[1] < 0.05
    platt = fit_platt(scored)
    assert platt(0.99) > platt(0.5) > platt(0.1)
    assert all(isinstance(s, Scored) and 0 <= s.score <= 0.99 for s in scored)
