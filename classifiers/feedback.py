"""Reviewers' confirmed decisions as training examples, pseudonymised.

Every stored entity span becomes a placeholder like `[V_NUMMER]`; e-mail addresses and
digit runs of 6+ are masked by regex as a safety net for spans the extractor missed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select

from classifiers.corpus import Example
from contract.vocabulary import codes_problem
from store.models import Decision, Item

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"\d[\d .-]{4,}\d")


def pseudonymise(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace (start, end, label) spans right-to-left so earlier offsets stay valid."""
    for start, end, label in sorted(spans, key=lambda s: s[0], reverse=True):
        if 0 <= start < end <= len(text):
            text = f"{text[:start]}[{label}]{text[end:]}"
    text = _EMAIL.sub("[EMAIL]", text)
    return _DIGITS.sub(
        lambda m: "[NUMMER]" if sum(c.isdigit() for c in m.group()) >= 6 else m.group(), text
    )


def _normal(text: str) -> str:
    return " ".join(text.split())


def confirmed_examples(
    sessions: Callable[[], Any], *, exclude_texts: Iterable[str] = ()
) -> list[Example]:
    """One train example per item with a Decision (the latest one wins).

    Items whose text is in `exclude_texts` (the frozen test split) are left out, so a test
    text that came in as mail can never reach training; so are decisions whose codes the
    corpus format would refuse.
    """
    excluded = {_normal(t) for t in exclude_texts}
    out: list[Example] = []
    with sessions() as session:
        latest: dict[int, Decision] = {}
        for decision in session.scalars(select(Decision).order_by(Decision.decided_at)):
            latest[decision.item_id] = decision
        for item_id, decision in sorted(latest.items()):
            item = session.get(Item, item_id)
            if item is None or not item.text or _normal(item.text) in excluded:
                continue
            codes = tuple(sorted(set(decision.signal_types)))
            if not _valid(codes):
                continue
            spans = [(e.start, e.end, e.label) for e in item.entities]
            out.append(Example(f"fb-{item_id}", pseudonymise(item.text, spans), codes, "train"))
    return out


def _valid(codes: tuple[str, ...]) -> bool:
    return bool(codes) and codes_problem(codes) is None
