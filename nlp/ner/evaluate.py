"""`python -m nlp.ner.evaluate [--model DIR]`: exact-span P/R/F1 per label and speed.

Scores CoNLL-2002 testb (PER/ORG/LOC mapped, MISC as O) twice: per document as
plain text, one sentence per line (what `ikp analyse` sees with one file per
document, bench/conll_analyse.py; the headline number), and per sentence on the
gold tokens (no document context). Then the frozen domain test split (raw text,
char offsets), and words per second of the pipeline on raw testb sentences with
one thread (per CPU second and per wall second).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from nlp.ner import LABELS, MODEL_DIR, annotate, load_pipeline
from nlp.ner.data import conll_documents, domain_examples, read_conll

Span3 = tuple[int, int, str]


def span_scores(
    gold: Sequence[Iterable[Span3]], pred: Sequence[Iterable[Span3]], total: str = "ALL"
) -> dict[str, dict]:
    """Exact-span P/R/F1 per label and micro over LABELS (`total`), unrounded, with counts."""
    counts = {lab: [0, 0, 0] for lab in (*LABELS, total)}  # tp, n_pred, n_gold
    for g, p in zip(gold, pred, strict=True):
        g, p = set(g), set(p)
        for lab in LABELS:
            gl, pl = {s for s in g if s[2] == lab}, {s for s in p if s[2] == lab}
            for key in (lab, total):
                counts[key][0] += len(gl & pl)
                counts[key][1] += len(pl)
                counts[key][2] += len(gl)
    out = {}
    for lab, (tp, n_pred, n_gold) in counts.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[lab] = {"p": p, "r": r, "f": f, "tp": tp, "pred": n_pred, "gold": n_gold}
    return out


def prf(gold: Sequence[Iterable[Span3]], pred: Sequence[Iterable[Span3]]) -> dict[str, dict]:
    """`span_scores` rounded to 3 places, micro under 'ALL', with the gold count as support."""
    return {
        lab: {
            "p": round(s["p"], 3),
            "r": round(s["r"], 3),
            "f": round(s["f"], 3),
            "support": s["gold"],
        }
        for lab, s in span_scores(gold, pred).items()
    }


def _spans(doc: Doc, chars: bool) -> set[Span3]:
    return {
        (e.start_char, e.end_char, e.label_) if chars else (e.start, e.end, e.label_)
        for e in doc.ents
    }


def score_conll(nlp: Language, split: str = "testb") -> dict[str, dict]:
    """Score on CoNLL gold tokens: the model sees the gold words, not our tokenizer's."""
    gold_docs = list(read_conll(nlp, split))
    inputs = [Doc(nlp.vocab, words=[t.text for t in d]) for d in gold_docs]
    preds = list(nlp.pipe(inputs, batch_size=256))
    return prf([_spans(d, False) for d in gold_docs], [_spans(d, False) for d in preds])


def score_conll_documents(nlp: Language, split: str = "testb") -> dict[str, dict]:
    """Score whole CoNLL documents as plain text, as `ikp analyse` sees them (one per file)."""
    docs = conll_documents(split)
    preds = annotate(nlp, [text for text, _ in docs], batch_size=16)
    return prf([gold for _, gold in docs], [_spans(d, True) for d in preds])


def score_domain(nlp: Language) -> dict[str, dict]:
    """Score on the frozen domain test split, from raw text."""
    examples = domain_examples("test")
    preds = annotate(nlp, [text for text, _ in examples], batch_size=64)
    return prf([set(spans) for _, spans in examples], [_spans(d, True) for d in preds])


def words_per_second(nlp: Language, texts: Sequence[str], clock=time.process_time) -> float:
    """Whitespace words per CPU second of the whole pipeline on raw text, one thread.

    CPU time, not wall time: the machine is shared, and "per core" is what we promise.
    """
    n_words = sum(len(t.split()) for t in texts)
    with threadpool_limits(1):
        start = clock()
        for _ in annotate(nlp, texts, batch_size=256):
            pass
        elapsed = clock() - start
    return n_words / elapsed


def evaluate(model: Path = MODEL_DIR, rules: bool = True) -> dict:
    """All scores of the pipeline at `model`; rules=False leaves out nlp.ner.rules."""
    nlp = load_pipeline(model)
    raw = [" ".join(t.text for t in d) for d in read_conll(nlp, "testb")]
    post = [p for p in ("ikp_ner_rules", "ikp_doc_consistency") if p in nlp.pipe_names]
    off = [] if rules else post
    with nlp.select_pipes(disable=off):
        return {
            "model": str(model),
            "rules": post if rules else [],
            "conll_testb": score_conll_documents(nlp, "testb"),
            "conll_testb_sentences": score_conll(nlp, "testb"),
            "domain_test": score_domain(nlp),
            "words_per_cpu_second": round(words_per_second(nlp, raw)),
            "words_per_wall_second": round(words_per_second(nlp, raw, time.perf_counter)),
        }


def _table(name: str, scores: dict[str, dict]) -> str:
    rows = [f"{name:<12} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}"]
    for lab, s in scores.items():
        rows.append(f"{lab:<12} {s['p']:>6.3f} {s['r']:>6.3f} {s['f']:>6.3f} {s['support']:>6}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=MODEL_DIR)
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument(
        "--no-rules", action="store_true", help="the CNN alone: no rules, no document consistency"
    )
    args = ap.parse_args(argv)
    result = evaluate(args.model, rules=not args.no_rules)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(_table("testb docs", result["conll_testb"]))
        print(_table("testb sents", result["conll_testb_sentences"]))
        print(_table("domain test", result["domain_test"]))
        print(f"words per CPU second (1 thread, raw testb): {result['words_per_cpu_second']}")
        print(f"words per wall second (shared machine): {result['words_per_wall_second']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
