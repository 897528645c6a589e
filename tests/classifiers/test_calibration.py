"""classifiers.calibration: per-type maps from raw score to calibrated score."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classifiers import SignalClassifier
from classifiers.calibration import Calibrator, calibrate, choose_calibrator, fit_calibrator
from classifiers.metrics import expected_calibration_error, reliability

TEXTS = [
    "De buurman is getrouwd voor de papieren en woont er niet, zijn vrouw woont alleen.",
    "Hoe lang duurt mijn aanvraag voor verlenging nog? Ik wacht al maanden.",
]


def underconfident(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw scores whose type is truly there far more often than they say (rate = sqrt)."""
    rng = np.random.default_rng(seed)
    scores = rng.uniform(0.0, 1.0, n)
    return (rng.uniform(0.0, 1.0, n) < np.sqrt(scores)).astype(int), scores


def ece(truth: np.ndarray, scores: np.ndarray) -> float:
    return expected_calibration_error(reliability(zip(scores, truth, strict=True)))


@pytest.mark.parametrize("method", ["platt", "isotonic", "cv"])
def test_a_fitted_map_brings_scores_close_to_the_observed_rate_on_new_pairs(method: str) -> None:
    truth, scores = underconfident(2000, seed=1)
    new_truth, new_scores = underconfident(2000, seed=2)
    calibrator = choose_calibrator(truth, scores, method)
    assert ece(new_truth, new_scores) > 0.1
    assert ece(new_truth, calibrator(new_scores)) < 0.04


@pytest.mark.parametrize("method", ["platt", "isotonic"])
def test_maps_keep_the_order_of_scores_and_stay_between_0_and_1(method: str) -> None:
    truth, scores = underconfident(500, seed=3)
    grid = np.linspace(0.0, 1.0, 101)
    mapped = fit_calibrator(method, truth, scores)(grid)
    assert np.all(np.diff(mapped) >= 0)
    assert mapped.min() >= 0.0 and mapped.max() <= 1.0


def test_too_few_positives_to_cross_validate_keep_the_raw_score() -> None:
    scores = np.linspace(0.0, 1.0, 200)
    truth = (scores > 0.97).astype(int)  # 6 positives, fewer than 2 per fold
    assert choose_calibrator(truth, scores).method == "none"
    assert fit_calibrator("platt", np.zeros(10, dtype=int), scores[:10]).method == "none"


def test_an_unknown_method_is_refused() -> None:
    truth, scores = underconfident(100, seed=4)
    with pytest.raises(ValueError, match="unknown calibration method 'beta'"):
        fit_calibrator("beta", truth, scores)


@pytest.mark.parametrize("method", ["platt", "isotonic"])
def test_a_map_written_as_json_and_read_back_gives_the_same_scores(method: str) -> None:
    truth, scores = underconfident(500, seed=5)
    calibrator = fit_calibrator(method, truth, scores)
    again = Calibrator.from_dict(json.loads(json.dumps(calibrator.to_dict())))
    assert np.array_equal(again(scores), calibrator(scores))


def test_the_model_proposes_calibrated_scores(small_model: SignalClassifier) -> None:
    raw = small_model.pipeline_.predict_proba(TEXTS).reshape(len(TEXTS), -1)
    expected = calibrate(raw, small_model.codes_, small_model.calibrators_)
    for row, found in zip(expected, small_model.predict_many(TEXTS), strict=True):
        for k, code in enumerate(small_model.codes_):
            assert found.scores[code] == pytest.approx(row[k], abs=1e-4)


def test_the_model_card_holds_each_types_map(small_model: SignalClassifier, tmp_path: Path) -> None:
    small_model.save(tmp_path / "m")
    card = json.loads((tmp_path / "m" / "model_card.json").read_text())
    assert set(card["calibration"]) == set(small_model.codes_)
    loaded = SignalClassifier.load(tmp_path / "m")
    assert loaded.calibrators_ == small_model.calibrators_


def test_a_model_saved_before_calibration_scores_its_raw_scores(
    small_model: SignalClassifier, tmp_path: Path
) -> None:
    small_model.save(tmp_path / "m")
    card_path = tmp_path / "m" / "model_card.json"
    card = json.loads(card_path.read_text())
    del card["calibration"]
    card_path.write_text(json.dumps(card))
    old = SignalClassifier.load(tmp_path / "m")
    raw = small_model.pipeline_.predict_proba(TEXTS).reshape(len(TEXTS), -1)
    for row, found in zip(raw, old.predict_many(TEXTS), strict=True):
        assert [found.scores[c] for c in old.codes_] == pytest.approx(row, abs=1e-4)
