"""Fit the link scorer (`linking/link_model.json`) on candidates of generated mentions.

.venv/bin/python -m research.linking.fit_links   # about a minute; deterministic
"""

from __future__ import annotations

import json

from linking.propose import score_candidates
from linking.scorer import FEATURES, FORMAT, MODEL_FILE, features
from research.linking.evaluate import evaluation_set


def train(rows: int = 100_000, mentions: int = 8_000, seed: int = 1001) -> dict[str, object]:
    """Fit on candidates of generated mentions (label: candidate is the truth). The
    register must be large: namesakes born on the same day are rare in a small one."""
    from sklearn.linear_model import LogisticRegression

    index, generated = evaluation_set(rows, mentions, seed=seed)
    x: list[list[float]] = []
    y: list[int] = []
    for m in generated:
        for c in score_candidates(m.text, m.entities, index, received=m.received):
            x.append(features(c))
            y.append(int(c.record.dossier_id == m.truth))
    model = LogisticRegression(C=10.0, max_iter=5000).fit(x, y)
    return {
        "format": FORMAT,
        "features": list(FEATURES),
        "coef": [round(float(w), 4) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "trained_on": {"rows": rows, "mentions": mentions, "seed": seed, "pairs": len(y)},
    }


def main() -> None:
    data = train()
    tmp = MODEL_FILE.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(MODEL_FILE)  # atomic: a reader never sees half a model
    print(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
