"""Overlap resolution: every character belongs to at most one entity.

Candidates are taken greedily in this order, each kept only if it overlaps
nothing kept before:
1. validated before unvalidated: a checksum, library or exact-format match
   (IBAN, BSN, phone, date, ...) beats a pattern guess (ADRES, NATIONALITEIT)
   and beats spans from a statistical NER, so a sloppy NER span cannot swallow
   a V-nummer;
2. longer before shorter: an IBAN beats the BSN-shaped digits inside it, a
   V-nummer the date-shaped digits inside it, an ADRES the LOCATIE inside it;
3. higher score: a number after its own cue word beats the same digits read
   as something else ("vreemdelingennummer 0612345678" is no phone);
4. label priority, then position, so the result is deterministic.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from nlp.recognizers.base import Candidate

PRIORITY: tuple[str, ...] = (
    "IBAN", "EMAIL", "V_NUMMER", "BSN", "KVK", "DOCUMENTNUMMER", "TELEFOON",
    "GEBOORTEDATUM", "DATUM", "KENTEKEN", "POSTCODE", "ADRES", "NATIONALITEIT",
    "PERSOON", "ORGANISATIE", "LOCATIE",
)  # fmt: skip
_RANK = {label: i for i, label in enumerate(PRIORITY)}


def _order(c: Candidate) -> tuple:
    return (not c.validated, -c.length, -c.score, _RANK.get(c.label, len(PRIORITY)), c.start)


def resolve(candidates: Iterable[Candidate], threshold: float = 0.5) -> list[Candidate]:
    """The non-overlapping winners at or above `threshold`, sorted by start."""
    starts: list[int] = []  # kept spans, sorted and disjoint
    kept: list[Candidate] = []
    for c in sorted((c for c in candidates if c.score >= threshold), key=_order):
        i = bisect_left(starts, c.start)
        if i > 0 and kept[i - 1].end > c.start:
            continue
        if i < len(kept) and kept[i].start < c.end:
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept
