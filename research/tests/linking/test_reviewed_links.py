"""Reviewers' verdicts on dossier pairs read back as labelled examples for the link fit."""

import math
from pathlib import Path

from linking.scorer import FEATURES
from research.linking.fit_links import train
from research.linking.reviewed_links import read
from store import Store
from store.link_verdicts import ACCEPT, REJECT, record_link_verdict
from tests.review.factories import seed_link_item


def _probability(model: dict[str, object], row: list[float]) -> float:
    """The fitted model's probability for a feature row (as linking.scorer computes it)."""
    coef: list[float] = model["coef"]  # type: ignore[assignment]
    z = float(model["intercept"]) + sum(w * x for w, x in zip(coef, row, strict=True))  # type: ignore[arg-type]
    return 1 / (1 + math.exp(-z))


def test_judged_links_come_back_with_the_features_the_served_linker_gives_them(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'ikp.sqlite3'}"
    with Store(url, tmp_path / "data") as store:
        item = seed_link_item(store, n=1)
        record_link_verdict(store.sessions, item, "D-000101", ACCEPT, "anna")  # possible
        record_link_verdict(store.sessions, item, "D-000202", REJECT, "anna")  # proposed
    (accepted_row, accepted), (rejected_row, rejected) = read(url, tmp_path / "data")
    assert accepted and not rejected
    column = dict(zip(FEATURES, accepted_row, strict=True))
    assert column["woonplaats exact"] == 1 and column["geboortejaar anders"] == 1
    column = dict(zip(FEATURES, rejected_row, strict=True))
    assert column["geboortejaar exact"] == 1 and column["woonplaats anders"] == 1


def test_a_link_reviewers_keep_rejecting_scores_lower_after_the_next_fit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ikp.sqlite3'}"
    with Store(url, tmp_path / "data") as store:
        item = seed_link_item(store, n=1)
        record_link_verdict(store.sessions, item, "D-000202", REJECT, "anna")  # scored 0.99
    reviewed = read(url, tmp_path / "data")
    assert [label for _, label in reviewed] == [False]
    small = {"rows": 3_000, "mentions": 300, "seed": 7}
    before = train(**small)
    after = train(**small, reviewed=reviewed * 300)
    assert after["trained_on"]["reviewed_links"] == 300  # type: ignore[index]
    row = reviewed[0][0]
    assert _probability(after, row) < _probability(before, row) - 0.1, (
        _probability(before, row),
        _probability(after, row),
    )
