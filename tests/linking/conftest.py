"""An in-memory DossierIndex (the SQL one lives in store/) and fictional register rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date

import pytest

from contract.records import DossierRecord, Entity
from linking import IDENTIFIER_KINDS, organisation_key, surname_key
from linking.keys import record_keys


class MemoryDossierIndex:
    """Dict-based DossierIndex, faithful to the Protocol's docstrings."""

    def __init__(self, records: Iterable[DossierRecord]) -> None:
        self.records = list(records)
        self.calls: list[tuple[str, object]] = []

    def by_identifier(self, kind: str, value: str) -> Sequence[DossierRecord]:
        if kind not in IDENTIFIER_KINDS:
            raise ValueError(f"unknown identifier kind {kind!r}")
        self.calls.append((kind, value))
        return [r for r in self.records if getattr(r, kind) == value]

    def by_birthdate(self, birthdate: date) -> Sequence[DossierRecord]:
        self.calls.append(("geboortedatum", birthdate))
        return [r for r in self.records if r.soort == "persoon" and r.geboortedatum == birthdate]

    def by_surname(self, surname_key_: str) -> Sequence[DossierRecord]:
        self.calls.append(("achternaam", surname_key_))
        return [
            r
            for r in self.records
            if r.soort == "persoon" and r.achternaam and surname_key(r.achternaam) == surname_key_
        ]

    def by_keys(self, keys: Sequence[str]) -> Sequence[DossierRecord]:
        self.calls.append(("keys", tuple(keys)))
        wanted = set(keys)
        return [r for r in self.records if wanted & set(record_keys(r))]

    def by_organisation_name(self, name_key: str) -> Sequence[DossierRecord]:
        self.calls.append(("naam", name_key))
        return [
            r
            for r in self.records
            if r.soort == "organisatie" and r.naam and organisation_key(r.naam) == name_key
        ]


# Every person, number and company here is invented; BSNs pass the 11-proef.
EL_AMRANI = DossierRecord(
    dossier_id="D-000123",
    soort="persoon",
    v_nummer="1234567890",
    bsn="123456782",
    voornamen="Ahmed Karim",
    achternaam="El Amrani",
    geboortedatum=date(1990, 3, 12),
    nationaliteit="Marokkaanse",
    adres="Kerkstraat 12",
    postcode="1234AB",
    woonplaats="Utrecht",
    telefoon="+31612345678",
)
VAN_DER_BERG = DossierRecord(
    dossier_id="D-000124",
    soort="persoon",
    v_nummer="2345678901",
    bsn="725763863",
    voornamen="Pieter Jan",
    achternaam="van der Berg",
    geboortedatum=date(1990, 3, 12),  # same date of birth as El Amrani
    postcode="3511AA",
)
SAHIN = DossierRecord(
    dossier_id="D-000200",
    soort="persoon",
    v_nummer="3456789012",
    bsn="162275869",
    voornamen="Ayşe",
    achternaam="Şahin",
    geboortedatum=date(1985, 7, 1),
    email="a.sahin@voorbeeld.nl",
)
LI = DossierRecord(
    dossier_id="D-000300",
    soort="persoon",
    voornamen="Wei",
    achternaam="Li",
    geboortedatum=date(1979, 1, 1),
)
BRIGHT_MINDS = DossierRecord(
    dossier_id="R-000045",
    soort="organisatie",
    adres="Stationsweg 4",
    postcode="3511AA",
    woonplaats="Utrecht",
    naam="Bright Minds Consultancy B.V.",
    kvk="12345678",
)
BRIGHT_MINDS_HOLDING = DossierRecord(
    dossier_id="R-000046",
    soort="organisatie",
    naam="Bright Minds Holding B.V.",
    kvk="87654321",
)
REGISTER = (EL_AMRANI, VAN_DER_BERG, SAHIN, LI, BRIGHT_MINDS, BRIGHT_MINDS_HOLDING)


@pytest.fixture
def index() -> MemoryDossierIndex:
    return MemoryDossierIndex(REGISTER)


def make_index(*records: DossierRecord) -> MemoryDossierIndex:
    return MemoryDossierIndex(records)


def entity(text: str, label: str, surface: str, value: str | None = None) -> Entity:
    """An entity for the first occurrence of `surface` in `text`."""
    start = text.index(surface)
    return Entity(
        label, surface, value if value is not None else surface, start, start + len(surface)
    )


def variant(record: DossierRecord, **changes: object) -> DossierRecord:
    return replace(record, **changes)


class Register:
    """The fictional register rows, by name, for tests that need one of them."""

    el_amrani = EL_AMRANI
    van_der_berg = VAN_DER_BERG
    sahin = SAHIN
    li = LI
    bright_minds = BRIGHT_MINDS
    bright_minds_holding = BRIGHT_MINDS_HOLDING


@pytest.fixture
def register() -> type[Register]:
    return Register


@pytest.fixture(name="make_index")
def make_index_fixture() -> Callable[..., MemoryDossierIndex]:
    return make_index


@pytest.fixture(name="entity")
def entity_fixture() -> Callable[..., Entity]:
    return entity


@pytest.fixture(name="variant")
def variant_fixture() -> Callable[..., DossierRecord]:
    return variant
