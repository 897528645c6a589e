"""Training and test data for the NER: CoNLL-2002 Dutch and our own domain annotations.

CoNLL-2002 (../shared/corpora/conll2002_nl, Latin-1, "token POS IOB2") is read in
place, never copied. PER/ORG/LOC map to the contract's labels; MISC becomes "O":
the contract has no MISC, and MISC holds nationality adjectives, events and titles
("Nederlandse", "Tour de France") that must NOT come out as persons or places, so
the model should learn them as negatives rather than guess one of our three labels.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

REPO = Path(__file__).resolve().parents[2]
CONLL_DIR = REPO.parent / "shared" / "corpora" / "conll2002_nl"
DOMAIN_SOURCE = REPO / "training_data" / "ner" / "domain_source.txt"
DOMAIN_EXTRA = REPO / "training_data" / "ner" / "domain_extra.txt"  # train only, no test lines
LABELS = ("PERSOON", "ORGANISATIE", "LOCATIE")
CONLL_MAP = {"PER": "PERSOON", "ORG": "ORGANISATIE", "LOC": "LOCATIE"}  # MISC -> O
_MARK = re.compile(r"\[\[(PERSOON|ORGANISATIE|LOCATIE)\|([^\]|]+)\]\]")
# The C0/C1 control characters ingest/cleanup.py drops before any NLP. CoNLL writes some
# accented letters as one ("Belgi\x81EN"); `ikp analyse` then shows the NER "BelgiEN".
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def conll_path(split: str) -> Path:
    """`split` is 'train', 'testa' or 'testb'; fails clearly when the corpus is absent."""
    path = CONLL_DIR / f"ned.{split}"
    if not path.exists():
        raise FileNotFoundError(f"CoNLL-2002 Dutch not found at {path} (see ../shared/corpora)")
    return path


def read_conll(nlp: Language, split: str, as_ingested: bool = False) -> Iterator[Doc]:
    """One Doc per sentence, gold entities with contract labels (MISC dropped).

    `as_ingested` drops the control characters ingest drops (a word left empty goes),
    so the network trains on the words `ikp analyse` will show it.
    """
    rows: list[tuple[str, str]] = []
    for line in [*conll_path(split).read_text(encoding="latin-1").splitlines(), ""]:
        parts = line.split()
        if not parts:
            if rows:
                yield _conll_doc(nlp, rows)
                rows = []
        elif parts[0] != "-DOCSTART-":
            word = _CONTROL.sub("", parts[0]) if as_ingested else parts[0]
            if word:
                rows.append((word, parts[-1]))


def conll_documents(split: str) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """CoNLL documents (split at -DOCSTART-) as plain text and gold character spans.

    The same texts as bench/conll_analyse.py gives `ikp analyse`: one sentence per
    line, tokens joined by single spaces; PER/ORG/LOC mapped, MISC dropped.
    """
    nlp = _blank()
    docs: list[list[list[tuple[str, str]]]] = [[]]
    rows: list[tuple[str, str]] = []
    for line in [*conll_path(split).read_text(encoding="latin-1").splitlines(), ""]:
        parts = line.split()
        if parts and parts[0] != "-DOCSTART-":
            rows.append((parts[0], parts[-1]))
            continue
        if rows:
            docs[-1].append(rows)
            rows = []
        if parts:  # -DOCSTART- starts the next document
            docs.append([])
    return [_doc_text(nlp, sents) for sents in docs if sents]


def _blank() -> Language:
    import spacy

    return spacy.blank("nl")


def _doc_text(nlp: Language, sents: list[list[tuple[str, str]]]) -> tuple[str, set]:
    lines, gold, offset = [], set(), 0
    for rows in sents:
        doc = _conll_doc(nlp, rows)
        line = " ".join(w for w, _ in rows)
        starts, pos = [], offset
        for w, _ in rows:
            starts.append(pos)
            pos += len(w) + 1
        for e in doc.ents:
            end = starts[e.end - 1] + len(rows[e.end - 1][0])
            gold.add((starts[e.start], end, e.label_))
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines) + "\n", gold


def _conll_doc(nlp: Language, rows: list[tuple[str, str]]) -> Doc:
    tags = []
    for _, tag in rows:
        prefix, _, kind = tag.partition("-")
        label = CONLL_MAP.get(kind)
        tags.append(f"{prefix}-{label}" if label else "O")
    # An I- after a dropped or different label starts a new span (IOB2 is strict).
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or tags[i - 1][2:] != tag[2:]):
            tags[i] = "B-" + tag[2:]
    return Doc(nlp.vocab, words=[w for w, _ in rows], ents=tags)


def parse_markup(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """'[[PERSOON|Jan]] belt' -> ('Jan belt', [(0, 3, 'PERSOON')]); '\\n' is a line break."""
    line = line.replace("\\n", "\n")
    text, spans, pos = [], [], 0
    for m in _MARK.finditer(line):
        text.append(line[pos : m.start()])
        start = sum(map(len, text))
        text.append(m.group(2))
        spans.append((start, start + len(m.group(2)), m.group(1)))
        pos = m.end()
    text.append(line[pos:])
    out = "".join(text)
    if "[[" in out or "]]" in out:
        raise ValueError(f"broken markup: {line!r}")
    return out, spans


def example_lines(path: Path) -> list[str]:
    return [
        ln
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]


def domain_examples(split: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Domain examples of `split` ('train' or 'test'): every 4th line is test, frozen.

    'train' also holds every line of domain_extra.txt (written later, never test).
    """
    want_test = split == "test"
    lines = example_lines(DOMAIN_SOURCE)
    out = [parse_markup(ln) for i, ln in enumerate(lines, 1) if (i % 4 == 0) == want_test]
    if not want_test and DOMAIN_EXTRA.exists():
        out += [parse_markup(ln) for ln in example_lines(DOMAIN_EXTRA)]
    return out


def domain_docs(nlp: Language, split: str) -> list[Doc]:
    """Tokenised domain examples with gold spans; a span off token bounds is an error."""
    docs = []
    for text, spans in domain_examples(split):
        doc = nlp.make_doc(text)
        ents: list[Span] = []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label)
            if span is None:
                raise ValueError(f"span {text[start:end]!r} is not on token bounds in {text!r}")
            ents.append(span)
        doc.ents = ents
        docs.append(doc)
    return docs


def data_hashes() -> dict[str, str]:
    """sha256 of every input file, recorded in the model's meta for reproducibility."""
    files = [conll_path(s) for s in ("train", "testa", "testb")] + [DOMAIN_SOURCE]
    files += [DOMAIN_EXTRA] if DOMAIN_EXTRA.exists() else []
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
