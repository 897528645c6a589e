"""The reporter's own details: never evidence that two items are about one case.

Whoever reports many tips (an official who signs them, a web form's address, a
neighbour who writes twice about different people) puts the same name, address, phone
number or e-mail address in each. Those say who reported, not whom the tip is about, so
neither duplicate signals nor phenomena count them: an entity inside the part of the
text the reporter mask covers (the reporter's known names and contact details, the
signature block, contact lines, first-person contact phrases) is left out, and so is
one on the sender and addressee lines of a forwarded or quoted mail ("Van:", "To:"):
the first reporter and the office or web form that received it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from contract.records import Entity
from review.reporter import ReporterMask

_CORRESPONDENT_LINE = re.compile(
    r"^[ \t>*]*(?:van|from|aan|to|cc|bcc|reply-to|beantwoorden aan)[ \t]*:(?P<value>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)


def reporter_spans(text: str, identities: Iterable[str | None]) -> list[tuple[int, int]]:
    """The (start, end) of the reporter's parts of `text`; `identities` are the reporter's
    known values (sender header, form name and contact)."""
    spans = ReporterMask.from_identities(identities).spans(text)
    return spans + [m.span("value") for m in _CORRESPONDENT_LINE.finditer(text)]


def inside(entity: Entity, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether `entity` overlaps any of `spans`."""
    return any(s < entity.end and entity.start < t for s, t in spans)


def without_reporter(
    entities: Sequence[Entity], text: str, identities: Iterable[str | None]
) -> tuple[Entity, ...]:
    """`entities` of `text` except those inside the reporter's parts of it."""
    spans = reporter_spans(text, identities)
    return tuple(e for e in entities if not inside(e, spans))
