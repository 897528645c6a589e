"""Trained spaCy NER for PERSOON / ORGANISATIE / LOCATIE (see README.md here).

`load_source()` gives an `EntitySource` for `nlp.EntityExtractor.add_source`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from contract.records import Entity
from nlp.ner.forms import with_forms
from nlp.ner.guards import PersonGuard
from nlp.pieces import Piece, split

MODEL_DIR = Path(__file__).resolve().parent / "model"
LABELS = ("PERSOON", "ORGANISATIE", "LOCATIE")


@lru_cache(maxsize=4)
def load_pipeline(path: Path = MODEL_DIR):  # -> spacy.language.Language
    """The shipped pipeline, loaded once per process (offline; needs `deduce` installed)."""
    import spacy
    from thinc.api import use_ops

    from nlp.ner import arch, gazetteer, rules  # noqa: F401  (register our spaCy factories)

    if not (path / "meta.json").exists():
        raise FileNotFoundError(f"no NER model at {path}: run `python -m nlp.ner.train`")
    # thinc's default CPU matrix product is BLIS; on this machine's CPUs numpy's
    # OpenBLAS is 2.5x faster at the encoder's sizes (bench/ner_bench.py).
    with use_ops("numpy", use_blis=False):
        return spacy.load(path)


DOC_LEVEL = "ikp_doc_consistency"
# The network is shown one line at a time; a longer line is tagged in windows of at most
# this many characters that overlap by LINE_MARGIN (nlp.pieces), so a name across a cut is
# tagged as in the whole line. Memory grows with what the network sees at once, not with
# the text: the whole text is only tokenised, for the document-level step.
MAX_LINE = 10_000
LINE_MARGIN = 250
# A batch's Docs live together (~180 bytes a token): a batch ends early at this many characters.
BATCH_CHARS = 1_000_000
# Lines go through the network in batches of at most this many characters: its working
# memory grows with the batch (256 lines of a 1.1 MB mail took 430 MB at once, 32 lines 30).
LINE_BATCH_CHARS = 20_000


def annotate(nlp, texts: Iterable[str], batch_size: int = 64) -> Iterator:  # -> Doc
    """One Doc with entities per text: the network runs line by line, then DOC_LEVEL on all.

    The CNN was trained on single sentences and letter lines, so each line is
    tagged on its own (on CoNLL testa, with our domain lines in training, this
    scored 0.738 against 0.722 for whole documents); the document-level component
    then sees every line's entities together. Texts of any length: a line over
    MAX_LINE characters is tagged in overlapping windows, and the whole text is
    tokenised without spaCy's `max_length` check, which guards the memory of
    networks shown the whole text at once (ours never is).
    """
    line_pipes = [name for name in nlp.pipe_names if name != DOC_LEVEL]
    doc_level = nlp.get_pipe(DOC_LEVEL) if DOC_LEVEL in nlp.pipe_names else None
    batch: list[str] = []
    chars = 0
    for text in texts:
        batch.append(text)
        chars += len(text)
        if len(batch) >= batch_size or chars >= BATCH_CHARS:
            yield from _annotate_batch(nlp, batch, line_pipes, doc_level)
            batch, chars = [], 0
    if batch:
        yield from _annotate_batch(nlp, batch, line_pipes, doc_level)


def _annotate_batch(nlp, texts: list[str], line_pipes: list[str], doc_level) -> Iterator:
    lines: list[tuple[int, Piece, str]] = []  # text index, window in the text, its text
    for i, text in enumerate(texts):
        lines.extend((i, piece, text[piece.start : piece.end]) for piece in line_windows(text))
    docs = [nlp.tokenizer(text) for text in texts]
    ents: list[list] = [[] for _ in texts]
    with nlp.select_pipes(enable=line_pipes):
        for chunk in _line_batches(lines):
            tagged = nlp.pipe((line for _, _, line in chunk), batch_size=len(chunk))
            for (i, piece, _), line_doc in zip(chunk, tagged, strict=True):
                for e in line_doc.ents:
                    start, end = piece.start + e.start_char, piece.start + e.end_char
                    if not piece.owns(start):  # a long line's window: its neighbour's part
                        continue
                    span = docs[i].char_span(start, end, e.label_)
                    if span is not None:  # the whole-text tokens agree inside a line
                        ents[i].append(span)
    for doc, found in zip(docs, ents, strict=True):
        doc.ents = _disjoint(found)
        yield doc_level(doc) if doc_level is not None else doc


def _line_batches(
    lines: list[tuple[int, Piece, str]], limit: int = LINE_BATCH_CHARS
) -> Iterator[list[tuple[int, Piece, str]]]:
    """`lines` in consecutive batches of at most `limit` characters (a longer line alone)."""
    batch: list[tuple[int, Piece, str]] = []
    chars = 0
    for line in lines:
        if batch and chars + len(line[2]) > limit:
            yield batch
            batch, chars = [], 0
        batch.append(line)
        chars += len(line[2])
    if batch:
        yield batch


def line_windows(text: str) -> Iterator[Piece]:
    """Every line with a word in it, as a Piece of `text`; lines over MAX_LINE characters
    as overlapping windows (nlp.pieces.split) that own disjoint stretches of the line."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            for p in split(line, MAX_LINE, LINE_MARGIN):
                if line[p.start : p.end].strip():
                    yield Piece(
                        offset + p.start, offset + p.end, offset + p.own_start, offset + p.own_end
                    )
        offset += len(line) + 1


def _disjoint(spans: list) -> list:
    """Spans by start, without those that overlap an earlier one: a span found by one window
    of a long line may run into the next window's stretch, where that window found another."""
    out: list = []
    for span in sorted(spans, key=lambda s: s.start):
        if not out or span.start >= out[-1].end:
            out.append(span)
    return out


class NerSource:
    """Callable `text -> list[Entity]` over the trained pipeline; value = text as written.

    Takes texts of any length whole (`whole_texts`): `EntityExtractor` then does not cut
    them into pieces, so the document-level step sees the whole document."""

    whole_texts = True

    def __init__(self, path: Path = MODEL_DIR, guard: PersonGuard | None = None) -> None:
        self.nlp = load_pipeline(path)
        self.guard = PersonGuard() if guard is None else guard

    def __call__(self, text: str) -> list[Entity]:
        return self._entities(next(annotate(self.nlp, [text])))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterable[list[Entity]]:
        for doc in annotate(self.nlp, texts, batch_size=batch_size):
            yield self._entities(doc)

    def _entities(self, doc) -> list[Entity]:
        """The model's entities, guarded (nlp.ner.guards), plus rule-found persons."""
        return with_forms(doc.text, self.guard(doc.text, to_entities(doc)))


def to_entities(doc) -> list[Entity]:  # doc: spacy.tokens.Doc
    """spaCy ents of our three labels -> Entities with offsets into doc.text."""
    return [
        Entity(e.label_, e.text, e.text, e.start_char, e.end_char, "ner")
        for e in doc.ents
        if e.label_ in LABELS
    ]


def load_source(path: Path = MODEL_DIR, guard: PersonGuard | None = None) -> NerSource:
    """The NER as an `EntitySource` for `EntityExtractor.add_source(load_source())`;
    `guard` (default: every guard on) filters its persons (nlp.ner.guards)."""
    return NerSource(path, guard)
