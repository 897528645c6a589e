"""Score an EntityExtractor on hand-annotated examples (exact span and label).

    .venv/bin/python -m nlp.evaluate [annotated.jsonl] [--speed]

Examples are dicts `{"id", "text", "entities": [{"label", "start", "end", "value"}]}`
as in training_data/entities/annotated.jsonl.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from nlp.extractor import EntityExtractor

DEFAULT_SET = Path(__file__).resolve().parents[1] / "training_data" / "entities" / "annotated.jsonl"
# What the rule recognisers produce and the annotated set covers.
STRUCTURED_LABELS: tuple[str, ...] = (
    "ADRES", "POSTCODE", "GEBOORTEDATUM", "DATUM", "V_NUMMER", "BSN", "TELEFOON", "EMAIL",
    "IBAN", "KVK", "KENTEKEN", "NATIONALITEIT", "DOCUMENTNUMMER",
)  # fmt: skip

Example = dict[str, Any]


def load_examples(path: Path = DEFAULT_SET) -> list[Example]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": n_gold}


def evaluate_entities(
    extractor: EntityExtractor,
    examples: Sequence[Example],
    labels: Collection[str] = STRUCTURED_LABELS,
) -> dict[str, dict[str, float]]:
    """Per label: precision, recall, F1 and support (gold count), on exact span+label.

    Only `labels` are scored, so entities the set does not annotate (PERSOON from a
    NER) are not counted as false positives. An extra key "ALL" holds the micro average.
    """
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    predictions = extractor.pipe(ex["text"] for ex in examples)
    for ex, found in zip(examples, predictions, strict=True):
        g = {(e["label"], e["start"], e["end"]) for e in ex["entities"] if e["label"] in labels}
        p = {(e.label, e.start, e.end) for e in found if e.label in labels}
        gold.update(label for label, _, _ in g)
        pred.update(label for label, _, _ in p)
        tp.update(label for label, _, _ in g & p)
    scores = {
        label: _prf(tp[label], pred[label], gold[label]) for label in sorted(set(gold) | set(pred))
    }
    scores["ALL"] = _prf(sum(tp.values()), sum(pred.values()), sum(gold.values()))
    return scores


def differences(extractor: EntityExtractor, examples: Iterable[Example]) -> list[str]:
    """Readable list of misses, false alarms and wrong values, for error analysis."""
    out: list[str] = []
    for ex in examples:
        text = ex["text"]
        gold = {(e["label"], e["start"], e["end"]): e["value"] for e in ex["entities"]}
        found = {(e.label, e.start, e.end): e.value for e in extractor.extract(text)}
        for key in sorted(gold.keys() - found.keys(), key=lambda k: k[1]):
            out.append(f"{ex['id']}: missed {key[0]} {text[key[1] : key[2]]!r}")
        for key in sorted(found.keys() - gold.keys(), key=lambda k: k[1]):
            out.append(f"{ex['id']}: false {key[0]} {text[key[1] : key[2]]!r} -> {found[key]!r}")
        for key in sorted(gold.keys() & found.keys(), key=lambda k: k[1]):
            if gold[key] != found[key]:
                out.append(f"{ex['id']}: value {key[0]} {found[key]!r} != {gold[key]!r}")
    return out


def words_per_second(
    extractor: EntityExtractor, texts: Sequence[str], target_chars: int = 1_000_000
) -> tuple[float, int]:
    """(words per CPU second, words) of `extract` over the texts repeated to about
    `target_chars`; CPU time, because the machine is shared."""
    size = sum(len(t) for t in texts)
    batch = list(texts) * max(1, target_chars // max(size, 1))
    words = sum(len(t.split()) for t in batch)
    started = time.process_time()
    for text in batch:
        extractor.extract(text)
    return words / (time.process_time() - started), words


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    examples = load_examples(Path(args[0]) if args else DEFAULT_SET)
    extractor = EntityExtractor()
    print(f"{'label':<15} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for label, s in evaluate_entities(extractor, examples).items():
        print(
            f"{label:<15} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}"
            f" {int(s['support']):4d}"
        )
    for line in differences(extractor, examples):
        print(line)
    if "--speed" in argv:
        wps, words = words_per_second(extractor, [ex["text"] for ex in examples])
        print(f"speed: {wps:,.0f} words/s over {words:,} words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
