"""Fit the link scorer (`linking/link_model.json`) on candidates of generated mentions.

.venv/bin/python -m research.linking.fit_links   # about a minute; deterministic
.venv/bin/python -m research.linking.fit_links --reviewed DATABASE_URL --data-dir DIR

With --reviewed, the links reviewers accepted or rejected in that store's dossier pairs
(research.linking.reviewed_links) join the generated examples. Each verdict weighs as
REVIEWED_WEIGHT generated pairs (`--reviewed-weight`): it is a person's judgement of a
real text against the real register, where a generated pair only follows the
generator's guesses about how tips are written; and the first few hundred verdicts
would otherwise be lost among some 60,000 generated pairs. All verdicts together never
weigh more than the generated pairs (each weighs less once there are that many): the
generated pairs keep every kind of evidence in the fit, verdicts cover only what staff
happened to see.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from linking.propose import score_candidates
from linking.scorer import FEATURES, FORMAT, MODEL_FILE, features
from research.linking.evaluate import evaluation_set
from research.linking.reviewed_links import Example
from research.linking.reviewed_links import read as read_reviewed

REVIEWED_WEIGHT = 20.0  # one reviewer's verdict counts as this many generated pairs


def reviewed_weight(generated: int, reviewed: int, weight: float = REVIEWED_WEIGHT) -> float:
    """The sample weight of each verdict: `weight`, less once all `reviewed` verdicts
    together would outweigh the `generated` pairs."""
    return min(weight, generated / reviewed) if reviewed else 0.0


def train(
    rows: int = 100_000,
    mentions: int = 8_000,
    seed: int = 1001,
    reviewed: Sequence[Example] = (),
    weight: float = REVIEWED_WEIGHT,
) -> dict[str, object]:
    """Fit on candidates of generated mentions (label: candidate is the truth) and the
    `reviewed` links (label: a reviewer accepted it), each of those weighing as `weight`
    generated pairs (`reviewed_weight`). The register must be large: namesakes born on
    the same day are rare in a small one."""
    from sklearn.linear_model import LogisticRegression

    index, generated = evaluation_set(rows, mentions, seed=seed)
    x: list[list[float]] = []
    y: list[int] = []
    for m in generated:
        for c in score_candidates(m.text, m.entities, index, received=m.received):
            x.append(features(c))
            y.append(int(c.record.dossier_id == m.truth))
    pairs = len(y)
    each = reviewed_weight(pairs, len(reviewed), weight)
    for row, accepted in reviewed:
        x.append(list(row))
        y.append(int(accepted))
    weights = [1.0] * pairs + [each] * len(reviewed)
    model = LogisticRegression(C=10.0, max_iter=5000).fit(x, y, sample_weight=weights)
    return {
        "format": FORMAT,
        "features": list(FEATURES),
        "coef": [round(float(w), 4) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "trained_on": {"rows": rows, "mentions": mentions, "seed": seed, "pairs": pairs}
        | (
            {"reviewed_links": len(reviewed), "reviewed_weight": round(each, 3)} if reviewed else {}
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit the link scorer.")
    parser.add_argument(
        "--reviewed",
        metavar="DATABASE_URL",
        help="also fit on the links reviewers judged in this store (its data dir: --data-dir)",
    )
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument(
        "--reviewed-weight",
        type=float,
        default=REVIEWED_WEIGHT,
        help="how many generated pairs one verdict counts as",
    )
    args = parser.parse_args()
    reviewed = read_reviewed(args.reviewed, args.data_dir) if args.reviewed else []
    data = train(reviewed=reviewed, weight=args.reviewed_weight)
    tmp = MODEL_FILE.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(MODEL_FILE)  # atomic: a reader never sees half a model
    print(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
