"""Words per second of the entity stage with and without the trained NER, one thread.

    .venv/bin/python bench/ner_bench.py [--repeat 3] [--limit 2000]

Texts: raw CoNLL-2002 testb sentences (newspaper), the domain test split
(fictional IKP mails), and testb sentences joined 20 per text (letter-sized).
Rows: the NER pipeline alone (nlp.ner.load_source), the rule EntityExtractor
alone, and the extractor with the NER added through add_source.
Best of `repeat` runs, in words per CPU second (the machine is shared); prints Markdown.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp import EntityExtractor
from nlp.ner import load_pipeline, load_source
from nlp.ner.data import domain_examples, read_conll


def best_wps(run: Callable[[Sequence[str]], object], texts: Sequence[str], repeat: int) -> float:
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run(texts)
        best = min(best, time.process_time() - start)
    return words / best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=2000, help="testb sentences to use")
    args = ap.parse_args(argv)
    source = load_source()
    nlp = load_pipeline()
    testb = [" ".join(t.text for t in d) for d in read_conll(nlp, "testb")][: args.limit]
    domain = [text for text, _ in domain_examples("test")]
    # Mails and letters are longer than one newspaper sentence: 20 sentences per text.
    letters = [" ".join(testb[i : i + 20]) for i in range(0, len(testb), 20)]
    rules = EntityExtractor()
    both = EntityExtractor()
    both.add_source(source)
    rows = {
        "NER pipeline (nlp.pipe)": lambda ts: list(source.pipe(ts)),
        "rules only (EntityExtractor)": lambda ts: [rules.extract(t) for t in ts],
        "rules + NER (add_source)": lambda ts: [both.extract(t) for t in ts],
    }
    print("| stage | testb sentences | domain test | testb, 20 sentences per text |")
    print("|---|---:|---:|---:|")
    with threadpool_limits(1):
        for name, run in rows.items():
            a = best_wps(run, testb, args.repeat)
            b = best_wps(run, domain, args.repeat)
            c = best_wps(run, letters, args.repeat)
            print(f"| {name} | {a:,.0f} | {b:,.0f} | {c:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
