"""What each PERSOON guard (nlp.ner.guards) adds on the dev set, from one unguarded run.

    PYTHONPATH=. python bench/devset.py --raw /tmp/unguarded.jsonl   # on a tree without guards
    PYTHONPATH=. python research/person_guard_ablation.py /tmp/unguarded.jsonl

The guards look only inside a span, so they can be replayed on the saved entities:
each is switched on alone and then cumulatively, and PERSOON P/R/F1 are scored the way
bench/devset.py scores them. Reads the dev set's output where it lies; writes nothing.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from devset import Counts, entity_set  # noqa: E402

from contract.records import Entity  # noqa: E402
from nlp.ner.guards import PersonGuard  # noqa: E402

OFF = PersonGuard(edges=False, places=False, trailing_place=False, legal_form=False)
STEPS = ("edges", "places", "trailing_place", "legal_form")


def guarded(got: dict, guard: PersonGuard) -> list[dict]:
    entities = [
        Entity(**{k: e[k] for k in ("label", "text", "value", "start", "end")})
        for e in got.get("entities", [])
    ]
    length = max((e.end for e in entities), default=0)
    text = [" "] * length  # only the spans' own characters are ever read
    for e in entities:
        text[e.start : e.end] = e.text
    kept = guard("".join(text), entities)
    return [{"label": e.label, "value": e.value} for e in kept]


def score(rows: list[dict], guard: PersonGuard) -> Counts:
    c = Counts()
    for r in rows:
        c.add(
            entity_set(guarded(r["got"], guard), "PERSOON"),
            entity_set(r["gold"]["entities"], "PERSOON"),
        )
    return c


def main(raw: str) -> None:
    rows = [json.loads(line) for line in Path(raw).read_text(encoding="utf-8").splitlines()]
    variants = [("none", OFF)]
    variants += [(f"only {s}", replace(OFF, **{s: True})) for s in STEPS]
    for i in range(2, len(STEPS) + 1):
        variants.append(("+".join(STEPS[:i]), replace(OFF, **dict.fromkeys(STEPS[:i], True))))
    print("| guards | P | R | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
    for name, guard in variants:
        c = score(rows, guard)
        print(
            f"| {name} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} "
            f"| {c.tp} | {c.fp} | {c.fn} |"
        )


if __name__ == "__main__":
    main(sys.argv[1])
