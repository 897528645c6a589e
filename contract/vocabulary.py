"""The vocabulary of ../shared/SIGNAL_CONTRACT.md, in one place.

Every stage, test and the review queue import these codes from here; change a
code only together with the contract.
"""

from __future__ import annotations

from collections.abc import Iterable

SIGNAL_TYPES: tuple[str, ...] = (
    "schijnhuwelijk",
    "mensenhandel",
    "mensensmokkel",
    "nationale_veiligheid",
    "oorlogsmisdrijven",
    "identiteitsfraude",
    "referentfraude",
    "verblijfsfraude",
    "asielfraude",
    "openbare_orde",
    "informatieverzoek",
    "algemene_vraag",
)
# `algemene_vraag` excludes every other code.
NOT_A_SIGNAL = "algemene_vraag"


def codes_problem(codes: Iterable[str]) -> str | None:
    """Why a set of signal codes breaks the contract, or None when it keeps to it."""
    codes = list(codes)
    unknown = sorted(set(codes) - set(SIGNAL_TYPES))
    if unknown:
        return f"unknown code(s) {', '.join(unknown)}"
    if len(set(codes)) != len(codes):
        return "a code is listed twice"
    if NOT_A_SIGNAL in codes and len(codes) > 1:
        return f"{NOT_A_SIGNAL} excludes every other code"
    return None


ENTITY_LABELS: tuple[str, ...] = (
    "PERSOON",
    "ORGANISATIE",
    "LOCATIE",
    "ADRES",
    "POSTCODE",
    "GEBOORTEDATUM",
    "DATUM",
    "V_NUMMER",
    "BSN",
    "TELEFOON",
    "EMAIL",
    "IBAN",
    "KVK",
    "KENTEKEN",
    "NATIONALITEIT",
    "DOCUMENTNUMMER",
)

DESTINATIONS: tuple[str, ...] = (
    "primair_proces",
    "emm",
    "toezicht",
    "usz",
    "hik",
    "juridisch",
    "ketenservicelijn",
)

PRIORITIES: tuple[str, ...] = ("spoed", "hoog", "normaal")

SOURCES: tuple[str, ...] = ("email", "scan", "file")

ROLES: tuple[str, ...] = ("medewerker", "analist", "datascientist", "beheerder")

DOSSIER_KINDS: tuple[str, ...] = ("persoon", "organisatie")

DOSSIER_COLUMNS: tuple[str, ...] = (
    "dossier_id",
    "soort",
    "v_nummer",
    "bsn",
    "voornamen",
    "achternaam",
    "geboortedatum",
    "nationaliteit",
    "adres",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
    "naam",
    "kvk",
)

# Register columns that can be searched on an identifier, with the entity label they come from.
IDENTIFIER_KINDS: dict[str, str] = {
    "v_nummer": "V_NUMMER",
    "bsn": "BSN",
    "kvk": "KVK",
    "telefoon": "TELEFOON",
    "email": "EMAIL",
    "postcode": "POSTCODE",
}
