"""Are link scores calibrated on data the model never saw? Reliability on held-out seeds.

    .venv/bin/python -m research.linking.calibration --rows 200000 --mentions 5000 --seeds 2027 2028

The link model (`linking.scorer`) was fitted on generator seed 1001; every other seed
is held out. For each held-out set the reliability table (score bins against the
share of proposals that are right) and the ECE are printed for three views:

- top-1: the first proposal per mention (what `evaluate` reports);
- shown: every proposal a reviewer sees (at most three, none under 0.50);
- all: every candidate with sufficient evidence, whatever its score.

With `--recalibrate-on SEED` a Platt map (a logistic function of the logit of the
score) is fitted on the candidates of that seed and applied to the held-out seeds,
to show what recalibration would gain; the shipped scorer is not changed by it.
`--model` scores with another fit of the link model (to compare two on the same data);
each seed also reports how many wrong candidates score >= 0.9, and how many of those
the register row contradicts (a town, year or number the text states otherwise).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from classifiers.metrics import ReliabilityBin, expected_calibration_error
from classifiers.metrics import reliability as shared_reliability
from linking.index import DossierIndex
from linking.propose import (
    MAX_SCORE,
    MIN_SCORE,
    Scorer,
    default_scorer,
    score_candidates,
    sufficient,
)
from linking.scorer import MODEL_FILE, logistic_scorer
from research.linking.evaluate import NAMESAKE_SHARE, evaluation_set
from research.linking.generate import Mention

Bins = list[ReliabilityBin]  # (bin start, mean score, share right, n)


@dataclass(frozen=True)
class Scored:
    score: float  # unrounded, capped at MAX_SCORE
    right: bool
    rank: int  # 0 = the top proposal of its mention
    conflict: bool = False  # the text states a town, year or number the row contradicts


def scored_candidates(
    mentions: Sequence[Mention], index: DossierIndex, scorer: Scorer | None = None
) -> list[Scored]:
    """Every candidate with sufficient evidence, scored as `propose_links` scores it."""
    scorer = scorer or default_scorer()
    out = []
    for m in mentions:
        ranked = []
        for c in score_candidates(m.text, m.entities, index, received=m.received):
            if sufficient(name for name, _ in c.evidence):
                score = min(MAX_SCORE, scorer(c))
                conflict = any(name.endswith(" anders") for name, _ in c.evidence)
                ranked.append((-round(score, 2), c.record.dossier_id, score, conflict))
        ranked.sort()
        out += [
            Scored(s, d == m.truth, rank, conflict)
            for rank, (_, d, s, conflict) in enumerate(ranked)
        ]
    return out


def confident_wrong(scored: Sequence[Scored], at: float = 0.9) -> tuple[int, int]:
    """(wrong candidates scoring >= `at` whose row contradicts the text, all wrong ones
    scoring >= `at`): issue 16 asks for no confident wrong pick."""
    wrong = [s for s in scored if not s.right and s.score >= at]
    return sum(s.conflict for s in wrong), len(wrong)


def reliability(pairs: Sequence[tuple[float, bool]], *, bins: int = 10) -> tuple[Bins, float]:
    """Reliability table and expected calibration error (bins weighted by size)."""
    table = shared_reliability(pairs, bins)
    return table, expected_calibration_error(table)


def views(scored: Sequence[Scored], transform: Callable[[float], float] = float) -> dict:
    """The three views of the module docstring, each as (bins, ece, n)."""
    shown = [s for s in scored if s.rank < 3 and round(s.score, 2) >= MIN_SCORE]
    chosen = {
        "top-1": [s for s in shown if s.rank == 0],
        "shown (at most 3, >= 0.50)": shown,
        "all candidates with sufficient evidence": list(scored),
    }
    return {
        name: (*reliability([(transform(s.score), s.right) for s in group]), len(group))
        for name, group in chosen.items()
    }


def fit_platt(scored: Sequence[Scored]) -> Callable[[float], float]:
    """p = sigmoid(a * logit(score) + b), fitted on every candidate of `scored`."""
    from sklearn.linear_model import LogisticRegression

    def logit(p: float) -> float:
        p = min(max(p, 1e-4), 1 - 1e-4)
        return math.log(p / (1 - p))

    x = [[logit(s.score)] for s in scored]
    y = [int(s.right) for s in scored]
    model = LogisticRegression(C=1e4).fit(x, y)
    a, b = float(model.coef_[0][0]), float(model.intercept_[0])
    return lambda p: 1 / (1 + math.exp(-(a * logit(p) + b)))


def markdown(bins: Bins) -> str:
    lines = ["| score bin | mean score | share right | n |", "|---|---|---|---|"]
    lines += [f"| {lo:.1f}-{lo + 0.1:.1f} | {m:.3f} | {a:.3f} | {n} |" for lo, m, a, n in bins]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--mentions", type=int, default=5000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[2027])
    parser.add_argument("--recalibrate-on", type=int, help="fit a Platt map on this seed")
    parser.add_argument(
        "--namesake-share",
        type=float,
        default=NAMESAKE_SHARE,
        help="persons with a namesake in another town (0: the register as before)",
    )
    parser.add_argument("--model", type=Path, default=MODEL_FILE, help="a link_model.json")
    args = parser.parse_args()
    if 1001 in args.seeds:
        parser.error("seed 1001 is the link model's training seed: not held out")
    scorer = logistic_scorer(args.model)
    share = args.namesake_share
    platt = None
    if args.recalibrate_on is not None:
        index, mentions = evaluation_set(
            args.rows, args.mentions, seed=args.recalibrate_on, namesake_share=share
        )
        platt = fit_platt(scored_candidates(mentions, index, scorer))
    for seed in args.seeds:
        index, mentions = evaluation_set(args.rows, args.mentions, seed=seed, namesake_share=share)
        scored = scored_candidates(mentions, index, scorer)
        conflicting, wrong = confident_wrong(scored)
        print(f"seed {seed}: {wrong} wrong candidates score >= 0.9, {conflicting} with a conflict")
        runs = {"shipped scores": views(scored)}
        if platt is not None:
            runs[f"Platt map fitted on seed {args.recalibrate_on}"] = views(scored, platt)
        for run, result in runs.items():
            for view, (bins, ece, n) in result.items():
                print(
                    f"\nseed {seed}, {args.rows:,} rows, {args.mentions:,} mentions; {run}; "
                    f"{view}: n {n}, ECE {ece:.4f}\n"
                )
                print(markdown(bins))


if __name__ == "__main__":
    main()
