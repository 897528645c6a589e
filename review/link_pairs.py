"""The item page's dossier pairs: each proposed link, and each possible one (the uncertain
band below the proposals, `linking.link_bands`), as a pair: what the text says beside
what the register row holds, field by field, each field marked as matching, partly
matching or conflicting in words (not colour only), from the link's own evidence.

The text's side is the item's entities of that field, masked with the item's reporter
mask exactly as the page masks the text; the register's side is shown to reviewers only
(the roles that decide links; review.routes.links), and each row shown is audited as
`dossier.viewed` by the page. Nationality is never shown: it is never evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from contract.records import DossierRecord
from linking.keys import stated_years
from review.reporter import ReporterMask
from store.link_verdicts import ACCEPT, Judged, link_verdicts_of, register_rows
from store.models import Item, Suggestion

MATCH, PARTIAL, CONFLICT, UNCOMPARED = "match", "partial", "conflict", "none"
# What each mark says in words, so that it does not rest on colour.
MARK_TEXT = {
    MATCH: "✓ komt overeen",
    PARTIAL: "≈ komt deels overeen",
    CONFLICT: "✗ strijdig",
    UNCOMPARED: "– niet vergeleken",
}
# Evidence that only partly ties the text to the row: a near spelling, a sound-alike, one
# word of a longer surname, a street without the number, a year without the day.
_PARTIAL_KINDS = {"fuzzy", "fonetisch", "deel", "los"}
_PARTIAL_NAMES = {"straat exact", "geboortejaar exact", "voorletter exact"}
_SHOWN_VALUES = 5  # of one label in the text
# Not an entity label: the birth years a text's ages and "geboren in" state, as the
# linker reads them (linking.keys.stated_years), so that "35 jaar" shows beside a date.
BIRTH_YEARS = "geboortejaar"
# Ages are read where the analysis read them: it stops at 2,000,000 characters
# (ikp.pipeline). Reading 1.7 million took 0.35 s (BENCHMARKS.md, pairwise review).
AGE_WINDOW = 2_000_000


@dataclass(frozen=True)
class Field:
    """One line of the comparison: a register column, the entity labels that state it
    in a text, and the evidence names (first word(s)) that compare it."""

    title: str
    columns: tuple[str, ...]
    labels: tuple[str, ...]
    evidence: tuple[str, ...]


_CONTACT = (
    Field("Adres", ("adres",), ("ADRES",), ("adres", "straat")),
    Field("Postcode", ("postcode",), ("POSTCODE",), ("POSTCODE",)),
    Field("Woonplaats", ("woonplaats",), ("LOCATIE",), ("woonplaats",)),
    Field("Telefoon", ("telefoon",), ("TELEFOON",), ("TELEFOON",)),
    Field("E-mail", ("email",), ("EMAIL",), ("EMAIL",)),
)
FIELDS: dict[str, tuple[Field, ...]] = {
    "persoon": (
        Field(
            "Naam",
            ("voornamen", "achternaam"),
            ("PERSOON",),
            ("achternaam", "voornaam", "voorletter"),
        ),
        Field(
            "Geboortedatum",
            ("geboortedatum",),
            ("GEBOORTEDATUM", BIRTH_YEARS),
            ("GEBOORTEDATUM", "geboortejaar"),
        ),
        Field("V-nummer", ("v_nummer",), ("V_NUMMER",), ("V_NUMMER",)),
        Field("BSN", ("bsn",), ("BSN",), ("BSN",)),
        *_CONTACT,
    ),
    "organisatie": (
        Field("Naam", ("naam",), ("ORGANISATIE",), ("naam organisatie",)),
        Field("KvK-nummer", ("kvk",), ("KVK",), ("KVK",)),
        *_CONTACT,
    ),
}


@dataclass(frozen=True)
class Line:
    title: str
    text: str  # what the text states, masked; "" when it states nothing of this
    register: str
    mark: str  # MATCH, PARTIAL, CONFLICT or UNCOMPARED
    evidence: tuple[str, ...]

    @property
    def mark_text(self) -> str:
        return MARK_TEXT[self.mark]


@dataclass(frozen=True)
class LinkPair:
    dossier_id: str
    soort: str
    score: float | None
    evidence: tuple[str, ...]
    lines: tuple[Line, ...]
    judged: Judged | None = None
    possible: bool = False  # in the uncertain band below the proposals


@dataclass(frozen=True)
class LinkPanel:
    open: tuple[LinkPair, ...]  # proposed or possible and not judged yet, best first
    judged: tuple[LinkPair, ...]  # judged, in the order of the proposals, then by id

    def shown(self) -> list[str]:
        """The dossier ids whose register rows the panel shows."""
        return [p.dossier_id for p in (*self.open, *self.judged)]

    def verdicts(self) -> dict[str, str]:
        return {p.dossier_id: p.judged.verdict for p in self.judged if p.judged}

    def accepted_possible(self) -> list[str]:
        """Possible dossiers a reviewer accepted: not among the confirm form's proposals,
        so the form's "Ander dossier" field starts with them."""
        return [
            p.dossier_id
            for p in self.judged
            if p.possible and p.judged and p.judged.verdict == ACCEPT
        ]


def mark_of(evidence_name: str) -> str:
    """How one evidence name ("achternaam fuzzy 0.92", "BSN anders") marks its field."""
    words = evidence_name.split()
    if "anders" in words:
        return CONFLICT
    if evidence_name in _PARTIAL_NAMES or _PARTIAL_KINDS & set(words):
        return PARTIAL
    return MATCH


def _belongs(evidence_name: str, field: Field) -> bool:
    return any(evidence_name == e or evidence_name.startswith(e + " ") for e in field.evidence)


def _shown(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def compare(
    record: DossierRecord,
    evidence: Sequence[str],
    stated: Mapping[str, Sequence[str]],
) -> tuple[Line, ...]:
    """The comparison lines of `record` against a text that states `stated` (masked
    values by entity label), marked by the link's `evidence`. A field neither side
    states and no evidence compares is left out."""
    lines = []
    for field in FIELDS.get(record.soort, FIELDS["persoon"]):
        register = " ".join(v for c in field.columns if (v := _shown(getattr(record, c))))
        text = ", ".join(v for label in field.labels for v in stated.get(label, ()))
        mine = tuple(e for e in evidence if _belongs(e, field))
        marks = {mark_of(e) for e in mine}
        # a conflict wins: the reviewer must see it even beside a matching surname
        mark = next((m for m in (CONFLICT, MATCH, PARTIAL) if m in marks), UNCOMPARED)
        if register or text or mine:
            lines.append(Line(field.title, text, register, mark, mine))
    return tuple(lines)


def stated_values(item: Item, mask: ReporterMask | None) -> dict[str, list[str]]:
    """The item's entity texts by label, masked, each value once, in text order; and
    under BIRTH_YEARS the years its ages state (none when a date of birth is given)."""
    out: dict[str, list[str]] = {}
    if not any(e.label == "GEBOORTEDATUM" for e in item.entities):
        years = sorted(stated_years((item.text or "")[:AGE_WINDOW], (), item.received.date()))
        if years:
            out[BIRTH_YEARS] = [f"geboren in {' of '.join(years[:_SHOWN_VALUES])}"]
    for entity in sorted(item.entities, key=lambda e: e.start):
        text = " ".join(entity.text.split())
        shown = mask.apply(text) if mask else text
        values = out.setdefault(entity.label, [])
        if shown not in values and len(values) < _SHOWN_VALUES:
            values.append(shown)
    return out


def _masked(lines: Iterable[Any], mask: ReporterMask | None) -> tuple[str, ...]:
    return tuple(mask.apply(str(x)) if mask else str(x) for x in lines)


def _entries(suggestion: Suggestion | None) -> list[tuple[dict[str, Any], bool]]:
    """The newest suggestion's proposed and then possible links, each with `possible`."""
    if suggestion is None:
        return []
    proposed = [(dict(e), False) for e in suggestion.dossier_links or []]
    return proposed + [(dict(e), True) for e in suggestion.possible_links or []]


def proposal(suggestion: Suggestion | None, dossier_id: str) -> dict[str, Any] | None:
    """The newest suggestion's proposed or possible link to `dossier_id`, if there is one."""
    for entry, _ in _entries(suggestion):
        if str(entry["dossier_id"]) == dossier_id:
            return entry
    return None


def link_panel(
    session: Session, item: Item, suggestion: Suggestion | None, mask: ReporterMask | None
) -> LinkPanel:
    """The dossier pairs of item `item`'s page (read in the page's session)."""
    entries = _entries(suggestion)
    judged = link_verdicts_of(session, item.id)
    order = list(dict.fromkeys(str(e["dossier_id"]) for e, _ in entries))
    order += sorted(d for d in judged if d not in order)
    rows = register_rows(session, order)
    by_id: dict[str, tuple[dict[str, Any], bool]] = {}
    for entry, possible in entries:
        by_id.setdefault(str(entry["dossier_id"]), (entry, possible))
    stated = stated_values(item, mask)
    open_pairs, judged_pairs = [], []
    for dossier_id in order:
        record = rows.get(dossier_id)
        if record is None:
            continue  # left the register since it was proposed
        entry, possible = by_id.get(dossier_id, ({}, False))
        verdict = judged.get(dossier_id)
        # a pair judged on an earlier analysis keeps the evidence it was judged on
        lines = entry.get("evidence") or (verdict.evidence if verdict else ())
        evidence = _masked(lines, mask)
        pair = LinkPair(
            dossier_id,
            record.soort,
            entry.get("score"),
            evidence,
            compare(record, evidence, stated),
            verdict,
            possible,
        )
        (judged_pairs if pair.judged else open_pairs).append(pair)
    return LinkPanel(tuple(open_pairs), tuple(judged_pairs))
