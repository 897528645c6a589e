"""The start of a long text, as the extraction sandbox passes it on (contract.limits).

A 30 MB body crossed the sandbox's JSON wire whole, twice (the document's text and
its body part's), and was then held several times in the daemon: with the models
loaded that took the daemon past 1 GB, for a text of which only the first 2,000,000
characters are analysed. The raw mail is stored whole regardless; what is cut here
is only the text passed on, and the document says how long the whole text was.
"""

from __future__ import annotations

from dataclasses import replace

from contract.limits import MAX_TEXT_CHARS
from contract.records import Document, Part


def cut_note(kept: int, whole: int) -> str:
    """The line that ends a cut text (Dutch, for the reviewer and the receiving team)."""
    first, of = (f"{n:,}".replace(",", ".") for n in (kept, whole))
    return (
        f"\n\n--- tekst hierna niet overgenomen: alleen de eerste {first} van de {of} tekens; "
        "de rest staat in het bewaarde origineel ---\n"
    )


def cap_text(document: Document, limit: int = MAX_TEXT_CHARS) -> Document:
    """`document` with at most `limit` characters of text, and of its parts' texts together.

    The text is cut at a line end (else a space) in the last tenth before the limit
    and ends with `cut_note`; `whole_length` records the whole length. The parts
    keep their texts in order until `limit` characters are used up: the document's
    text holds them all, and after the sandbox only a body's first part is read.
    """
    whole = len(document.text)
    parts = _capped_parts(document.parts, limit)
    if whole <= limit:
        return document if parts is document.parts else replace(document, parts=parts)
    room = limit - len(cut_note(whole, whole))  # the longest note this text can get
    kept = _boundary(document.text, room)
    text = document.text[:kept] + cut_note(kept, whole)
    return replace(document, text=text, parts=parts, whole_length=whole)


def _boundary(text: str, end: int) -> int:
    """Where to cut `text` at or before `end`: after a line end, else a space, else at `end`."""
    start = end - end // 10
    for separator in ("\n", " "):
        found = text.rfind(separator, start, end)
        if found >= 0:
            return found + 1
    return end


def _capped_parts(parts: tuple[Part, ...], limit: int) -> tuple[Part, ...]:
    if sum(len(p.text) for p in parts) <= limit:
        return parts
    capped, left = [], limit
    for part in parts:
        text = part.text[:left]
        left -= len(text)
        capped.append(part if len(text) == len(part.text) else replace(part, text=text))
    return tuple(capped)
