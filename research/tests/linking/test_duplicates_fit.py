"""Duplicate signals: one case reported twice is proposed as related, with evidence."""

from datetime import datetime
from functools import partial

import pytest

from contract.records import ItemEntities
from linking.duplicates import (
    HAND_SET,
    WINDOW,
    find_related,
    score_evidence,
)
from research.linking.duplicates import (
    candidate_pairs,
    evaluate_duplicates,
    fit_logistic,
    fit_noisy_or,
    fit_weights,
    generated_stream,
    logistic_scorer,
)

MUNICIPALITY = ItemEntities(
    1,
    datetime(2026, 3, 1),
    (
        ("PERSOON", "Mohammed El Amrani"),
        ("GEBOORTEDATUM", "1990-03-12"),
        ("PERSOON", "Fatima Bouzid"),
        ("ADRES", "Kerkstraat 12"),
        ("POSTCODE", "1234AB"),
    ),
)


def test_generated_stream_precision_and_recall() -> None:
    result = evaluate_duplicates(generated_stream(400, seed=9))
    assert result.with_earlier_report > 50
    assert result.recall >= 0.75  # a tip naming one person and no address is not enough
    assert result.precision >= 0.9


def test_fast_evaluation_counts_what_find_related_proposes() -> None:
    """evaluate_duplicates scores candidate pairs once; find_related item by item."""
    stream = generated_stream(150, seed=13)
    fast = evaluate_duplicates(stream)
    proposals = right = 0
    case_of = {item.item_id: case for case, item in stream}
    for n, (case, item) in enumerate(stream):
        earlier = [p for _, p in stream[:n] if item.received - p.received <= WINDOW]
        related = find_related(item.entities, earlier)
        proposals += len(related)
        right += sum(case_of[r.item_id] == case for r in related)
    assert (fast.proposals, fast.right_proposals) == (proposals, right)


def test_fitted_weights_are_probabilities_and_evidence_never_counts_against() -> None:
    stream = generated_stream(300, seed=17)
    weights = fit_noisy_or(stream)
    assert set(weights) == set(HAND_SET)
    assert all(0 <= w < 1 for w in weights.values())
    assert weights["IBAN"] == pytest.approx(HAND_SET["IBAN"])  # never generated: kept
    score = fit_logistic(stream)
    assert score(["adres", "persoon"]) >= score(["adres"])
    assert score(["IBAN NL91ABNA0417164300"]) == pytest.approx(HAND_SET["IBAN"], abs=0.01)


def test_fitted_noisy_or_proposes_what_the_logistic_model_proposes() -> None:
    """The noisy-or weights keep the logistic model's decisions at its threshold."""
    train = generated_stream(300, seed=19)
    model = fit_weights(train, seed=19)
    logistic = model["logistic"]
    served = partial(score_evidence, weights=model["weights"])
    probability = logistic_scorer(logistic["intercept"], logistic["coef"])
    disagree = [
        evidence
        for _, _, evidence, _ in candidate_pairs(generated_stream(300, seed=23))
        if (served(evidence) >= model["min_score"])
        != (probability(evidence) >= logistic["threshold"])
    ]
    assert len(disagree) <= 2  # only where two-decimal rounding meets the threshold
