"""Duplicate-signal weights fitted and evaluated on generated streams of tips.

    .venv/bin/python -m research.linking.duplicates [--write]

`--write` writes `linking/duplicate_model.json`, which `linking.duplicates` serves;
see that module's docstring for the model.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from classifiers.metrics import expected_calibration_error as ece
from classifiers.metrics import reliability
from contract.records import ItemEntities
from linking.duplicates import (
    HAND_SET,
    IDENTIFIERS,
    MIN_SCORE,
    MIN_SCORE_SERVED,
    MODEL_FILE,
    WINDOW,
    evidence_between,
    keys_of,
    kind_of,
    score_evidence,
)
from research.linking.generate import (
    FIRST_NAMES,
    SURNAMES,
    MentionGenerator,
    RegisterGenerator,
    _Builder,
    _spelling,
)


@dataclass(frozen=True)
class DuplicateEvaluation:
    items: int
    with_earlier_report: int  # items whose case was reported before
    proposals: int
    right_proposals: int
    found: int  # items with an earlier report for which one was proposed
    precision: float
    recall: float
    calibration: list[tuple[float, float, float, int]] = field(default_factory=list)


def generated_stream(
    cases: int, *, seed: int = 5, register_rows: int = 20_000
) -> list[tuple[str, ItemEntities]]:
    """Items as (subject, item), in order of receipt: about a third of the cases are
        reported twice (say by the municipality, and by a neighbour a week later, who spells
        names differently, leaves out the date of birth, may name only one of a couple and
    sometimes gives no address).

        The truth is the subject (the household or the company), not the case: two tips
        about the same people are a duplicate signal by this module's definition even when
        they were drawn as two cases (a common company, or a household picked twice).
    """
    rng = random.Random(seed)
    register = [r for r in RegisterGenerator(seed=seed).records(register_rows)]
    persons = [r for r in register if r.soort == "persoon"]
    by_address: dict[str, list] = {}
    for r in persons:
        by_address.setdefault(f"{r.postcode}{r.adres}", []).append(r)
    start = datetime(2026, 1, 1)
    items: list[tuple[datetime, str, list[tuple[str, str]]]] = []
    mentions = MentionGenerator(register, seed=seed)
    companies = [r for r in register[:2000] if r.soort == "organisatie"]
    for _ in range(cases):
        if rng.random() < 0.15:  # a company case
            org = rng.choice(companies)
            reports = [mentions._mention(rng, org, org.dossier_id) for _ in range(2)]
            pairs = [[(e.label, e.value) for e in m.entities] for m in reports]
            case = org.dossier_id
        else:
            first = rng.choice(persons)
            people = by_address.get(f"{first.postcode}{first.adres}", [first])[:2]
            pairs = [_report(rng, people, formal=True), _report(rng, people, formal=False)]
            case = "+".join(p.dossier_id for p in people)
        when = start + timedelta(hours=rng.randrange(24 * 300))
        items.append((when, case, pairs[0]))
        if rng.random() < 0.35:
            items.append((when + timedelta(days=rng.randrange(1, 14)), case, pairs[1]))
    items.sort(key=lambda t: t[0])
    return [(case, ItemEntities(i, when, tuple(e))) for i, (when, case, e) in enumerate(items)]


def _report(rng: random.Random, people: list, *, formal: bool) -> list[tuple[str, str]]:
    b = _Builder()
    named = people if formal or rng.random() < 0.5 else people[:1]
    for p in named:
        first = (p.voornamen or "").split()[0]
        surname = p.achternaam or ""
        if not formal:
            first = _spelling(first, FIRST_NAMES, rng)
            surname = _spelling(surname, SURNAMES, rng)
        b.add(f"{first} {surname}", "PERSOON")
        if formal:
            b.add(" ")
            b.add(p.geboortedatum.isoformat(), "GEBOORTEDATUM")
            if p.bsn and rng.random() < 0.5:
                b.add(" ")
                b.add(p.bsn, "BSN")
        b.add(", ")
    if not formal and rng.random() < 0.25:  # a colleague's tip: names, no address
        return [(e.label, e.value) for e in b.entities]
    street = people[0].adres or ""
    if not formal and rng.random() < 0.3:
        street = street.replace("straat", "str.")
    b.add(street, "ADRES")
    if formal or rng.random() < 0.4:
        b.add(" ")
        b.add(people[0].postcode or "", "POSTCODE")
    return [(e.label, e.value) for e in b.entities]


def candidate_pairs(
    stream: list[tuple[str, ItemEntities]], window: timedelta = WINDOW
) -> Iterator[tuple[int, int, list[str], bool]]:
    """(later, earlier position, evidence, same case?) for every pair within the window
    that shares some evidence; each item's keys computed once."""
    keys = [keys_of(item.entities) for _, item in stream]
    for n, (case, item) in enumerate(stream):
        for p in range(n - 1, -1, -1):
            other_case, other = stream[p]
            if item.received - other.received > window:
                break  # the stream is in order of receipt
            if evidence := evidence_between(keys[n], keys[p]):
                yield n, p, evidence, other_case == case


def evaluate_duplicates(
    stream: list[tuple[str, ItemEntities]],
    window: timedelta = WINDOW,
    scorer: Callable[[list[str]], float] = score_evidence,
    *,
    limit: int = 5,
    min_score: float | None = None,
    pairs: Sequence[tuple[int, int, list[str], bool]] | None = None,
) -> DuplicateEvaluation:
    """What `find_related` proposes for each item of the stream (scored by `scorer`, the
    fitted noisy-or by default, from `min_score`, MIN_SCORE by default), against the
    truth. `calibration` is the reliability of the proposals' scores; `pairs` are those of
    `candidate_pairs(stream, window)` when computed already."""
    threshold = MIN_SCORE if min_score is None else min_score
    scored: dict[int, list[tuple[float, int, bool]]] = {}
    for n, p, evidence, same in candidate_pairs(stream, window) if pairs is None else pairs:
        if (score := scorer(evidence)) >= threshold:
            scored.setdefault(n, []).append((score, stream[p][1].item_id, same))
    positions: dict[str, list[int]] = {}
    with_earlier = 0
    for n, (case, item) in enumerate(stream):
        earlier = positions.setdefault(case, [])
        with_earlier += any(item.received - stream[q][1].received <= window for q in earlier)
        earlier.append(n)
    proposals = right = found = 0
    shown: list[tuple[float, bool]] = []
    for proposed in scored.values():
        top = sorted(proposed, key=lambda t: (-t[0], t[1]))[:limit]
        proposals += len(top)
        hits = sum(same for _, _, same in top)
        right += hits
        found += hits > 0
        shown += [(score, same) for score, _, same in top]
    return DuplicateEvaluation(
        items=len(stream),
        with_earlier_report=with_earlier,
        proposals=proposals,
        right_proposals=right,
        found=found,
        precision=right / max(1, proposals),
        recall=found / max(1, with_earlier),
        calibration=reliability(shown),
    )


def _design(stream: list[tuple[str, ItemEntities]]) -> tuple[Any, Any]:
    """Counts of each kind of evidence per candidate pair, and whether it is one case."""
    import numpy as np

    rows, labels = [], []
    for _, _, evidence, same in candidate_pairs(stream):
        kinds = [kind_of(line) for line in evidence]
        rows.append([kinds.count(k) for k in HAND_SET])
        labels.append(same)
    return np.array(rows, float), np.array(labels, float)


def fit_noisy_or(stream: list[tuple[str, ItemEntities]]) -> dict[str, float]:
    """Maximum-likelihood noisy-or weights: P(same) = 1 - exp(-sum theta_i), theta >= 0.
    Kinds without a same-subject pair in the stream keep their hand-set weight. (Loses:
    a surname alone and an address alone are each no evidence, together they are; a
    noisy-or fitted freely cannot say both. Kept for the comparison.)"""
    import numpy as np
    from scipy.optimize import minimize

    x, y = _design(stream)
    seen = x[y == 1].sum(axis=0) > 0

    def loss(theta: Any) -> tuple[float, Any]:
        z = np.maximum(x @ theta, 1e-9)
        p = -np.expm1(-z)
        grad = -(x.T @ (y * np.exp(-z) / p - (1 - y)))
        return float(-np.sum(y * np.log(p) - (1 - y) * z)), grad

    start = np.array([-math.log(1 - w) for w in HAND_SET.values()])
    bounds = [(0.0, 20.0) if s else (t, t) for s, t in zip(seen, start, strict=True)]
    theta = minimize(loss, start, jac=True, bounds=bounds, method="L-BFGS-B").x
    return {k: float(-np.expm1(-t)) for k, t in zip(HAND_SET, theta, strict=True)}


def _logistic(x: Any, y: Any, seen: Any) -> tuple[float, Any]:
    """Intercept and coefficients (>= 0, lightly L2-penalised) over the `seen` columns."""
    import numpy as np
    from scipy.optimize import minimize

    def loss(w: Any) -> tuple[float, Any]:
        z = w[0] + x[:, seen] @ w[1:]
        g = 1 / (1 + np.exp(-z)) - y
        nll = np.sum(np.logaddexp(0, z) - y * z) + 0.01 * np.sum(w[1:] ** 2)
        return float(nll), np.concatenate([[g.sum()], x[:, seen].T @ g + 0.02 * w[1:]])

    bounds = [(None, None)] + [(0.0, None)] * int(seen.sum())
    w = minimize(loss, np.zeros(int(seen.sum()) + 1), jac=True, bounds=bounds).x
    return float(w[0]), w[1:]


def _logistic_coef(stream: list[tuple[str, ItemEntities]]) -> tuple[float, dict[str, float]]:
    """Intercept and one coefficient per kind; a kind without 20 same-subject pairs in the
    stream gets what makes it score alone its hand-set weight."""
    x, y = _design(stream)
    seen = x[y == 1].sum(axis=0) >= 20
    intercept, fitted_coef = _logistic(x, y, seen)
    fitted = iter(fitted_coef)
    return intercept, {
        k: float(next(fitted)) if s else math.log(h / (1 - h)) - intercept
        for k, h, s in zip(HAND_SET, HAND_SET.values(), seen, strict=True)
    }


def logistic_scorer(intercept: float, coef: Mapping[str, float]) -> Callable[[list[str]], float]:
    def score(evidence: list[str]) -> float:
        z = intercept + sum(coef[kind_of(line)] for line in evidence)
        return round(1 / (1 + math.exp(-z)), 2)

    return score


def fit_logistic(stream: list[tuple[str, ItemEntities]]) -> Callable[[list[str]], float]:
    """Logistic model over the evidence counts, coefficients >= 0: its probabilities."""
    return logistic_scorer(*_logistic_coef(stream))


def fit_weights(stream: list[tuple[str, ItemEntities]], *, seed: int = 0) -> dict[str, Any]:
    """The served model (see the module docstring): the logistic model's threshold p* by
    F1 on `stream`, then noisy-or weights 1 - exp(-k c_i) with k such that a noisy-or of
    0.50 is exactly p*: the same pairs pass, in the same order."""
    intercept, coef = _logistic_coef(stream)
    pairs = list(candidate_pairs(stream))
    logistic = logistic_scorer(intercept, coef)
    best = (-1.0, 0.5)
    for step in range(20, 91):
        r = evaluate_duplicates(stream, scorer=logistic, min_score=step / 100, pairs=pairs)
        best = max(best, (round(_f1(r), 4), step / 100))
    threshold = best[1]
    scale = math.log(2) / (math.log(threshold / (1 - threshold)) - intercept)
    weights = {}
    for kind, hand in HAND_SET.items():
        w = -math.expm1(-scale * coef[kind])
        weights[kind] = round(max(w, hand) if kind in IDENTIFIERS else w, 4)
    return {
        "weights": weights,
        "min_score": MIN_SCORE_SERVED,
        "logistic": {
            "intercept": round(intercept, 4),
            "coef": {k: round(v, 4) for k, v in coef.items()},
            "threshold": threshold,
        },
        "trained_on": {"items": len(stream), "seed": seed},
    }


def _f1(r: DuplicateEvaluation) -> float:
    return 2 * r.precision * r.recall / max(1e-9, r.precision + r.recall)


def main() -> None:
    parser = argparse.ArgumentParser(description="Duplicate signals on generated cases.")
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--train-seed", type=int, default=1005)
    parser.add_argument("--seed", type=int, default=5, help="the held-out stream")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_FILE.name}")
    args = parser.parse_args()
    train = generated_stream(args.cases, seed=args.train_seed)
    held_out = generated_stream(args.cases, seed=args.seed)
    model = fit_weights(train, seed=args.train_seed)
    if args.write:
        tmp = MODEL_FILE.with_suffix(".tmp")
        tmp.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        tmp.replace(MODEL_FILE)
    noisy_or = fit_noisy_or(train)
    fitted = partial(score_evidence, weights=model["weights"])
    logistic = model["logistic"]
    scorers: dict[str, tuple[Callable[[list[str]], float], float]] = {
        "hand-set noisy-or (before)": (partial(score_evidence, weights=HAND_SET), 0.5),
        "noisy-or fitted freely (ML)": (partial(score_evidence, weights=noisy_or), 0.5),
        "logistic, coefficients >= 0": (
            logistic_scorer(logistic["intercept"], logistic["coef"]),
            logistic["threshold"],
        ),
        "fitted noisy-or (served)": (fitted, model["min_score"]),
    }
    print(f"fitted on seed {args.train_seed}, held out seed {args.seed}, {args.cases} cases\n")
    print("| weights | threshold | precision | recall | F1 | ECE | proposals right | items found |")
    print("|---|---|---|---|---|---|---|---|")
    results = {}
    for name, (scorer, threshold) in scorers.items():
        r = results[name] = evaluate_duplicates(held_out, scorer=scorer, min_score=threshold)
        print(
            f"| {name} | {threshold:.2f} | {r.precision:.3f} | {r.recall:.3f} | {_f1(r):.3f} "
            f"| {ece(r.calibration):.3f} | {r.right_proposals}/{r.proposals} "
            f"| {r.found}/{r.with_earlier_report} |"
        )
    for name, r in results.items():
        print(f"\n{name}: reliability on the held-out stream\n")
        print("| score bin | mean score | share right | n |\n|---|---|---|---|")
        for lo, mean, acc, n in r.calibration:
            print(f"| {lo:.1f}-{lo + 0.1:.1f} | {mean:.3f} | {acc:.3f} | {n} |")
    print("\nserved weights:", json.dumps(model["weights"]))


if __name__ == "__main__":
    main()
