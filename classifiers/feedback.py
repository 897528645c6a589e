"""Reviewers' confirmed decisions as training examples, pseudonymised.

Every stored entity span becomes a placeholder like `[V_NUMMER]`; e-mail addresses and
digit runs of 6+ are masked by regex as a safety net for spans the extractor missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from classifiers.corpus import Example
from contract.records import ConfirmedDecision
from contract.vocabulary import codes_problem

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
    decisions: Iterable[ConfirmedDecision], *, exclude_texts: Iterable[str] = ()
) -> list[Example]:
    """One train example per confirmed decision, pseudonymised.

    Items whose text is in `exclude_texts` (the frozen test split) are left out, so a test
    text that came in as mail can never reach training; so are decisions whose codes the
    corpus format would refuse.
    """
    excluded = {_normal(t) for t in exclude_texts}
    out: list[Example] = []
    for d in decisions:
        if not d.text or _normal(d.text) in excluded:
            continue
        if not d.signal_types or codes_problem(d.signal_types) is not None:
            continue
        text = pseudonymise(d.text, list(d.spans))
        out.append(Example(f"fb-{d.item_id}", text, d.signal_types, "train"))
    return out
