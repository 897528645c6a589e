"""The item page's "same case?" panel: each proposed earlier item beside this one, the
evidence they share, and the items a reviewer confirmed as the same case.

Another item's excerpt is masked with that item's own reporter (its sender, phone or desk
reporter, signature), exactly as its own page would mask it for the viewer's role; the
shared evidence with both items' masks. The page audits each shown summary as a view of
that item (`Panel.shown`), after its read-only transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from review.reporter import ReporterMask
from store.models import Item, Suggestion
from store.pairs import SAME, verdicts_of
from store.review import load_item

EXCERPT_CHARS = 280
# An excerpt is read from this much of a text, masked whole before it is cut: a text of
# 24 million characters masked and split whole took 12 s and 300 MB for one page view.
EXCERPT_WINDOW = 20_000
MaskOf = Callable[[Item], ReporterMask | None]


@dataclass(frozen=True)
class Summary:
    id: int
    received: datetime
    source: str
    status: str
    types: tuple[str, ...]
    excerpt: str


@dataclass(frozen=True)
class Pair:
    other: Summary
    score: float | None
    evidence: tuple[str, ...]
    decided_by: str | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class Panel:
    this: Summary
    proposed: tuple[Pair, ...]  # not judged yet, best first
    confirmed: tuple[Pair, ...]  # judged the same case

    def shown(self) -> list[int]:
        """The other items whose summaries the panel shows."""
        return [p.other.id for p in (*self.proposed, *self.confirmed)]


def excerpt(text: str, mask: ReporterMask | None, chars: int = EXCERPT_CHARS) -> str:
    """The start of the text, masked before it is cut (so a mask is never cut in half)."""
    start = text[:EXCERPT_WINDOW]
    shown = " ".join((mask.apply(start) if mask else start).split())
    if len(shown) <= chars:
        return shown
    cut = shown[:chars].rsplit(" ", 1)[0]
    return f"{cut} …"


def summary(item: Item, mask: ReporterMask | None) -> Summary:
    if item.decisions:
        types = tuple(item.decisions[-1].signal_types)
    elif item.suggestions:
        types = tuple(s["code"] for s in item.suggestions[-1].signal_types)
    else:
        types = ()
    return Summary(
        id=item.id,
        received=item.received,
        source=item.channel or item.source,
        status=item.status,
        types=types,
        excerpt=excerpt(item.text or "", mask),
    )


def _masked(lines: Sequence[Any], masks: Sequence[ReporterMask | None]) -> tuple[str, ...]:
    out = []
    for line in lines:
        text = str(line)
        for mask in masks:
            text = mask.apply(text) if mask else text
        out.append(text)
    return tuple(out)


def panel(
    session: Session,
    item: Item,
    suggestion: Suggestion | None,
    mask_of: MaskOf,
) -> Panel:
    """What the panel shows on item `item`'s page (read in the page's session)."""
    verdicts = verdicts_of(session, item.id)
    own_mask = mask_of(item)
    proposed, confirmed = [], []
    for entry in (suggestion.related if suggestion else None) or []:
        other_id = int(entry["item_id"])
        if other_id in verdicts or (other := load_item(session, other_id)) is None:
            continue  # judged (shown below when the same case) or deleted meanwhile
        other_mask = mask_of(other)
        evidence = _masked(entry.get("evidence") or [], (own_mask, other_mask))
        proposed.append(Pair(summary(other, other_mask), entry.get("score"), evidence))
    for other_id, verdict in sorted(verdicts.items()):
        if verdict.verdict != SAME or (other := load_item(session, other_id)) is None:
            continue
        confirmed.append(
            Pair(
                summary(other, mask_of(other)),
                None,
                (),
                verdict.decided_by,
                verdict.decided_at,
            )
        )
    return Panel(summary(item, own_mask), tuple(proposed), tuple(confirmed))


def proposal(suggestion: Suggestion | None, other_id: int) -> dict[str, Any] | None:
    """The newest suggestion's proposal of `other_id` as the same case, if there is one."""
    for entry in (suggestion.related if suggestion else None) or []:
        if int(entry["item_id"]) == other_id:
            return dict(entry)
    return None
