"""EntityExtractor: every recogniser over one text, overlaps resolved, Entities out.

The rule recognisers are regex passes over the whole text (fast: no tokenising
needed). Statistical sources plug in two ways, both merged below validated
identifiers (see nlp.resolve):
- `extra_components`: names of spaCy factories added to our `spacy.blank("nl")`
  pipeline; their `doc.ents` become candidates (PER/ORG/LOC mapped to the
  contract's PERSOON/ORGANISATIE/LOCATIE);
- `extra_sources`: any callable `text -> Iterable[Entity]`, e.g. a trained NER
  loaded from disk by nlp/ner. A source that also has
  `pipe(texts, batch_size) -> Iterable[Iterable[Entity]]` (one result per text, in
  order) is called through it by `EntityExtractor.pipe`: a neural NER runs
  several times faster on batches than text by text.

Long texts (over `piece_chars`, 100,000 characters) are analysed in pieces
(nlp.pieces): the recognisers, the spaCy components and the sources run on
windows that overlap by about a thousand characters; a candidate is kept from
the piece that owns its start, its offsets shifted into the whole text, and the
overlaps are resolved once over the whole text. So an entity across a seam is
found once, as in the whole text. A source whose `whole_texts` attribute is true
(the trained NER: line by line, with one document-level step) is given the whole
text instead and must itself cope with any length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

import spacy
from spacy.tokens import Doc

from contract.records import Entity
from contract.vocabulary import ENTITY_LABELS
from nlp.pieces import MARGIN, PIECE_CHARS, Piece, split
from nlp.recognizers import Candidate, Context, Recognizer, default_recognizers
from nlp.resolve import resolve

EntitySource = Callable[[str], Iterable[Entity]]

# Labels of common NER schemes -> contract labels; anything else is dropped.
SPACY_LABELS: dict[str, str] = {
    "PER": "PERSOON",
    "PERSON": "PERSOON",
    "ORG": "ORGANISATIE",
    "LOC": "LOCATIE",
    "GPE": "LOCATIE",
    **{label: label for label in ENTITY_LABELS},
}
NAME_LABELS = frozenset({"PERSOON", "ORGANISATIE", "LOCATIE"})
EXTRA_SCORE = 0.6  # statistical spans: above the threshold, never "validated"


class EntityExtractor:
    """Build once, reuse: `extract(text)` or `pipe(texts)`; thread-compatible, no state per call."""

    def __init__(
        self,
        *,
        extra_components: Sequence[str] = (),
        extra_sources: Sequence[EntitySource] = (),
        recognizers: Sequence[Recognizer] | None = None,
        threshold: float = 0.5,
        piece_chars: int = PIECE_CHARS,
        margin: int = MARGIN,
    ) -> None:
        self.nlp = spacy.blank("nl")
        self.nlp.max_length = max(self.nlp.max_length, piece_chars)
        for name in extra_components:
            self.nlp.add_pipe(name)
        self.sources: list[EntitySource] = list(extra_sources)
        self.recognizers: list[Recognizer] = (
            list(recognizers) if recognizers is not None else default_recognizers()
        )
        self.threshold = threshold
        self.piece_chars = piece_chars
        self.margin = margin

    def add_source(self, source: EntitySource) -> None:
        """Merge another entity source (e.g. a trained NER) into every later call."""
        self.sources.append(source)

    def extract(self, text: str) -> list[Entity]:
        """Entities in `text`, sorted by start, not overlapping; offsets index `text`."""
        if len(text) > self.piece_chars:
            return next(self.pipe([text], batch_size=1))
        doc = self.nlp(text) if self.nlp.pipe_names else None
        return self._extract(text, doc, None)

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Entity]]:
        """`extract` for many texts, in order; spaCy components and sources with a
        `pipe` method run on batches of `batch_size` texts (pieces of long texts)."""
        it = iter(texts)
        while batch := list(islice(it, batch_size)):
            pieces = [split(text, self.piece_chars, self.margin) for text in batch]
            if all(len(p) == 1 for p in pieces):
                yield from self._pipe_whole(batch, batch_size)
            else:
                yield from self._pipe_pieces(batch, pieces, batch_size)

    def _pipe_whole(self, batch: list[str], batch_size: int) -> Iterator[list[Entity]]:
        """A batch of texts that each fit in one piece."""
        docs = self._docs(batch, batch_size)
        found = [self._source_batch(source, batch, batch_size) for source in self.sources]
        for i, text in enumerate(batch):
            yield self._extract(text, docs[i], [f[i] for f in found])

    def _pipe_pieces(
        self, batch: list[str], pieces: list[list[Piece]], batch_size: int
    ) -> Iterator[list[Entity]]:
        """A batch with long texts: every piece's window is analysed like a text of its own,
        candidates are kept from the piece that owns their start, resolved per text."""
        windows = [(i, p) for i, ps in enumerate(pieces) for p in ps]
        window_texts = [batch[i][p.start : p.end] for i, p in windows]
        docs = self._docs(window_texts, batch_size)
        whole = [bool(getattr(s, "whole_texts", False)) for s in self.sources]
        found = [
            self._source_batch(s, batch if w else window_texts, batch_size)
            for s, w in zip(self.sources, whole, strict=True)
        ]
        candidates: list[list[Candidate]] = [[] for _ in batch]
        for k, (i, piece) in enumerate(windows):
            sourced = [f[k] for f, w in zip(found, whole, strict=True) if not w]
            for c in self.candidates(window_texts[k], docs[k], sourced):
                start = c.start + piece.start
                if piece.owns(start):
                    candidates[i].append(_shifted(c, piece.start))
        for i, text in enumerate(batch):
            for f, w in zip(found, whole, strict=True):
                if w:
                    candidates[i].extend(_from_entities(text, f[i]))
            yield self._entities(text, candidates[i])

    def _docs(self, texts: list[str], batch_size: int) -> list[Doc | None]:
        if self.nlp.pipe_names:
            return list(self.nlp.pipe(texts, batch_size=batch_size))
        return [None] * len(texts)

    def candidates(
        self,
        text: str,
        doc: Doc | None = None,
        sourced: Sequence[Iterable[Entity]] | None = None,
    ) -> list[Candidate]:
        """Every candidate before overlap resolution, with scores: for debugging and tests.

        `sourced` holds each source's entities for `text` when already computed."""
        ctx = Context(text)
        found = [c for r in self.recognizers for c in r.find(text, ctx)]
        if doc is not None:
            found.extend(_from_doc(doc))
        if sourced is None:
            sourced = [source(text) for source in self.sources]
        for entities in sourced:
            found.extend(_from_entities(text, entities))
        return found

    @staticmethod
    def _source_batch(source: EntitySource, batch: list[str], size: int) -> list[list[Entity]]:
        pipe = getattr(source, "pipe", None)
        if pipe is None:
            return [list(source(text)) for text in batch]
        out = [list(entities) for entities in pipe(batch, batch_size=size)]
        if len(out) != len(batch):
            raise ValueError(f"{source!r}.pipe gave {len(out)} results for {len(batch)} texts")
        return out

    def _extract(
        self, text: str, doc: Doc | None, sourced: Sequence[Iterable[Entity]] | None = None
    ) -> list[Entity]:
        return self._entities(text, self.candidates(text, doc, sourced))

    def _entities(self, text: str, candidates: Iterable[Candidate]) -> list[Entity]:
        return [
            Entity(c.label, text[c.start : c.end], c.value, c.start, c.end, c.source)
            for c in resolve(candidates, self.threshold)
        ]


def _shifted(c: Candidate, offset: int) -> Candidate:
    if not offset:
        return c
    return Candidate(
        c.label, c.start + offset, c.end + offset, c.value, c.score, c.validated, c.source
    )


def _from_doc(doc: Doc) -> Iterator[Candidate]:
    for span in doc.ents:
        label = SPACY_LABELS.get(span.label_)
        if label and _plausible(label, span.text):
            source = f"spacy:{span.label_}"
            yield Candidate(
                label, span.start_char, span.end_char, span.text, EXTRA_SCORE, False, source
            )


def _from_entities(text: str, entities: Iterable[Entity]) -> Iterator[Candidate]:
    for e in entities:
        if (
            e.label in ENTITY_LABELS
            and 0 <= e.start < e.end <= len(text)
            and _plausible(e.label, text[e.start : e.end])
        ):
            yield Candidate(e.label, e.start, e.end, e.value, EXTRA_SCORE, False, e.source)


def _plausible(label: str, span: str) -> bool:
    """A name, organisation or place has a letter: a statistical NER reads score lines
    ("7-4", "3 - 1") as places; other labels are judged by their own source."""
    if label in NAME_LABELS:
        return any(c.isalpha() for c in span)
    return bool(span.strip())
