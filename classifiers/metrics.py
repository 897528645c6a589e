"""Precision, recall and F1 per signal type, the numbers reviewers care about, and calibration.

`reliability` and `expected_calibration_error` are the one implementation of calibration
bins in the project (model cards here; link and duplicate scores in research/).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import NamedTuple

from contract.vocabulary import NOT_A_SIGNAL, SIGNAL_TYPES


@dataclass(frozen=True)
class TypeMetrics:
    precision: float
    recall: float
    f1: float
    support: int  # examples that carry the code
    predicted: int  # examples the model gave the code


@dataclass(frozen=True)
class LabelMetrics:
    n: int
    per_type: dict[str, TypeMetrics]
    macro_f1: float  # over the types with support > 0
    micro_f1: float
    exact_match: float  # share of examples whose predicted set equals the true set
    signal_precision: float  # "is a signal" (any code but algemene_vraag)
    signal_recall: float
    no_prediction_rate: float  # share with nothing past its threshold

    def to_dict(self) -> dict:
        return asdict(self)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def label_metrics(
    truth: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]
) -> LabelMetrics:
    if len(truth) != len(predicted):
        raise ValueError("truth and predicted differ in length")
    true_sets = [set(t) for t in truth]
    pred_sets = [set(p) for p in predicted]
    per_type: dict[str, TypeMetrics] = {}
    total_tp = total_pred = total_true = 0
    for code in SIGNAL_TYPES:
        tp = sum(code in t and code in p for t, p in zip(true_sets, pred_sets, strict=True))
        n_pred = sum(code in p for p in pred_sets)
        n_true = sum(code in t for t in true_sets)
        precision, recall = _ratio(tp, n_pred), _ratio(tp, n_true)
        per_type[code] = TypeMetrics(
            precision=round(precision, 4),
            recall=round(recall, 4),
            f1=round(_ratio(2 * precision * recall, precision + recall), 4),
            support=n_true,
            predicted=n_pred,
        )
        total_tp, total_pred, total_true = total_tp + tp, total_pred + n_pred, total_true + n_true
    supported = [m.f1 for m in per_type.values() if m.support > 0]

    def is_signal(codes: set[str]) -> bool:
        return bool(codes - {NOT_A_SIGNAL})

    sig_tp = sum(is_signal(t) and is_signal(p) for t, p in zip(true_sets, pred_sets, strict=True))
    n = len(true_sets)
    return LabelMetrics(
        n=n,
        per_type=per_type,
        macro_f1=round(_ratio(sum(supported), len(supported)), 4),
        micro_f1=round(_ratio(2 * total_tp, total_pred + total_true), 4),
        exact_match=round(
            _ratio(sum(t == p for t, p in zip(true_sets, pred_sets, strict=True)), n), 4
        ),
        signal_precision=round(_ratio(sig_tp, sum(is_signal(p) for p in pred_sets)), 4),
        signal_recall=round(_ratio(sig_tp, sum(is_signal(t) for t in true_sets)), 4),
        no_prediction_rate=round(_ratio(sum(not p for p in pred_sets), n), 4),
    )


class ReliabilityBin(NamedTuple):
    start: float  # lower edge of the score bin
    mean_score: float
    share_right: float  # observed rate of the truth among the scores in the bin
    n: int


def reliability(pairs: Iterable[tuple[float, float]], bins: int = 10) -> list[ReliabilityBin]:
    """Non-empty equal-width score bins of (score, truth) pairs, truth 0/1 or bool."""
    groups: dict[int, list[tuple[float, float]]] = {}
    for score, truth in pairs:
        # The epsilon keeps 0.3 in the bin from 0.3 (0.3 * 10 is 2.9999999999999996).
        which = min(bins - 1, int(float(score) * bins + 1e-9))
        groups.setdefault(which, []).append((float(score), float(truth)))
    return [
        ReliabilityBin(
            b / bins, sum(s for s, _ in g) / len(g), sum(t for _, t in g) / len(g), len(g)
        )
        for b, g in sorted(groups.items())
    ]


def expected_calibration_error(table: Sequence[ReliabilityBin]) -> float:
    """Mean gap between score and observed rate, bins weighted by their size."""
    total = sum(b.n for b in table)
    return sum(abs(b.mean_score - b.share_right) * b.n for b in table) / max(1, total)
