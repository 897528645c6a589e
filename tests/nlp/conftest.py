"""Shared fixtures: one extractor for the whole session (it is stateless per call)."""

from __future__ import annotations

import pytest

from nlp import EntityExtractor


@pytest.fixture(scope="session")
def extractor() -> EntityExtractor:
    return EntityExtractor()


@pytest.fixture(scope="session")
def found(extractor: EntityExtractor):
    """found(text, label) -> [(text, value), ...] of that label, in order."""

    def _found(text: str, label: str) -> list[tuple[str, str]]:
        return [(e.text, e.value) for e in extractor.extract(text) if e.label == label]

    return _found
