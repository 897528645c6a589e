"""Typed records passed between the stages.

ingest -> Document; nlp -> Entity; classifiers -> Classification;
linking -> DossierLink; routing -> Routing. Plain frozen dataclasses so that
every stage can be tested alone and the JSON of the contract is a projection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Part:
    """One piece of an item: a body, an attachment, a nested mail, a page."""

    origin: str  # where it came from, e.g. "body", "attachment:brief.pdf", "attachment:x.zip/y.pdf"
    media_type: str
    filename: str | None = None
    size: int = 0
    text: str = ""
    error: str | None = None  # why its text could not be extracted, if so
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class Document:
    """What ingest makes of one mail or file: text to analyse plus provenance."""

    source: str  # one of contract.SOURCES
    source_ref: str  # Message-ID for mail, file name otherwise
    text: str
    media_type: str
    received: datetime | None = None  # from the mail's headers when known
    subject: str | None = None
    sender: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    parts: tuple[Part, ...] = ()
    # Characters of the whole extracted text when `text` holds only its start
    # (contract.limits.MAX_TEXT_CHARS); None when `text` is all of it.
    whole_length: int | None = None


@dataclass(frozen=True)
class Entity:
    label: str  # one of contract.ENTITY_LABELS
    text: str  # exactly text[start:end] of the analysed text
    value: str  # normalised as the contract says
    start: int
    end: int
    source: str = "rule"  # which recogniser found it


@dataclass(frozen=True)
class SignalScore:
    code: str
    score: float
    why: tuple[str, ...] = ()


@dataclass(frozen=True)
class Classification:
    signal_types: tuple[SignalScore, ...]  # those past their threshold, highest first
    uncertain: bool
    model_version: str
    scores: dict[str, float] = field(default_factory=dict)  # every code's score


@dataclass(frozen=True)
class DossierLink:
    dossier_id: str
    score: float
    evidence: tuple[str, ...]
    soort: str = "persoon"


@dataclass(frozen=True)
class Routing:
    primary: str
    inform: tuple[str, ...]
    priority: str
    due: date
    rules: tuple[str, ...] = ()  # names of the rules that fired, for the reviewer


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline proposes for one document."""

    document: Document
    entities: tuple[Entity, ...]
    classification: Classification
    dossier_links: tuple[DossierLink, ...]
    routing: Routing
    received: datetime
    # The uncertain band below the proposals, for reviewers to judge as pairs; never routed.
    possible_links: tuple[DossierLink, ...] = ()


@dataclass(frozen=True)
class DossierRecord:
    """One row of the dossier register (see the contract's register CSV)."""

    dossier_id: str
    soort: str  # "persoon" or "organisatie"
    v_nummer: str | None = None
    bsn: str | None = None
    voornamen: str | None = None
    achternaam: str | None = None
    geboortedatum: date | None = None
    nationaliteit: str | None = None  # stored for the case system; never used to link or route
    adres: str | None = None
    postcode: str | None = None
    woonplaats: str | None = None
    telefoon: str | None = None
    email: str | None = None
    naam: str | None = None
    kvk: str | None = None


@dataclass(frozen=True)
class ConfirmedDecision:
    """A reviewer's latest decision on an item, with the item's text and entity spans."""

    item_id: int
    text: str
    signal_types: tuple[str, ...]
    spans: tuple[tuple[int, int, str], ...]  # (start, end, label) of the stored entities


@dataclass(frozen=True)
class ItemEntities:
    """An item's entity values in text order, as far as comparing items needs them."""

    item_id: int
    received: datetime
    entities: tuple[tuple[str, str], ...]  # (label, value)
    closed: bool = False  # confirmed or failed: it counts only while it is recent
