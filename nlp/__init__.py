"""Structured-entity stage: rule recognisers for Dutch identifiers, dates, addresses.

Public API: `EntityExtractor` (build once, then `extract(text)` / `pipe(texts)`)
and `normalise_ocr_text` (run before `extract` on OCR output; offsets then index
the normalised text).
"""

from __future__ import annotations

from nlp.extractor import EntityExtractor, EntitySource
from nlp.normalise import normalise_ocr_text

__all__ = ["EntityExtractor", "EntitySource", "normalise_ocr_text"]
