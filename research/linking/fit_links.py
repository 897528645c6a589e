"""Fit the link scorer (`linking/link_model.json`) on candidates of generated mentions.

.venv/bin/python -m research.linking.fit_links   # about a minute; deterministic
.venv/bin/python -m research.linking.fit_links --reviewed DATABASE_URL --data-dir DIR

With --reviewed, the links reviewers accepted or rejected in that store's dossier pairs
(research.linking.reviewed_links) join the generated examples, each as one row.
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


def train(
    rows: int = 100_000,
    mentions: int = 8_000,
    seed: int = 1001,
    reviewed: Sequence[Example] = (),
) -> dict[str, object]:
    """Fit on candidates of generated mentions (label: candidate is the truth) and the
    `reviewed` links (label: a reviewer accepted it). The register must be large:
    namesakes born on the same day are rare in a small one."""
    from sklearn.linear_model import LogisticRegression

    index, generated = evaluation_set(rows, mentions, seed=seed)
    x: list[list[float]] = []
    y: list[int] = []
    for m in generated:
        for c in score_candidates(m.text, m.entities, index, received=m.received):
            x.append(features(c))
            y.append(int(c.record.dossier_id == m.truth))
    for row, accepted in reviewed:
        x.append(list(row))
        y.append(int(accepted))
    model = LogisticRegression(C=10.0, max_iter=5000).fit(x, y)
    return {
        "format": FORMAT,
        "features": list(FEATURES),
        "coef": [round(float(w), 4) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "trained_on": {"rows": rows, "mentions": mentions, "seed": seed, "pairs": len(y)}
        | ({"reviewed_links": len(reviewed)} if reviewed else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit the link scorer.")
    parser.add_argument(
        "--reviewed",
        metavar="DATABASE_URL",
        help="also fit on the links reviewers judged in this store (its data dir: --data-dir)",
    )
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args()
    reviewed = read_reviewed(args.reviewed, args.data_dir) if args.reviewed else []
    data = train(reviewed=reviewed)
    tmp = MODEL_FILE.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(MODEL_FILE)  # atomic: a reader never sees half a model
    print(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
