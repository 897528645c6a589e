"""Reviewers' verdicts on dossier pairs read back as labelled examples for the link fit."""

import math
from pathlib import Path

from linking.scorer import FEATURES
from research.linking.fit_links import REVIEWED_WEIGHT, reviewed_weight, train
from research.linking.reviewed_links import read
from store import Store
from store.link_verdicts import ACCEPT, REJECT, record_link_verdict
from tests.factories.namesakes import POSSIBLE, PROPOSED
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
        record_link_verdict(store.sessions, item, POSSIBLE, ACCEPT, "anna")
        record_link_verdict(store.sessions, item, PROPOSED, REJECT, "anna")
    (accepted_row, accepted), (rejected_row, rejected) = read(url, tmp_path / "data")
    assert accepted and not rejected
    column = dict(zip(FEATURES, accepted_row, strict=True))
    assert column["straat exact"] == 1 and column["woonplaats anders"] == 1
    column = dict(zip(FEATURES, rejected_row, strict=True))
    assert column["adres exact"] == 1 and column["geboortejaar anders"] == 1


def test_a_rejected_link_weighs_as_many_generated_pairs_and_lowers_its_pattern(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'ikp.sqlite3'}"
    with Store(url, tmp_path / "data") as store:
        item = seed_link_item(store, n=1)
        record_link_verdict(store.sessions, item, PROPOSED, REJECT, "anna")
    reviewed = read(url, tmp_path / "data")
    assert [label for _, label in reviewed] == [False]
    small = {"rows": 3_000, "mentions": 300, "seed": 7}
    before = train(**small)
    once = train(**small, reviewed=reviewed, weight=1.0)
    weighted = train(**small, reviewed=reviewed)
    assert weighted["trained_on"]["reviewed_weight"] == REVIEWED_WEIGHT  # type: ignore[index]
    row = reviewed[0][0]
    p_before, p_once, p_weighted = (_probability(m, row) for m in (before, once, weighted))
    # one verdict as one pair among thousands hardly moves the fit; weighted, it does
    assert p_weighted < p_once - 0.1 and p_once < p_before, (p_before, p_once, p_weighted)


def test_verdicts_never_outweigh_the_generated_pairs() -> None:
    assert reviewed_weight(60_000, 100) == REVIEWED_WEIGHT
    assert reviewed_weight(60_000, 6_000) == 10.0  # 6,000 verdicts weigh as 60,000 pairs
    assert reviewed_weight(60_000, 0) == 0.0
