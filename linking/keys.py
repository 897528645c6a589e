"""Blocking keys for weak evidence: a name with a place, an age, a street or an address.

A tip often names a person without any number: "Minh Anh Vuong, 31 jaar, in Tiel",
"mevrouw Öztürk van de Vaartweg", "Fatima, Kerkstraat 12". A name alone cannot be
searched in a register of a million rows (thousands share it), so each key joins a name
to a fact that narrows it: surname + given name + place, + birth year or + street;
surname + street; surname + birth year + place; and an address without a name
(street + house number, with the postcode or the place). The register stores the keys
of every person (`record_keys`); a text asks for the keys it could mean (`text_keys`),
and a record is a candidate when one key is shared.

Names are keyed on the transliteration-aware skeleton (`phonetic_key_of_words`), so that
Mohammed/Muhammad, Öztürk/Oeztuerk and Ümit/Umit meet; a surname also on each of
its words, so that "Costa" finds "da Costa Pereira"; a text's person names in both
orders, so that "VUONG, Minh Anh" and "Minh Anh Vuong" find given names "Minh Anh", surname
"Vuong". Keys are short strings with a prefix per kind; nationality is never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

from contract.records import DossierRecord, Entity
from linking.names import PARTICLES, phonetic_key_of_words, words_of

# Dutch street-name endings (as the ADRES recognizer reads them): a word ending in one of
# these and starting with a capital is a street name ("Vaartweg", "Kerkstraat").
STREET_SUFFIXES = (
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "steeg",
    "pad", "dreef", "markt", "park", "plantsoen", "burgwal", "wal", "haven", "baan",
    "boulevard", "allee", "promenade", "passage", "vliet", "wetering",
)  # fmt: skip
_ADDRESS = re.compile(r"^(?P<street>\D*?)\s*(?P<number>[1-9]\d{0,4})(?!\d)")
# "31 jaar", "45-50 jaar", "a 31-year-old"; "ca." or "rond de" before it makes it a guess.
_AGE = re.compile(
    r"(?P<approx>\b(?:ca\.?|circa|rond de|rond|ongeveer|zo'n|about|around|approximately)\s+)?"
    r"\b(?P<age>[1-9]\d)(?:\s*[-–]\s*(?P<upto>[1-9]\d))?"
    r"[ -]?(?:jaar(?:\s+oud)?|jarige|years?[ -]old|-year-old|jr\.?)(?!\w)",
    re.IGNORECASE,
)
# "leeftijd schat ik rond de 40": a guessed age without the word "jaar".
_GUESSED_AGE = re.compile(
    r"\b(?:leeftijd|age[d]?)\b[^.\n]{0,25}?\b(?:rond de|rond|ongeveer|circa|ca\.?|about|around)"
    r"\s+(?P<age>[1-9]\d)\b(?!\s*(?:jaar|years))",
    re.IGNORECASE,
)
GUESS_MARGIN = 3  # years either side of a guessed age
_BORN_IN = re.compile(
    r"\b(?:geboren|geb\.?|born|bouwjaar|geboortejaar)\s*(?:in|rond|ca\.?|:)?\s*"
    r"(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\b(?:in|te|uit|wonend|wonende|woonachtig|from)\s+"
    r"((?:[A-Z][\w'-]*|den|de)(?:\s+[A-Z][\w'-]*)?)"
)
MAX_KEYS_PER_TEXT = 2000
# How many records an index returns for a text's keys (those sharing most keys first):
# of k candidates with the same evidence none scores above 1/k, so a cut here loses no link.
MAX_WEAK_CANDIDATES = 30  # a text naming dozens of people and places asks at most this many


def _phonetic(words: Sequence[str]) -> str:
    return phonetic_key_of_words(list(words)) if words else ""


def surname_variants(words: Sequence[str]) -> set[str]:
    """Keys of a surname: the whole (particles left out) and, when it has several
    words, each word of three letters or more ("da Costa Pereira": costapereira,
    costa, pereira)."""
    kept = [w for w in words if w not in PARTICLES] or list(words)
    found = {_phonetic(kept)} if kept else set()
    if len(kept) > 1:
        found |= {_phonetic([w]) for w in kept if len(w) >= 3}
    return {k for k in found if len(k) >= 2}


def given_variants(words: Sequence[str]) -> set[str]:
    """Keys of given names: each one (initials left out) and all of them joined
    ("Abdel Rahman" and "Abdelrahman" meet)."""
    kept = [w for w in words if len(w) >= 2 and w not in PARTICLES]
    found = {_phonetic([w]) for w in kept}
    if len(kept) > 1:
        found.add(_phonetic(kept))
    return {k for k in found if len(k) >= 2}


@lru_cache(maxsize=65536)  # on every candidate's path: the register repeats its places
def place_key(name: str) -> str:
    """A place, street or city name folded and joined: "Den Haag" -> "denhaag"."""
    return "".join(words_of(name))


@lru_cache(maxsize=65536)
def split_address(adres: str) -> tuple[str, str] | None:
    """("kerkstraat", "12") of "Kerkstraat 12-2"; None without a house number."""
    m = _ADDRESS.match(adres.strip())
    if not m or not (street := place_key(m.group("street"))):
        return None
    return street, m.group("number")


def address_readings(adres: str) -> set[tuple[str, str]]:
    """(street key, number) of a written address, also without the words before its
    street word ("... van Kanaalstraat 201" may be a name running into the street)."""
    whole = split_address(adres)
    if whole is None:
        return set()
    words = _ADDRESS.match(adres.strip()).group("street").split()  # type: ignore[union-attr]
    found = {whole}
    for i in range(1, len(words)):
        street = place_key(" ".join(words[i:]))
        if street.endswith(STREET_SUFFIXES):
            found.add((street, whole[1]))
    return found


def record_keys(record: DossierRecord) -> tuple[str, ...]:
    """The weak-evidence keys stored beside a person's row (none for organisations)."""
    if record.soort != "persoon":
        return ()
    keys: set[str] = set()
    city = place_key(record.woonplaats or "")
    year = str(record.geboortedatum.year) if record.geboortedatum else ""
    address = split_address(record.adres or "")
    street = address[0] if address else ""
    surnames = surname_variants(words_of(record.achternaam or ""))
    givens = given_variants(words_of(record.voornamen or ""))
    for s in surnames:
        for g in givens:
            keys |= _name_keys(s, g, city, year, street)
        keys |= _surname_keys(s, city, year, street)
    keys |= _address_keys(address, record.postcode or "", city)
    return tuple(sorted(keys))


def _name_keys(s: str, g: str, city: str, year: str, street: str) -> set[str]:
    return {
        f"{kind}:{s}:{g}:{fact}"
        for kind, fact in (("nc", city), ("ny", year), ("ns", street))
        if fact
    }


def _surname_keys(s: str, city: str, year: str, street: str) -> set[str]:
    keys = {f"ss:{s}:{street}"} if street else set()
    if year and city:
        keys.add(f"sy:{s}:{year}:{city}")
    return keys


def _address_keys(address: tuple[str, str] | None, postcode: str, city: str) -> set[str]:
    if not address:
        return set()
    street, number = address
    keys = {f"an:{street}:{number}"}
    if postcode:
        keys.add(f"ap:{postcode}:{number}")
    if city:
        keys.add(f"as:{street}:{number}:{city}")
    return keys


def person_name_splits(name: str) -> set[tuple[str, str]]:
    """(surname key, given-name key) pairs a written person name can mean: every split
    into given names and surname, in both orders ("VUONG, Minh Anh" and "Minh Anh Vuong");
    given key "" for a surname alone ("Vuong", "A. Vuong")."""
    words = words_of(name)
    pairs: set[tuple[str, str]] = set()
    # One word is a surname alone; more are split into given names and a surname.
    splits = [(words, [])] if len(words) == 1 else []
    for k in range(1, len(words)):
        splits += [(words[k:], words[:k]), (words[:k], words[k:])]
    for surname, given in splits:
        if all(w in PARTICLES for w in surname):
            continue
        givens = given_variants(given) or {""}  # initials only: a surname alone
        for s in surname_variants(surname):
            pairs |= {(s, g) for g in givens}
    return pairs


def stated_years(text: str, entities: Iterable[Entity], received: date | None) -> set[str]:
    """Birth years a text states: of its dates of birth, "geboren in 1987", and ages
    ("31 jaar" received in 2026 -> 1994 or 1995)."""
    years = {e.value[:4] for e in entities if e.label == "GEBOORTEDATUM" and e.value[:4].isdigit()}
    years |= {m.group("year") for m in _BORN_IN.finditer(text)}
    if received is None:
        return years
    for m in _AGE.finditer(text):
        young, old = int(m.group("age")), int(m.group("upto") or m.group("age"))
        margin = GUESS_MARGIN if m.group("approx") else 0
        if young <= old:
            years |= _birth_years(received.year, young - margin, old + margin)
    for m in _GUESSED_AGE.finditer(text):
        age = int(m.group("age"))
        years |= _birth_years(received.year, age - GUESS_MARGIN, age + GUESS_MARGIN)
    return years


def _birth_years(now: int, youngest: int, oldest: int) -> set[str]:
    """Years of birth of someone aged youngest..oldest in year `now` (birthday or not)."""
    return {str(y) for y in range(now - oldest - 1, now - youngest + 1)}


def street_names(text: str) -> set[str]:
    """Keys of the capitalised words in a text that end like a Dutch street name."""
    found = set()
    for word in re.findall(r"\b[A-ZÀ-Ý][\w'-]*", text):
        key = place_key(word)
        if len(key) > 5 and key.endswith(STREET_SUFFIXES):
            found.add(key)
    return found


def stated_addresses(entities: Iterable[Entity]) -> set[tuple[str, str]]:
    """(street key, house number) of the text's ADRES entities, each way it reads."""
    return {a for e in entities if e.label == "ADRES" for a in address_readings(e.value)}


# What may stand between an address and the town written with it: "Kerkpad 4 in Zwolle",
# "Kerkpad 4, 1234 AB Zwolle", "Kerkpad 4 te Zwolle".
_ADDRESS_TO_TOWN = re.compile(r"[\s,]*(?:\d{4}\s?[A-Z]{2}\b[\s,]*)?(?:(?:in|te)\s+)?", re.I)


def address_towns(text: str, entities: Iterable[Entity]) -> dict[tuple[str, str], set[str]]:
    """For each address of the text's ADRES entities ((street key, number), each way it
    reads), the keys of the towns written right after it: the same street and number in
    another town is another address."""
    found = list(entities)
    places = sorted(
        [(e.start, e.text) for e in found if e.label == "LOCATIE"]
        + [(m.start(1), m.group(1)) for m in _PLACE.finditer(text)]
    )
    out: dict[tuple[str, str], set[str]] = {}
    for address in (e for e in found if e.label == "ADRES"):
        town = next(
            (
                place
                for start, place in places
                if start >= address.end
                and _ADDRESS_TO_TOWN.fullmatch(text, address.end, start) is not None
            ),
            None,
        )
        if town and len(key := place_key(town)) >= 3:
            for reading in address_readings(address.value):
                out.setdefault(reading, set()).add(key)
    return out


def stated_places(text: str, entities: Iterable[Entity]) -> set[str]:
    """Keys of the places a text names: LOCATIE entities, and capitalised words after
    "in", "te", "uit", "wonend" ("woont in Zwolle", "uit Den Haag")."""
    found = {place_key(e.text) for e in entities if e.label == "LOCATIE"}
    found |= {place_key(m.group(1)) for m in _PLACE.finditer(text)}
    return {p for p in found if len(p) >= 3}


def known_names(records: Iterable[DossierRecord]) -> set[tuple[str, str]]:
    """(surname key, given-name key) pairs of persons already found, as `text_keys` reads
    a written name: a name that one of these persons carries needs no search by name."""
    pairs: set[tuple[str, str]] = set()
    for r in records:
        if r.soort == "persoon" and r.achternaam and r.voornamen:
            givens = given_variants(words_of(r.voornamen))
            pairs |= {(s, g) for s in surname_variants(words_of(r.achternaam)) for g in givens}
    return pairs


def text_keys(
    text: str,
    entities: Sequence[Entity],
    received: date | None = None,
    known: Iterable[DossierRecord] = (),
) -> list[str]:
    """The keys a text asks the register for: its person names (PERSOON entities) with
    the places, years and streets it states, and its addresses. Ages count only with
    `received` (the moment they were written).

    `known` are dossiers found already (by an identifier or a date of birth): a name one
    of them carries with a given name, and an address one of them has, are not asked
    again. What that search would add are namesakes of a person the text identifies,
    and at a million rows they were most of the cost (issue 16). A surname alone
    ("mevrouw Karaca") is always asked: it may be another member of the household."""
    years = stated_years(text, entities, received)
    addresses = stated_addresses(entities)
    streets = street_names(text) | {street for street, _ in addresses}
    cities = stated_places(text, entities)
    known = list(known)
    found = known_names(known)
    addresses -= {a for r in known if (a := split_address(r.adres or "")) is not None}
    keys: set[str] = set()
    for e in entities:
        if e.label != "PERSOON":
            continue
        splits = person_name_splits(e.text)
        if found and any(g and (s, g) in found for s, g in splits):
            continue
        for s, g in splits:
            if g:
                keys |= {f"nc:{s}:{g}:{c}" for c in cities}
                keys |= {f"ny:{s}:{g}:{y}" for y in years}
                keys |= {f"ns:{s}:{g}:{st}" for st in streets}
            else:  # a surname alone ("mevrouw Karaca", "A. Karaca")
                keys |= {f"ss:{s}:{st}" for st in streets}
                keys |= {f"sy:{s}:{y}:{c}" for y in years for c in cities}
    postcodes = {e.value for e in entities if e.label == "POSTCODE"}
    for street, number in addresses:
        keys.add(f"an:{street}:{number}")
        keys |= {f"ap:{p}:{number}" for p in postcodes}
        keys |= {f"as:{street}:{number}:{c}" for c in cities}
    return sorted(keys)[:MAX_KEYS_PER_TEXT]
