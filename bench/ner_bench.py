"""Words per CPU second of the whole entity stage on one core, and of its parts.

    .venv/bin/python bench/ner_bench.py [--repeat 3] [--limit 2000] [--model DIR] [--only-stage]

The whole stage is what ikp.pipeline.Analyzer does for entities: normalise_ocr_text,
then the rule recognisers, the trained NER and the merge (EntityExtractor with the
NER added through add_source), here through `EntityExtractor.pipe`, which hands the
NER batches. Texts:
- one-liners: raw CoNLL-2002 testb sentences (newspaper), `--limit` of them;
- mails: the 1,912 fictional items of training_data/signals (≈ 68 words each);
- letters: the same testb sentences joined 20 per text (≈ 300 words each).
Rows: the NER alone (NerSource.pipe), the rules alone, the whole stage per text
(`extract`, unbatched) and the whole stage batched (`pipe`). One thread (BLAS,
OpenMP and BLIS pools set to 1 before numpy loads); best of `repeat` runs in words
(whitespace-separated) per CPU second of this process; prints Markdown.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy and thinc load: one core, as promised

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

from threadpoolctl import threadpool_limits  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nlp import EntityExtractor, normalise_ocr_text  # noqa: E402
from nlp.ner import MODEL_DIR, load_pipeline, load_source  # noqa: E402
from nlp.ner.data import read_conll  # noqa: E402

SIGNALS = REPO / "training_data" / "signals"


def best_wps(run: Callable[[Sequence[str]], object], texts: Sequence[str], repeat: int) -> float:
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run(texts)
        best = min(best, time.process_time() - start)
    return words / best


def mails() -> list[str]:
    return [
        json.loads(line)["text"]
        for path in sorted(SIGNALS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=2000, help="testb sentences to use")
    ap.add_argument("--model", type=Path, default=MODEL_DIR, help="NER pipeline directory")
    ap.add_argument(
        "--only-stage", action="store_true", help="only the whole stage (`pipe`), not its parts"
    )
    args = ap.parse_args(argv)
    source = load_source(args.model)
    testb = [" ".join(t.text for t in d) for d in read_conll(load_pipeline(), "testb")]
    testb = testb[: args.limit]
    # Letters are longer than one newspaper sentence: 20 sentences per text.
    letters = [" ".join(testb[i : i + 20]) for i in range(0, len(testb), 20)]
    corpora = {"one-liners": testb, "mails": mails(), "letters": letters}
    rules = EntityExtractor()
    stage = EntityExtractor()
    stage.add_source(source)
    rows = {
        "NER alone (NerSource.pipe)": lambda ts: list(source.pipe(ts)),
        "rules alone (normalise + rules + merge)": lambda ts: list(
            rules.pipe(normalise_ocr_text(t) for t in ts)
        ),
        "whole stage, `extract` per text": lambda ts: [
            stage.extract(normalise_ocr_text(t)) for t in ts
        ],
        "**whole stage, `pipe`**": lambda ts: list(stage.pipe(normalise_ocr_text(t) for t in ts)),
    }
    sizes = " | ".join(
        f"{len(ts):,} texts, {sum(len(t.split()) for t in ts):,} words" for ts in corpora.values()
    )
    print(f"| words per CPU second | {' | '.join(corpora)} |")
    print("|---|---:|---:|---:|")
    print(f"| (size) | {sizes} |")
    if args.only_stage:
        rows = {k: v for k, v in rows.items() if "`pipe`" in k}
    with threadpool_limits(1):
        for name, run in rows.items():
            cells = [best_wps(run, ts, args.repeat) for ts in corpora.values()]
            print(f"| {name} | {' | '.join(f'{c:,.0f}' for c in cells)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
