"""What the acceptance tests ask of an extracted text."""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"\w+")

# Markup of Office Open XML and OpenDocument members: text read as a zip of XML.
OFFICE_MARKUP = (
    "<?xml", "xmlns:", "<w:", "</w:", "<a:t>", "<a:p>", "<p:sp", "<c r=", "<si>",
    "<sheetData", "<office:", "<text:p", "<table:",
)  # fmt: skip


def word_coverage(expected: str, text: str) -> float:
    """The share of the expected text's words (counted with repeats, case-blind) in `text`."""
    want = Counter(_WORD.findall(expected.lower()))
    have = Counter(_WORD.findall(text.lower()))
    return sum((want & have).values()) / max(sum(want.values()), 1)


def markup_in(text: str, markers: tuple[str, ...] = OFFICE_MARKUP) -> list[str]:
    return [marker for marker in markers if marker in text]
