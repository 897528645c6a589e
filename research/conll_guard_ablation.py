"""What each PERSOON guard (nlp.ner.guards) and the register/label forms cost or add on
CoNLL-2002 testb: the NER source alone on the raw texts, guards switched one at a time.

    PYTHONPATH=. python research/conll_guard_ablation.py [--split testb]
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from conll_analyse import conll_texts, prf  # noqa: E402

from nlp.ner import annotate, load_pipeline, to_entities  # noqa: E402
from nlp.ner.forms import with_forms  # noqa: E402
from nlp.ner.guards import PersonGuard  # noqa: E402

STEPS = ("edges", "places", "trailing_place", "legal_form")


def main(split: str = "testb") -> None:
    docs = conll_texts(split)
    nlp = load_pipeline()
    raw = [to_entities(doc) for doc in annotate(nlp, [d.text for d in docs])]
    golds = [d.gold for d in docs]
    off = PersonGuard(edges=False, places=False, trailing_place=False, legal_form=False)
    variants = [("none", off, False), ("all guards + forms", PersonGuard(), True)]
    variants += [(f"only {s}", replace(off, **{s: True}), False) for s in STEPS]
    variants += [("only forms", off, True)]
    print("| variant | PERSOON F1 | ORG F1 | LOC F1 | micro F1 |\n|---|---:|---:|---:|---:|")
    for name, guard, forms in variants:
        preds = []
        for d, ents in zip(docs, raw, strict=True):
            kept = guard(d.text, ents)
            kept = with_forms(d.text, kept) if forms else kept
            preds.append(frozenset((e.start, e.end, e.label) for e in kept))
        s = prf(golds, preds)
        f = {k: v["f"] for k, v in s.items()}
        print(
            f"| {name} | {f['PERSOON']:.4f} | {f['ORGANISATIE']:.4f} "
            f"| {f['LOCATIE']:.4f} | {f['micro']:.4f} |"
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
