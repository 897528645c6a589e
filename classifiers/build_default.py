"""Train the shipped default model: `python -m classifiers.build_default`.

Trains on the train split of `training_data/signals/` and writes
`classifiers/model/`. A test compares the model's data hash with the corpus, so
rerun this whenever the corpus changes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from classifiers.corpus import DEFAULT_CORPUS_DIR, load_corpus, select_split
from classifiers.model import DEFAULT_MODEL_DIR, MODEL_FILE, SignalClassifier
from classifiers.training import score_examples

MAX_BYTES = 10 * 1024 * 1024


def build(corpus_dir: Path = DEFAULT_CORPUS_DIR, out_dir: Path = DEFAULT_MODEL_DIR) -> Path:
    examples = load_corpus(corpus_dir)
    train_set, test_set = select_split(examples, "train"), select_split(examples, "test")
    model = SignalClassifier().fit([e.text for e in train_set], [e.codes for e in train_set])
    test = score_examples(model, test_set)
    extra = {"frozen_test": test.to_dict()} if test else None
    with tempfile.TemporaryDirectory() as scratch:  # check the size before replacing
        model.save(Path(scratch) / "model", extra_metrics=extra)
        size = (Path(scratch) / "model" / MODEL_FILE).stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"model would be {size / 1e6:.1f} MB (limit 10 MB): lower max_features")
    model.save(out_dir, extra_metrics=extra)
    print(f"{model.version}: {len(train_set)} examples, {size / 1e6:.2f} MB -> {out_dir}")
    if test is not None:
        print(
            f"frozen test split: macro-F1 {test.macro_f1:.3f}, "
            f"is-a-signal precision {test.signal_precision:.3f}"
        )
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    args = parser.parse_args(argv)
    build(args.corpus, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
