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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

import spacy
from spacy.tokens import Doc

from contract.records import Entity
from contract.vocabulary import ENTITY_LABELS
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
    ) -> None:
        self.nlp = spacy.blank("nl")
        for name in extra_components:
            self.nlp.add_pipe(name)
        self.sources: list[EntitySource] = list(extra_sources)
        self.recognizers: list[Recognizer] = (
            list(recognizers) if recognizers is not None else default_recognizers()
        )
        self.threshold = threshold

    def add_source(self, source: EntitySource) -> None:
        """Merge another entity source (e.g. a trained NER) into every later call."""
        self.sources.append(source)

    def extract(self, text: str) -> list[Entity]:
        """Entities in `text`, sorted by start, not overlapping; offsets index `text`."""
        doc = self.nlp(text) if self.nlp.pipe_names else None
        return self._extract(text, doc, None)

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Entity]]:
        """`extract` for many texts, in order; spaCy components and sources with a
        `pipe` method run on batches of `batch_size` texts."""
        it = iter(texts)
        while batch := list(islice(it, batch_size)):
            if self.nlp.pipe_names:
                docs: list[Doc | None] = list(self.nlp.pipe(batch, batch_size=batch_size))
            else:
                docs = [None] * len(batch)
            found = [self._source_batch(source, batch, batch_size) for source in self.sources]
            for i, text in enumerate(batch):
                yield self._extract(text, docs[i], [f[i] for f in found])

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
        winners = resolve(self.candidates(text, doc, sourced), self.threshold)
        return [
            Entity(c.label, text[c.start : c.end], c.value, c.start, c.end, c.source)
            for c in winners
        ]


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
