"""EntityExtractor: every recogniser over one text, overlaps resolved, Entities out.

The rule recognisers are regex passes over the whole text (fast: no tokenising
needed). Statistical sources plug in two ways, both merged below validated
identifiers (see nlp.resolve):
- `extra_components`: names of spaCy factories added to our `spacy.blank("nl")`
  pipeline; their `doc.ents` become candidates (PER/ORG/LOC mapped to the
  contract's PERSOON/ORGANISATIE/LOCATIE);
- `extra_sources`: any callable `text -> Iterable[Entity]`, e.g. a trained NER
  loaded from disk by nlp/ner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import spacy
from spacy.tokens import Doc

from ikp.contract import ENTITY_LABELS
from ikp.records import Entity
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
        return self._extract(text, doc)

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Entity]]:
        """`extract` for many texts, in order; spaCy components run batched."""
        if self.nlp.pipe_names:
            for doc in self.nlp.pipe(texts, batch_size=batch_size):
                yield self._extract(doc.text, doc)
        else:
            for text in texts:
                yield self._extract(text, None)

    def candidates(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Every candidate before overlap resolution, with scores: for debugging and tests."""
        ctx = Context(text)
        found = [c for r in self.recognizers for c in r.find(text, ctx)]
        if doc is not None:
            found.extend(_from_doc(doc))
        for source in self.sources:
            found.extend(_from_entities(text, source(text)))
        return found

    def _extract(self, text: str, doc: Doc | None) -> list[Entity]:
        winners = resolve(self.candidates(text, doc), self.threshold)
        return [
            Entity(c.label, text[c.start : c.end], c.value, c.start, c.end, c.source)
            for c in winners
        ]


def _from_doc(doc: Doc) -> Iterator[Candidate]:
    for span in doc.ents:
        label = SPACY_LABELS.get(span.label_)
        if label and span.text.strip():
            source = f"spacy:{span.label_}"
            yield Candidate(
                label, span.start_char, span.end_char, span.text, EXTRA_SCORE, False, source
            )


def _from_entities(text: str, entities: Iterable[Entity]) -> Iterator[Candidate]:
    for e in entities:
        if e.label in ENTITY_LABELS and 0 <= e.start < e.end <= len(text):
            yield Candidate(e.label, e.start, e.end, e.value, EXTRA_SCORE, False, e.source)
