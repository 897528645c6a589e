"""The analysis path for one document: nlp -> classifiers -> linking -> routing.

Built once (loading the models takes a moment) and reused for every item, by the
CLI and by the daemon's workers alike. `analyse_many` runs the statistical steps
over a whole batch at once; the daemon may swap `classifier` for a newly promoted
model at any moment, and each batch uses the one it started with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from classifiers import SignalClassifier
from contract.records import Analysis, Document
from linking import DossierIndex, propose_links
from nlp import EntityExtractor, normalise_ocr_text
from routing import RoutingRules, load_rules, route


class Analyzer:
    def __init__(
        self,
        entities: EntityExtractor,
        classifier: SignalClassifier,
        rules: RoutingRules,
    ) -> None:
        self.entities = entities
        self.classifier = classifier
        self.rules = rules

    @classmethod
    def load(cls, model_dir: Path, rules_file: Path | None = None) -> Analyzer:
        from nlp.ner import load_source

        entities = EntityExtractor()
        # Names, organisations and places from the trained NER; validated identifiers win overlaps.
        entities.add_source(load_source())
        return cls(entities, SignalClassifier.load(model_dir), load_rules(rules_file))

    @property
    def model_version(self) -> str:
        return self.classifier.version

    def analyse(self, document: Document, *, received: datetime, index: DossierIndex) -> Analysis:
        """Everything the pipeline proposes for one document; stores nothing."""
        return self.analyse_many([document], received=[received], index=index)[0]

    def analyse_many(
        self, documents: Sequence[Document], *, received: Sequence[datetime], index: DossierIndex
    ) -> list[Analysis]:
        """`analyse` for each document, in order; entities and types found batch-wise."""
        if len(documents) != len(received):
            raise ValueError(f"{len(documents)} documents but {len(received)} received times")
        classifier = self.classifier  # read once: a reload meanwhile does not mix two models
        documents = [_normalised(d) for d in documents]
        texts = [d.text for d in documents]
        entity_lists = list(self.entities.pipe(texts))
        classifications = classifier.predict_many(texts)
        analyses = []
        for document, moment, found, classification in zip(
            documents, received, entity_lists, classifications, strict=True
        ):
            entities = tuple(found)
            links = tuple(propose_links(document.text, entities, index))
            analyses.append(
                Analysis(
                    document=document,
                    entities=entities,
                    classification=classification,
                    dossier_links=links,
                    routing=route(classification, links, moment, rules=self.rules),
                    received=moment,
                )
            )
        return analyses


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
