"""classifiers.metrics.reliability and expected_calibration_error: the one calibration table."""

import pytest

from classifiers.metrics import expected_calibration_error, reliability


def test_scores_fall_into_equal_width_bins_with_their_observed_rate() -> None:
    table = reliability([(0.95, True), (0.95, False), (0.55, 1), (1.0, True)])
    assert [(b.start, b.n) for b in table] == [(0.5, 1), (0.9, 3)]
    assert table[1].share_right == pytest.approx(2 / 3)
    assert table[1].mean_score == pytest.approx((0.95 + 0.95 + 1.0) / 3)


def test_a_score_on_a_bin_edge_belongs_to_the_bin_it_starts() -> None:
    assert [b.start for b in reliability([(0.3, 0), (0.7, 1)])] == [0.3, 0.7]


def test_ece_weighs_each_bins_gap_by_its_size() -> None:
    table = reliability([(0.8, 1), (0.1, 0), (0.1, 0), (0.4, 0)])
    assert expected_calibration_error(table) == pytest.approx((0.2 + 2 * 0.1 + 0.4) / 4)
    assert expected_calibration_error(reliability([(1.0, 1), (0.0, 0)])) == 0.0
    assert expected_calibration_error([]) == 0.0
