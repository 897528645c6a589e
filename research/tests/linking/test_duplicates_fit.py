"""Duplicate signals fitted on generated tips with traps: common organisations, namesakes."""

from functools import partial

from linking.duplicates import WINDOW, find_related, probability
from research.linking.duplicates import (
    AUTHORITIES,
    evaluate_duplicates,
    fit_model,
    generated_stream,
)


def test_generated_stream_precision_and_recall_with_the_served_scorer() -> None:
    result = evaluate_duplicates(generated_stream(400, seed=9))
    assert result.with_earlier_report > 50
    assert result.recall >= 0.7  # a tip naming one person and no address is not enough
    assert result.precision >= 0.9


def test_the_stream_has_its_traps() -> None:
    stream = generated_stream(300, seed=11)
    organisations = [
        v for _, item in stream for label, v in item.entities if label == "ORGANISATIE"
    ]
    assert sum(v in AUTHORITIES for v in organisations) > len(stream) / 2


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


def test_fitted_scorer_never_counts_evidence_against_and_an_organisation_alone_is_little() -> None:
    model = fit_model(generated_stream(300, seed=17), seed=17)
    assert all(c >= 0 for c in model["scorer"]["coef"].values())
    score = partial(probability, model=model["scorer"])
    assert score([("adres", 1.0), ("persoon", 1.0)]) >= score([("adres", 1.0)])
    assert score([("organisatie", 1.0)]) <= 0.2 < model["min_score"]
    assert score([("persoon", 1.0)]) <= 0.2
    # One rare shared identifier is strong evidence whatever the generator draws.
    assert score([("IBAN NL91ABNA0417164300", 1.0)]) >= 0.85
    # A common value weighs little: the same surname and initial shared by 40 items.
    assert score([("persoon (voorletter)", 2 / 40)]) < model["min_score"]
