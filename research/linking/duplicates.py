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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from classifiers.metrics import expected_calibration_error as ece
from classifiers.metrics import reliability
from contract.records import ItemEntities
from linking.duplicates import (
    HAND_SET,
    IDENTIFIERS,
    MIN_SCORE,
    MODEL_FILE,
    NAME_ALONE,
    WINDOW,
    evidence_with_keys,
    features,
    keys_of,
    line_rarity,
    probability,
    score_evidence,
)
from linking.duplicates import _index_keys as index_keys
from research.linking.generate import (
    FIRST_NAMES,
    ORG_TRADES,
    ORG_WORDS,
    SURNAMES,
    MentionGenerator,
    RegisterGenerator,
    _Builder,
    _spelling,
)
from research.linking.reviewed import read as read_reviewed


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


# Traps: authorities and large employers that many unrelated tips name (invented
# employer names; the authorities are public bodies every tip may mention).
AUTHORITIES = (
    "IND", "Politie", "Gemeente Rotterdam", "Gemeente Amsterdam", "Gemeente Utrecht",
    "Koninklijke Marechaussee", "UWV", "Belastingdienst", "DUO", "Nidos",
)  # fmt: skip
SYLLABLES = ("ka", "ro", "mi", "tel", "van", "os", "du", "ber", "li", "an", "zu", "ek",
             "ma", "ri", "sen", "do", "ga", "hu", "ne", "pol", "ta", "wi", "bo", "ur")  # fmt: skip


def _invented_surname(rng: random.Random) -> str:
    """A surname from the long tail: most people's surname is rare among tips."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generated_stream(
    cases: int, *, seed: int = 5, register_rows: int = 20_000
) -> list[tuple[str, ItemEntities]]:
    """Items as (subject, item), in order of receipt: about a third of the cases are
    reported twice (say by the municipality, and by a neighbour a week later, who spells
    names differently or gives only an initial, leaves out the date of birth, may name only
    one of a couple, sometimes gives no address, and may give a phone number the first
    report did not have).

    The traps: most tips name an authority (IND, Politie, a municipality) or one of a few
    large employers, so those values are shared by many unrelated items; two thirds of
    households have a rare surname, the others one of a few dozen common ones (namesakes).

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
    employers = [f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_TRADES)} B.V." for _ in range(8)]
    rare = {r.dossier_id: _invented_surname(rng) for r in persons if rng.random() < 0.67}
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
            pairs = [
                _report(rng, people, rare, formal=True),
                _report(rng, people, rare, formal=False),
            ]
            case = "+".join(p.dossier_id for p in people)
        for report in pairs:
            if rng.random() < 0.7:
                report.append(("ORGANISATIE", rng.choice(AUTHORITIES)))
            if rng.random() < 0.2:
                report.append(("ORGANISATIE", rng.choice(employers)))
        when = start + timedelta(hours=rng.randrange(24 * 300))
        items.append((when, case, pairs[0]))
        if rng.random() < 0.35:
            items.append((when + timedelta(days=rng.randrange(1, 14)), case, pairs[1]))
    items.sort(key=lambda t: t[0])
    return [(case, ItemEntities(i, when, tuple(e))) for i, (when, case, e) in enumerate(items)]


def _report(
    rng: random.Random, people: list, rare: dict[str, str], *, formal: bool
) -> list[tuple[str, str]]:
    b = _Builder()
    named = people if formal or rng.random() < 0.5 else people[:1]
    for p in named:
        first = (p.voornamen or "").split()[0]
        surname = rare.get(p.dossier_id) or p.achternaam or ""
        if not formal:
            first = _spelling(first, FIRST_NAMES, rng)
            surname = _spelling(surname, SURNAMES, rng)
            if rng.random() < 0.3:  # "R. Veldman"
                first = first[0] + "."
        b.add(f"{first} {surname}", "PERSOON")
        if formal:
            b.add(" ")
            b.add(p.geboortedatum.isoformat(), "GEBOORTEDATUM")
            if p.bsn and rng.random() < 0.5:
                b.add(" ")
                b.add(p.bsn, "BSN")
        b.add(", ")
    if not formal and rng.random() < 0.3:  # a follow-up with a number the first lacked
        b.add(f"+3161{rng.randrange(10**7):07d}", "TELEFOON")
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


Scored = list[tuple[str, float]]  # lines of evidence with their rarity


def candidate_pairs(
    stream: list[tuple[str, ItemEntities]], window: timedelta = WINDOW
) -> Iterator[tuple[int, int, Scored, bool]]:
    """(later, earlier position, evidence with rarity, same case?) for every pair within
    the window that shares some evidence. A value's document frequency is counted as the
    served code counts it: the new item and the earlier items within the window."""
    keys = [keys_of(item.entities) for _, item in stream]
    indexed = [index_keys(k) for k in keys]
    for n, (case, item) in enumerate(stream):
        earlier = []
        for p in range(n - 1, -1, -1):
            if item.received - stream[p][1].received > window:
                break  # the stream is in order of receipt
            earlier.append(p)
        df = dict.fromkeys(indexed[n], 1)
        for p in earlier:
            for key in indexed[n] & indexed[p]:
                df[key] += 1
        for p in earlier:
            if evidence := evidence_with_keys(keys[n], keys[p]):
                scored = [(line, line_rarity(k, df)) for line, k in evidence]
                yield n, p, scored, stream[p][0] == case


def evaluate_duplicates(
    stream: list[tuple[str, ItemEntities]],
    window: timedelta = WINDOW,
    scorer: Callable[[Scored], float] = probability,
    *,
    limit: int = 5,
    min_score: float | None = None,
    pairs: Sequence[tuple[int, int, Scored, bool]] | None = None,
) -> DuplicateEvaluation:
    """What `find_related` proposes for each item of the stream (scored by `scorer`, the
    served probability by default, from `min_score`, MIN_SCORE by default), against the
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


FEATURES = [f"{p}:{k}" for k in HAND_SET for p in ("n", "r")]


def _design(pairs: Sequence[tuple[int, int, Scored, bool]]) -> tuple[Any, Any]:
    """The features of each candidate pair, and whether it is one case."""
    import numpy as np

    rows, labels = [], []
    for _, _, evidence, same in pairs:
        f = features(evidence)
        rows.append([f.get(name, 0.0) for name in FEATURES])
        labels.append(same)
    return np.array(rows, float), np.array(labels, float)


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


def fit_scorer(pairs: Sequence[tuple[int, int, Scored, bool]]) -> dict[str, Any]:
    """Logistic model over the features, coefficients >= 0 (evidence never counts
    against). A kind with fewer than 20 same-case pairs in the stream is not fitted: one
    rare shared value of it scores its hand-set weight (identifiers the generator never
    draws), and fitted identifiers score at least that."""
    x, y = _design(pairs)
    seen = x[y == 1].sum(axis=0) >= 20
    intercept, fitted_coef = _logistic(x, y, seen)
    fitted = iter(fitted_coef)
    coef = {name: float(next(fitted)) if s else 0.0 for name, s in zip(FEATURES, seen, strict=True)}
    for kind, hand in HAND_SET.items():
        floor = math.log(hand / (1 - hand)) - intercept
        alone = coef[f"n:{kind}"] + coef[f"r:{kind}"]
        if (kind in IDENTIFIERS and alone < floor) or alone == 0.0:
            coef[f"r:{kind}"] = floor - coef[f"n:{kind}"]
    # A name alone never makes a pair, however rare: on real text the recogniser's
    # ORGANISATIE includes months, currencies and greetings, one shared employer is not one
    # case, and a person's name alone may be a namesake or the official who signs many
    # tips. With a second line of evidence (an address, a number, another person) they count.
    ceiling = math.log(NAME_ALONE / (1 - NAME_ALONE)) - intercept
    for kind in ("organisatie",):
        alone = coef[f"n:{kind}"] + coef[f"r:{kind}"]
        if alone > ceiling:
            coef[f"n:{kind}"] *= ceiling / alone
            coef[f"r:{kind}"] *= ceiling / alone
    return {"intercept": round(intercept, 4), "coef": {k: round(v, 4) for k, v in coef.items()}}


def threshold_for_precision(
    stream: list[tuple[str, ItemEntities]],
    pairs: Sequence[tuple[int, int, Scored, bool]],
    scorer: Callable[[Scored], float],
    precision: float = 0.95,
) -> float:
    """The lowest threshold whose proposals on `stream` are right `precision` of the time."""
    for step in range(30, 100):
        r = evaluate_duplicates(stream, scorer=scorer, min_score=step / 100, pairs=pairs)
        if r.precision >= precision:
            return step / 100
    return 0.99


def fit_model(
    stream: list[tuple[str, ItemEntities]],
    *,
    seed: int = 0,
    reviewed: Sequence[tuple[Scored, bool]] = (),
) -> dict[str, Any]:
    """The served model: the fitted scorer and its threshold for precision on `stream`.
    `reviewed` pairs (research.linking.reviewed: reviewers' verdicts) join the fit; the
    threshold is still chosen on the stream, whose every pair is known."""
    pairs = list(candidate_pairs(stream))
    scorer = fit_scorer([*pairs, *((-1, -1, e, same) for e, same in reviewed)])
    threshold = threshold_for_precision(stream, pairs, partial(probability, model=scorer))
    return {
        "scorer": scorer,
        "min_score": threshold,
        "trained_on": {
            "items": len(stream),
            "seed": seed,
            "pairs": len(pairs),
            "reviewed_pairs": len(reviewed),
        },
    }


def _f1(r: DuplicateEvaluation) -> float:
    return 2 * r.precision * r.recall / max(1e-9, r.precision + r.recall)


def main() -> None:
    parser = argparse.ArgumentParser(description="Duplicate signals on generated cases.")
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--train-seed", type=int, default=1005)
    parser.add_argument("--seed", type=int, default=5, help="the held-out stream")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_FILE.name}")
    parser.add_argument(
        "--reviewed",
        metavar="DATABASE_URL",
        help="also fit on the pairs reviewers judged in this store (its data dir: --data-dir)",
    )
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args()
    train = generated_stream(args.cases, seed=args.train_seed)
    held_out = generated_stream(args.cases, seed=args.seed)
    reviewed = read_reviewed(args.reviewed, args.data_dir) if args.reviewed else []
    model = fit_model(train, seed=args.train_seed, reviewed=reviewed)
    if args.write:
        tmp = MODEL_FILE.with_suffix(".tmp")
        tmp.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        tmp.replace(MODEL_FILE)
    pairs = list(candidate_pairs(held_out))
    fitted = partial(probability, model=model["scorer"])

    def noisy_or(evidence: Scored) -> float:
        return score_evidence([line for line, _ in evidence], weights=HAND_SET)

    scorers: dict[str, tuple[Callable[[Scored], float], float]] = {
        "hand-set noisy-or, no rarity (before issue 6)": (noisy_or, 0.5),
        "fitted with rarity, at 0.50": (fitted, 0.5),
        "fitted with rarity, served threshold": (fitted, model["min_score"]),
    }
    print(f"fitted on seed {args.train_seed}, held out seed {args.seed}, {args.cases} cases\n")
    print("| scorer | threshold | precision | recall | F1 | ECE | proposals right | items found |")
    print("|---|---|---|---|---|---|---|---|")
    results = {}
    for name, (scorer, threshold) in scorers.items():
        r = evaluate_duplicates(held_out, scorer=scorer, min_score=threshold, pairs=pairs)
        results[name] = r
        print(
            f"| {name} | {threshold:.2f} | {r.precision:.3f} | {r.recall:.3f} | {_f1(r):.3f} "
            f"| {ece(r.calibration):.3f} | {r.right_proposals}/{r.proposals} "
            f"| {r.found}/{r.with_earlier_report} |"
        )
    every = evaluate_duplicates(held_out, scorer=fitted, min_score=0.0, pairs=pairs)
    print("\nfitted with rarity: reliability of every candidate pair's score, held out\n")
    print("| score bin | mean score | share right | n |\n|---|---|---|---|")
    for lo, mean, acc, n in every.calibration:
        print(f"| {lo:.1f}-{lo + 0.1:.1f} | {mean:.3f} | {acc:.3f} | {n} |")
    print(f"\nECE over every candidate pair's top five: {ece(every.calibration):.3f}")
    print("\nserved:", json.dumps(model))


if __name__ == "__main__":
    main()
