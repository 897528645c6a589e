"""The analysis path for one document: nlp -> classifiers -> linking -> routing.

Built once (loading the models takes a moment) and reused for every item, by the
CLI and by the daemon's workers alike. `analyse_many` runs the statistical steps
over a whole batch at once; the daemon may swap `classifier` for a newly promoted
model at any moment, and each batch uses the one it started with.

Entities, signal types and dossier links come from at most the first
MAX_ANALYSED_CHARS characters of a text (cut at a natural boundary, nlp.pieces):
the entity stage reads about 10,000 words a second, so a 30 MB body would hold a
worker for many minutes, and dossier links take ~100 MB per million characters of
entity-dense text. The text is kept as it came (from the sandbox only its first
contract.limits.MAX_TEXT_CHARS characters, with `Document.whole_length`); a line in it
where the analysis stopped tells the reviewer (and `ikp analyse --json`) how much of
the whole text was analysed, as ingest does for an attachment it could not read.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from classifiers import SignalClassifier
from contract.records import Analysis, Document
from linking import DossierIndex, link_bands
from nlp import EntityExtractor, normalise_ocr_text
from nlp.pieces import cut_before
from routing import RoutingRules, load_rules, route

log = logging.getLogger(__name__)

MAX_ANALYSED_CHARS = 2_000_000  # ~200k words: about a minute of entity stage on one core


class Analyzer:
    def __init__(
        self,
        entities: EntityExtractor,
        classifier: SignalClassifier,
        rules: RoutingRules,
        *,
        max_chars: int = MAX_ANALYSED_CHARS,
    ) -> None:
        self.entities = entities
        self.classifier = classifier
        self.rules = rules
        self.max_chars = max_chars

    @classmethod
    def load(
        cls,
        model_dir: Path,
        rules_file: Path | None = None,
        *,
        classifier: SignalClassifier | None = None,
    ) -> Analyzer:
        """`classifier`: the one in `model_dir`, when already loaded (ikp.model_child)."""
        from nlp.ner import load_source

        entities = EntityExtractor()
        # Names, organisations and places from the trained NER; validated identifiers win overlaps.
        entities.add_source(load_source())
        classifier = classifier or SignalClassifier.load(model_dir)
        return cls(entities, classifier, load_rules(rules_file))

    @property
    def model_version(self) -> str:
        return self.classifier.version

    def analyse(
        self,
        document: Document,
        *,
        received: datetime,
        index: DossierIndex,
        rejected: Collection[str] = (),
    ) -> Analysis:
        """Everything the pipeline proposes for one document; stores nothing."""
        [analysis] = self.analyse_many(
            [document], received=[received], index=index, rejected=[rejected]
        )
        return analysis

    def analyse_many(
        self,
        documents: Sequence[Document],
        *,
        received: Sequence[datetime],
        index: DossierIndex,
        rejected: Sequence[Collection[str]] | None = None,
    ) -> list[Analysis]:
        """`analyse` for each document, in order; entities and types found batch-wise.
        `rejected`: per document, the dossier ids reviewers rejected for it (an item
        analysed again): never proposed again, so never routed on."""
        if len(documents) != len(received):
            raise ValueError(f"{len(documents)} documents but {len(received)} received times")
        rejected = rejected or [()] * len(documents)
        if len(rejected) != len(documents):
            raise ValueError(f"{len(documents)} documents but {len(rejected)} rejected sets")
        classifier = self.classifier  # read once: a reload meanwhile does not mix two models
        documents = [_normalised(d) for d in documents]
        texts = [d.text[: analysed_length(d.text, self.max_chars)] for d in documents]
        entity_lists = list(self.entities.pipe(texts))
        classifications = classifier.predict_many(texts)
        analyses = []
        for document, text, moment, found, classification, no in zip(
            documents, texts, received, entity_lists, classifications, rejected, strict=True
        ):
            entities = tuple(found)
            links, possible = link_bands(text, entities, index, received=moment.date(), rejected=no)
            if len(text) < whole_length(document):
                document = _marked(document, len(text))
            analyses.append(
                Analysis(
                    document=document,
                    entities=entities,
                    classification=classification,
                    dossier_links=tuple(links),
                    routing=route(classification, links, moment, rules=self.rules),
                    received=moment,
                    possible_links=tuple(possible),
                )
            )
        return analyses


def analysed_length(text: str, max_chars: int = MAX_ANALYSED_CHARS) -> int:
    """How much of `text` is analysed: all of it, or up to a natural boundary (a blank
    line, a line end, a sentence end, whitespace) in the last tenth before `max_chars`."""
    if len(text) <= max_chars:
        return len(text)
    return cut_before(text, max_chars, max_chars - max_chars // 10)


def whole_length(document: Document) -> int:
    """Characters of the document's whole text, also when ingest passed on only its start."""
    return document.whole_length or len(document.text)


def cut_marker(analysed: int, total: int) -> str:
    """The line put into a text where the analysis stopped (Dutch, for the reviewer)."""
    first, of = (f"{n:,}".replace(",", ".") for n in (analysed, total))
    return (
        f"\n\n--- tekst hierna niet geanalyseerd: entiteiten, signaaltypen en dossierkoppelingen "
        f"komen uit de eerste {first} van de {of} tekens ---\n\n"
    )


def _marked(document: Document, analysed: int) -> Document:
    """`document` with the cut marker at `analysed`: offsets before it stay as they are."""
    total = whole_length(document)
    log.warning(
        "%s: only the first %d of %d characters analysed", document.source_ref, analysed, total
    )
    text = document.text[:analysed] + cut_marker(analysed, total) + document.text[analysed:]
    return replace(document, text=text)


def _normalised(document: Document) -> Document:
    text = normalise_ocr_text(document.text)
    return document if text == document.text else replace(document, text=text)


def analysis_json(file: str, analysis: Analysis) -> dict[str, object]:
    """The contract's `ikp analyse --json` object."""
    cls = analysis.classification
    routing = analysis.routing
    return {
        "file": file,
        "source": analysis.document.source,
        "text": analysis.document.text,
        "signal_types": [
            {"code": s.code, "score": round(s.score, 4), "why": list(s.why)}
            for s in cls.signal_types
        ],
        "uncertain": cls.uncertain,
        "entities": [
            {"label": e.label, "text": e.text, "value": e.value, "start": e.start, "end": e.end}
            for e in analysis.entities
        ],
        "dossier_links": [
            {
                "dossier_id": link.dossier_id,
                "score": round(link.score, 4),
                "evidence": list(link.evidence),
            }
            for link in analysis.dossier_links
        ],
        "routing": {
            "primary": routing.primary,
            "inform": list(routing.inform),
            "priority": routing.priority,
            "due": routing.due.isoformat(),
        },
        "model_version": cls.model_version,
    }
