"""Person guards and forms replayed on the NER's cached output: dev set and CoNLL in seconds.

    PYTHONPATH=. python bench/devset.py --raw /tmp/dev.jsonl
    PYTHONPATH=. python bench/conll_analyse.py --split testb --json /tmp/conll.jsonl
    PYTHONPATH=. python research/person_replay.py --dev /tmp/dev.jsonl --conll /tmp/conll.jsonl

The analysed text of every item is in those files (`ikp analyse --json` writes it). The
network runs once per text (cached in CACHE, keyed by the text and the model's meta); every
replay then applies the guards and person forms to the cached entities and merges them with
the rule recognisers through the real `EntityExtractor`, as `ikp analyse` does. The first
row ("as run") scores the saved output itself; the "current code" row must equal it when the
files come from this checkout (that is the check that the replay is exact). Further rows
switch one guard flag or one person form off (`--ablate`) to show what it adds. Writes only
the cache.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from conll_analyse import conll_texts, score_lines  # noqa: E402
from devset import STRUCTURED, Counts, entity_set  # noqa: E402

from contract.records import Entity  # noqa: E402
from nlp import EntityExtractor  # noqa: E402
from nlp.ner import MODEL_DIR, annotate, load_pipeline, to_entities  # noqa: E402
from nlp.ner.forms import FINDERS, with_forms  # noqa: E402
from nlp.ner.guards import PersonGuard  # noqa: E402

CACHE = Path("/tmp/ikp-person-replay-json")  # JSON: data only, never pickle
Finish = Callable[[str, list[Entity]], list[Entity]]


def finisher(guard: PersonGuard, finders: Sequence[str] = tuple(FINDERS)) -> Finish:
    """What NerSource does after the network: guard, then add the rule-found persons."""
    return lambda text, ents: with_forms(text, guard(text, ents), finders)


def raw_entities(texts: Sequence[str]) -> list[list[Entity]]:
    """The network's entities (before guards and forms) for each text, cached on disk."""
    CACHE.mkdir(parents=True, exist_ok=True)
    model = hashlib.sha256((MODEL_DIR / "meta.json").read_bytes()).hexdigest()[:12]
    keys = [hashlib.sha256((model + t).encode()).hexdigest()[:24] for t in texts]
    missing = [i for i, k in enumerate(keys) if not (CACHE / k).exists()]
    if missing:
        nlp = load_pipeline()
        docs = annotate(nlp, [texts[i] for i in missing])
        for i, doc in zip(missing, docs, strict=True):
            rows = [asdict(e) for e in to_entities(doc)]
            (CACHE / keys[i]).write_text(json.dumps(rows), encoding="utf-8")
    return [[Entity(**row) for row in json.loads((CACHE / k).read_text("utf-8"))] for k in keys]


class _Cached:
    """An entity source that returns the finished cached entities of a known text."""

    whole_texts = True

    def __init__(self, texts: Sequence[str], raw: Sequence[list[Entity]], finish: Finish):
        self.by_text = dict(zip(texts, raw, strict=True))
        self.finish = finish

    def __call__(self, text: str) -> list[Entity]:
        return self.finish(text, list(self.by_text[text]))


def replayed(texts: Sequence[str], raw: Sequence[list[Entity]], finish: Finish) -> list[list]:
    extractor = EntityExtractor()
    extractor.add_source(_Cached(texts, raw, finish))
    return [
        [{"label": e.label, "value": e.value, "start": e.start, "end": e.end} for e in found]
        for found in extractor.pipe(texts)
    ]


def dev_scores(rows: list[dict], entity_lists: Sequence[list[dict]]) -> tuple[Counts, Counts]:
    """PERSOON and structured counts, scored as bench/devset.py scores them."""
    person, structured = Counts(), Counts()
    for row, got in zip(rows, entity_lists, strict=True):
        gold = row["gold"]["entities"]
        person.add(entity_set(got, "PERSOON"), entity_set(gold, "PERSOON"))
        for label in STRUCTURED:
            structured.add(entity_set(got, label), entity_set(gold, label))
    return person, structured


def conll_f1(lines: list[dict], entity_lists: Sequence[list[dict]] | None) -> dict:
    docs = conll_texts("testb")
    if entity_lists is not None:
        lines = [{**x, "entities": e} for x, e in zip(lines, entity_lists, strict=True)]
    return score_lines(docs, lines)


def variants(ablate: bool) -> list[tuple[str, Finish]]:
    out = [("current code", finisher(PersonGuard()))]
    if ablate:
        out.append(("without forms", finisher(PersonGuard(), ())))
        for name in FINDERS:
            out.append(
                (f"without {name}", finisher(PersonGuard(), [f for f in FINDERS if f != name]))
            )
        for f in fields(PersonGuard):
            out.append((f"without {f.name}", finisher(replace(PersonGuard(), **{f.name: False}))))
    return out


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, help="bench/devset.py --raw output")
    ap.add_argument("--conll", type=Path, help="bench/conll_analyse.py --split testb --json output")
    ap.add_argument("--ablate", action="store_true", help="also each guard switched off")
    args = ap.parse_args(argv)
    dev = _read(args.dev) if args.dev else []
    dev_texts = [r["got"]["text"] for r in dev]
    conll = _read(args.conll) if args.conll else []
    conll_texts_ = [x["text"] for x in conll]
    dev_raw, conll_raw = raw_entities(dev_texts), raw_entities(conll_texts_)
    print("| variant | dev P | R | F1 | tp | fp | fn | structured F1 | CoNLL testb micro |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [("as run", [r["got"].get("entities", []) for r in dev], None)]
    for name, finish in variants(args.ablate):
        got_dev = replayed(dev_texts, dev_raw, finish) if dev else []
        got_conll = replayed(conll_texts_, conll_raw, finish) if conll else None
        rows.append((name, got_dev, got_conll))
    for name, got_dev, got_conll in rows:
        person, structured = dev_scores(dev, got_dev)
        micro = conll_f1(conll, got_conll)["micro"]["f"] if conll else float("nan")
        print(
            f"| {name} | {person.precision:.3f} | {person.recall:.3f} | {person.f1:.3f} "
            f"| {person.tp} | {person.fp} | {person.fn} | {structured.f1:.3f} | {micro:.4f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
