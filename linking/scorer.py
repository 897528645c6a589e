"""Approach B: a logistic model over the evidence, learned on generated pairs.

Each candidate's evidence becomes a feature vector (one column per kind of evidence,
fuzzy similarity as its value, and log(1 + rivals)); the model's probability is the
score, so that a 0.9 means right about nine times in ten on generated mentions. The
coefficients live in `link_model.json` next to this file, written by

    .venv/bin/python -m research.linking.fit_links   # about a minute; deterministic

and read without scikit-learn at serving time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from linking.candidates import Candidate, Scorer

MODEL_FILE = Path(__file__).with_name("link_model.json")
FORMAT = 3  # 2: weak evidence (issue 16); 3: "adres anders"
# fmt: off
FEATURES: tuple[str, ...] = (
    "V_NUMMER exact", "BSN exact", "KVK exact", "EMAIL exact", "TELEFOON exact",
    "POSTCODE exact", "GEBOORTEDATUM exact", "achternaam exact", "achternaam fuzzy",
    "achternaam fonetisch", "voornaam exact", "voornaam fuzzy", "voornaam fonetisch",
    "voorletter exact", "naam organisatie exact", "V_NUMMER anders", "BSN anders",
    "KVK anders", "GEBOORTEDATUM anders", "achternaam anders", "voornaam anders", "rivals",
    "achternaam deel", "adres exact", "straat exact", "woonplaats exact", "geboortejaar exact",
    "voornaam los", "woonplaats anders", "geboortejaar anders", "adres anders",
)
# fmt: on
_COLUMN = {name: i for i, name in enumerate(FEATURES)}


def features(candidate: Candidate) -> list[float]:
    row = [0.0] * len(FEATURES)
    for name, _ in candidate.evidence:
        parts = name.split()
        if parts[-1][0].isdigit():  # "achternaam fuzzy 0.92"
            row[_COLUMN[" ".join(parts[:-1])]] = float(parts[-1])
        else:
            row[_COLUMN[name]] = 1.0
    row[_COLUMN["rivals"]] = math.log1p(candidate.rivals)
    return row


class LogisticScorer:
    def __init__(self, coef: Sequence[float], intercept: float) -> None:
        if len(coef) != len(FEATURES):
            raise ValueError(f"model has {len(coef)} coefficients, expected {len(FEATURES)}")
        self.coef = list(coef)
        self.intercept = intercept

    def __call__(self, candidate: Candidate) -> float:
        z = self.intercept + sum(w * x for w, x in zip(self.coef, features(candidate), strict=True))
        # Of k candidates with the same evidence at most one is right: none is worth > 1/k.
        return min(1 / (1 + math.exp(-z)), 1 / (1 + candidate.rivals))


@cache
def logistic_scorer(path: Path = MODEL_FILE) -> Scorer:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: made for other features; refit: research.linking.fit_links")
    return LogisticScorer(data["coef"], data["intercept"])
