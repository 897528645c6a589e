"""CoNLL-2002 Dutch through the real `ikp analyse --json`: exact-span P/R/F1 on plain text.

    .venv/bin/python bench/conll_analyse.py [--split testb] [--chunk 40] [--limit N] [--compare]

Each CoNLL document (split at -DOCSTART-) becomes one UTF-8 text file: tokens
joined by single spaces, one sentence per line; gold PER/ORG/LOC become
PERSOON/ORGANISATIE/LOCATIE character spans, MISC is "no entity". The files go
through the `ikp` console script in chunks (one model load per call), and the
entities of our three labels in its JSON are scored against the gold spans.
`ikp analyse` reports offsets into its normalised text; they are mapped back to
the file's text by a character alignment, so normalisation cannot shift a span.
`--compare` also scores the NER alone on the same raw texts (no rules, no merge),
which separates tokenisation effects (vs. `python -m nlp.ner.evaluate`, which
feeds gold tokens) from what the rule recognisers and the merge do.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's nlp, as run_analyse gives `ikp`

from nlp.ner.evaluate import span_scores  # noqa: E402

CONLL_DIR = REPO.parent / "shared" / "corpora" / "conll2002_nl"
REGISTER = REPO / "demo" / "register.csv"  # any register: linking is not scored here
LABELS = ("PERSOON", "ORGANISATIE", "LOCATIE")
CONLL_MAP = {"PER": "PERSOON", "ORG": "ORGANISATIE", "LOC": "LOCATIE"}  # MISC -> O
GARBLE = "\x81"

Span3 = tuple[int, int, str]
Sentence = list[tuple[str, str]]  # (token, IOB2 tag)


@dataclass(frozen=True)
class TextDoc:
    name: str
    text: str
    gold: frozenset[Span3]


def read_documents(lines: Iterable[str]) -> list[list[Sentence]]:
    """CoNLL lines ("token POS tag") -> documents of sentences; -DOCSTART- starts a document."""
    docs: list[list[Sentence]] = [[]]
    sentence: Sentence = []
    for line in lines:
        parts = line.split()
        if parts and parts[0] != "-DOCSTART-":
            sentence.append((parts[0], parts[-1]))
            continue
        if sentence:
            docs[-1].append(sentence)
            sentence = []
        if parts:  # -DOCSTART-
            docs.append([])
    if sentence:
        docs[-1].append(sentence)
    return [d for d in docs if d]


def to_text(name: str, doc: Sequence[Sentence]) -> TextDoc:
    """One sentence per line, tokens joined by one space; gold spans as character offsets.

    An I- tag after O or another label starts a new span (strict IOB2, as nlp.ner.data)."""
    lines, gold, offset = [], set(), 0
    for sentence in doc:
        starts, pos = [], offset
        for token, _ in sentence:
            starts.append(pos)
            pos += len(token) + 1
        open_span: list | None = None
        for i, (token, tag) in enumerate(sentence):
            prefix, _, kind = tag.partition("-")
            label = CONLL_MAP.get(kind)
            end = starts[i] + len(token)
            if label and prefix == "I" and open_span and open_span[2] == label:
                open_span[1] = end
                continue
            if open_span:
                gold.add(tuple(open_span))
            open_span = [starts[i], end, label] if label else None
        if open_span:
            gold.add(tuple(open_span))
        line = " ".join(token for token, _ in sentence)
        lines.append(line)
        offset += len(line) + 1
    return TextDoc(name, "\n".join(lines) + "\n", frozenset(gold))


def conll_texts(split: str = "testb", conll_dir: Path = CONLL_DIR) -> list[TextDoc]:
    path = conll_dir / f"ned.{split}"
    if not path.exists():
        raise FileNotFoundError(f"CoNLL-2002 Dutch not found at {path} (see ../shared/corpora)")
    docs = read_documents(path.read_text(encoding="latin-1").splitlines())
    return [to_text(f"{split}-{i:03d}", d) for i, d in enumerate(docs)]


@lru_cache(maxsize=256)  # the alignment is slow, and scoring asks for it several times
def offset_map(original: str, analysed: str) -> tuple[list[int], list[int]]:
    """Start and end offsets in `original` for every offset 0..len(analysed) of `analysed`.

    A span's start skips characters deleted just before it and its end stops before
    characters deleted just after it ("Belgi\x81EN", a trailing newline); a span
    that starts or ends inside a rewritten stretch ("6 - 4" -> "6-4") covers all of it.
    """
    n = len(analysed)
    if original == analysed:
        same = list(range(n + 1))
        return same, same
    starts, ends = [len(original)] * (n + 1), [0] * (n + 1)
    matcher = SequenceMatcher(None, original, analysed, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        for k in range(b0, b1):  # offsets this stretch starts at or contains
            starts[k] = a0 + (k - b0) if op == "equal" else a0
        for k in range(b0 + 1, b1 + 1):  # offsets this stretch ends at or contains
            ends[k] = a0 + (k - b0) if op == "equal" else a1
    return starts, ends


def predicted_spans(doc: TextDoc, line: dict) -> frozenset[Span3]:
    """Entities of our labels from one `ikp analyse --json` line, as offsets into doc.text."""
    starts, ends = offset_map(doc.text, line["text"])
    return frozenset(
        (starts[e["start"]], ends[e["end"]], e["label"])
        for e in line["entities"]
        if e["label"] in LABELS
    )


def prf(gold: Sequence[Iterable[Span3]], pred: Sequence[Iterable[Span3]]) -> dict[str, dict]:
    """Exact-span P/R/F1 per label and micro over LABELS ('micro'), with counts."""
    return span_scores(gold, pred, total="micro")


def write_files(docs: Sequence[TextDoc], folder: Path) -> list[Path]:
    paths = []
    for doc in docs:
        path = folder / f"{doc.name}.txt"
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths


def ikp_command() -> list[str]:
    """The installed `ikp` console script next to this Python, else `python -m ikp.cli`."""
    script = Path(sys.executable).with_name("ikp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ikp.cli"]


def run_analyse(paths: Sequence[Path], chunk: int = 40) -> Iterator[dict]:
    """`ikp analyse --json` over `paths`, `chunk` files per call, one parsed line per file."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    env["OPENBLAS_NUM_THREADS"] = "1"
    # The console script imports the editable install, which may be another checkout
    # (a git worktree shares the venv): put this checkout's code and model first.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    for i in range(0, len(paths), chunk):
        argv = [*ikp_command(), "analyse", "--json", "--dossiers", str(REGISTER)]
        argv += ["--received", "2026-11-23T10:00:00+01:00", *map(str, paths[i : i + chunk])]
        out = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO)
        lines = [json.loads(s) for s in out.stdout.splitlines() if s.strip()]
        if len(lines) != len(paths[i : i + chunk]):
            raise RuntimeError(f"ikp analyse gave {len(lines)} lines: {out.stderr[-2000:]}")
        yield from lines


def garbled(doc: TextDoc, span: Span3) -> bool:
    """The corpus writes some accented letters as a C1 control byte ("Belgi\x81EN");
    ingest drops control characters, so such a word reaches the NER changed."""
    return GARBLE in doc.text[max(0, span[0] - 1) : span[1] + 1]


def score_lines(
    docs: Sequence[TextDoc], lines: Sequence[dict], skip_garbled: bool = False
) -> dict[str, dict]:
    """P/R/F1 of the analyse lines; `skip_garbled` leaves out gold and predicted spans
    on or next to a garbled word, in both."""
    by_name = {Path(line["file"]).stem: line for line in lines}
    for name, line in by_name.items():
        if "error" in line:
            raise RuntimeError(f"{name}: {line['error']}")
    gold = [d.gold for d in docs]
    preds = [predicted_spans(d, by_name[d.name]) for d in docs]
    if skip_garbled:
        gold, preds = _ungarbled(docs, gold), _ungarbled(docs, preds)
    return prf(gold, preds)


def _ungarbled(docs: Sequence[TextDoc], spans: Sequence[frozenset[Span3]]) -> list[frozenset]:
    return [
        frozenset(s for s in ss if not garbled(d, s)) for d, ss in zip(docs, spans, strict=True)
    ]


def lost_to_rules(docs: Sequence[TextDoc], lines: Sequence[dict]) -> Counter:
    """Missed gold spans overlapped by an entity of another label family, by that label."""
    by_name = {Path(line["file"]).stem: line for line in lines}
    lost: Counter = Counter()
    for doc in docs:
        line = by_name[doc.name]
        starts, ends = offset_map(doc.text, line["text"])
        others = sorted(
            (starts[e["start"]], ends[e["end"]], e["label"])
            for e in line["entities"]
            if e["label"] not in LABELS
        )
        pred = predicted_spans(doc, line)
        other_starts = [o[0] for o in others]
        for s, e, lab in doc.gold - pred:
            i = bisect.bisect_left(other_starts, e)
            for os_, oe, olab in others[max(0, i - 3) : i]:
                if os_ < e and s < oe:
                    lost[f"{lab} taken by {olab}"] += 1
                    break
    return lost


def score_ner_alone(docs: Sequence[TextDoc], skip_garbled: bool = False) -> dict[str, dict]:
    """The NER source alone on the same raw texts (no normalisation, rules or merge)."""
    from threadpoolctl import threadpool_limits

    from nlp.ner import load_source

    source = load_source()
    with threadpool_limits(1):
        ents = list(source.pipe([d.text for d in docs]))
    preds = [frozenset((e.start, e.end, e.label) for e in es) for es in ents]
    golds = [d.gold for d in docs]
    if skip_garbled:
        golds, preds = _ungarbled(docs, golds), _ungarbled(docs, preds)
    return prf(golds, preds)


def table(title: str, scores: dict[str, dict]) -> str:
    # F1 to 4 places and the counts: 0.8196 is not 0.82, whatever 3 places say.
    rows = [f"| {title} | P | R | F1 | correct | predicted | gold |", "|---|" + "---:|" * 6]
    for lab, s in scores.items():
        rows.append(
            f"| {lab} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.4f} | {s['tp']} | {s['pred']} "
            f"| {s['gold']} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="testb", choices=("train", "testa", "testb"))
    ap.add_argument("--chunk", type=int, default=40, help="files per `ikp analyse` call")
    ap.add_argument("--limit", type=int, help="first N documents only")
    ap.add_argument("--compare", action="store_true", help="also score the NER alone")
    ap.add_argument("--json", type=Path, help="write every analyse line to this JSONL file")
    args = ap.parse_args(argv)
    docs = conll_texts(args.split)[: args.limit]
    with tempfile.TemporaryDirectory(prefix="conll-analyse-") as tmp:
        lines = list(run_analyse(write_files(docs, Path(tmp)), args.chunk))
    if args.json:
        args.json.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    print(f"{len(docs)} documents, {sum(len(d.text.split()) for d in docs):,} words\n")
    print(table(f"{args.split} via ikp analyse --json", score_lines(docs, lines)))
    n_garbled = sum(garbled(d, s) for d in docs for s in d.gold)
    print()
    title = f"same, without the {n_garbled} gold spans on garbled words"
    print(table(title, score_lines(docs, lines, skip_garbled=True)))
    if args.compare:
        print()
        print(table(f"{args.split} NER alone, raw text", score_ner_alone(docs)))
        print()
        print(table("NER alone, without garbled words", score_ner_alone(docs, True)))
    print("\nmissed gold spans overlapped by another label:")
    for key, n in lost_to_rules(docs, lines).most_common():
        print(f"  {key}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
