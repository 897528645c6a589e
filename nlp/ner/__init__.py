"""Trained spaCy NER for PERSOON / ORGANISATIE / LOCATIE (see README.md here).

`load_source()` gives an `EntitySource` for `nlp.EntityExtractor.add_source`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ikp.records import Entity

MODEL_DIR = Path(__file__).resolve().parent / "model"
LABELS = ("PERSOON", "ORGANISATIE", "LOCATIE")


@lru_cache(maxsize=4)
def load_pipeline(path: Path = MODEL_DIR):  # -> spacy.language.Language
    """The shipped pipeline, loaded once per process (offline; needs `deduce` installed)."""
    import spacy

    from nlp.ner import gazetteer, rules  # noqa: F401  (register our spaCy factories)

    if not (path / "meta.json").exists():
        raise FileNotFoundError(f"no NER model at {path}: run `python -m nlp.ner.train`")
    return spacy.load(path)


class NerSource:
    """Callable `text -> list[Entity]` over the trained pipeline; value = text as written."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        self.nlp = load_pipeline(path)

    def __call__(self, text: str) -> list[Entity]:
        return to_entities(self.nlp(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterable[list[Entity]]:
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield to_entities(doc)


def to_entities(doc) -> list[Entity]:  # doc: spacy.tokens.Doc
    """spaCy ents of our three labels -> Entities with offsets into doc.text."""
    return [
        Entity(e.label_, e.text, e.text, e.start_char, e.end_char, "ner")
        for e in doc.ents
        if e.label_ in LABELS
    ]


def load_source(path: Path = MODEL_DIR) -> NerSource:
    """The NER as an `EntitySource` for `EntityExtractor.add_source(load_source())`."""
    return NerSource(path)
