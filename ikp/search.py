"""Search keys: what an item's entities and a query have in common, whatever the spelling.

Here the stages meet (only the application may combine nlp, linking and store): an item's
keys are computed from its entities when its analysis is saved; a query's keys from every
reading nlp's recognisers give of it (a V-nummer with dots, a phone number in any notation,
an IBAN with spaces, a plate with or without dashes), from linking's surname keys (exact and
phonetic), and from the street + house number or postcode + house number it may be. The
store matches keys exactly (store.search); a key is "LABEL:value".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from contract.records import Entity
from ikp.reporter_details import inside, reporter_spans
from linking.names import fold, surname_key, surname_phonetic_key, words_of
from nlp import EntityExtractor
from store import Store
from store.models import AuditEntry
from store.search import (
    REPORTER_KEY,
    REPORTER_WORD,
    SearchFilter,
    SearchPage,
    items_to_index,
    replace_keys,
    search,
    words,
)

# Identifier labels whose nlp value is already normalised (digits, E.164, compact IBAN...).
IDENTIFIERS = ("V_NUMMER", "BSN", "TELEFOON", "IBAN", "KVK", "POSTCODE", "DOCUMENTNUMMER")
# Street-name abbreviations people write, folded and without the dot -> in full.
_STREET_WORDS = {
    "str": "straat", "ln": "laan", "pl": "plein", "gr": "gracht", "burg": "burgemeester",
    "st": "sint", "v": "van", "vd": "vander", "dr": "dokter", "prof": "professor",
    "mr": "meester", "kon": "koningin", "pr": "prins", "1e": "eerste", "2e": "tweede",
    "3e": "derde", "4e": "vierde", "jhr": "jonkheer", "ds": "dominee", "gen": "generaal",
}  # fmt: skip
# "Kerkstraat 12", "Laan v. Meerdervoort 3-bis", "2e Hugo de Grootstr. 7 A": the street,
# with no digits but an ordinal, then a house number and at most a short addition.
_HOUSE = re.compile(
    r"^(?P<street>(?:\d\s?e\s)?[^\d]*?[^\W\d_]{2}[^\d]*?)[\s,]*(?P<number>[1-9]\d{0,4})"
    r"(?:\s*-?\s*[a-zA-Z]{1,4}|\s*-\s*\d{1,3})?$"
)
_POSTCODE_HOUSE = re.compile(
    r"(?<!\d)(?P<pc>[1-9]\d{3})\s?(?P<letters>[a-zA-Z]{2})\b[\s,]*(?P<number>[1-9]\d{0,4})\b"
)


_SUFFIX_ABBREVIATIONS = (("str", "straat"), ("ln", "laan"), ("gr", "gracht"), ("pl", "plein"))


def street_key(street: str) -> str:
    """A street name folded, abbreviations written out, without spaces, dots or dashes:
    "Burg. de Vlugtlaan", "Burgemeester de Vlugt laan" -> "burgemeesterdevlugtlaan";
    "Kerkstr." -> "kerkstraat"."""
    out = []
    for word in re.split(r"[\s\-'’]+", fold(street)):
        for part in re.findall(r"[^.]+\.?", word):
            bare = part.rstrip(".")
            if bare in _STREET_WORDS:
                bare = _STREET_WORDS[bare]
            elif part.endswith("."):  # "Kerkstr.", "Keizersgr.": an abbreviated suffix
                for short, full in _SUFFIX_ABBREVIATIONS:
                    if bare.endswith(short):
                        bare = bare[: -len(short)] + full
                        break
            out.append(bare)
    return "".join(out)


def address_keys(street: str, number: str) -> set[str]:
    key = street_key(street)
    if len(key) < 4:
        return set()
    # The phonetic skeleton also meets a misspelt street ("Molenstraat", "Moolenstraat").
    return {f"ADRES:{key}|{number}", f"ADRES~:{surname_phonetic_key(key)}|{number}"}


def name_keys(name: str) -> set[str]:
    """linking's surname keys of a person's name, read with and without the first word
    (the first name): "Mohammed El Amrani" and "M. el-Amrani" both give "elamrani"."""
    parts = words_of(name)
    keys: set[str] = set()
    for reading in {" ".join(parts), " ".join(parts[1:])}:
        if reading:
            keys |= {f"NAAM:{surname_key(reading)}", f"NAAM~:{surname_phonetic_key(reading)}"}
    return keys


def _identifier_key(label: str, value: str) -> str | None:
    if label in IDENTIFIERS:
        return f"{label}:{value.replace(' ', '').upper()}"
    if label == "EMAIL":
        return f"EMAIL:{value.strip().lower()}"
    if label == "KENTEKEN":
        return f"KENTEKEN:{value.replace('-', '').upper()}"
    return None


def entity_keys(entities: Sequence[Entity]) -> set[str]:
    """The search keys of an item's entities (in text order)."""
    keys: set[str] = set()
    for i, e in enumerate(entities):
        key = _identifier_key(e.label, e.value)
        if key:
            keys.add(key)
        elif e.label == "PERSOON":
            keys |= name_keys(e.value)
        elif e.label == "ADRES":
            found = _HOUSE.match(e.value)
            if found:
                keys |= address_keys(found["street"], found["number"])
        if e.label == "POSTCODE" and i > 0 and entities[i - 1].label == "ADRES":
            # "Kerkstraat 12, 1234 AB": the postcode with the house number before it.
            before = entities[i - 1]
            number = _HOUSE.match(before.value)
            if number and e.start - before.end <= 10:
                keys.add(f"PCHN:{e.value.replace(' ', '').upper()}|{number['number']}")
    return keys


def item_keys(entities: Sequence[Entity], text: str, identities: Iterable[str | None]) -> set[str]:
    """An item's search keys, its reporter's apart: the keys of entities in the reporter's
    parts of `text` (signature, contact lines, sender) that the rest does not give, and the
    words only those parts hold, carry REPORTER_KEY (see store.search)."""
    spans = reporter_spans(text, identities)
    keys = entity_keys([e for e in entities if not inside(e, spans)])
    reporter = entity_keys([e for e in entities if inside(e, spans)]) - keys
    rest, last = [], 0
    for start, end in sorted(spans):
        rest.append(text[last:start])
        last = max(last, end)
    rest.append(text[last:])
    elsewhere = {w.lower() for w in words(" ".join(rest))}
    own_words = {w.lower() for s, t in spans for w in words(text[s:t]) if len(w) >= 3}
    return (
        keys
        | {REPORTER_KEY + k for k in reporter}
        | {REPORTER_WORD + w for w in own_words - elsewhere}
    )


@lru_cache(maxsize=1)
def rule_extractor() -> EntityExtractor:
    return EntityExtractor()  # the rule recognisers only: no model to load


def query_keys(query: str) -> set[str]:
    """Every key `query` could mean: each reading nlp's recognisers give (whatever their
    score: a bare ten-digit number is a V-nummer when someone searches for it), a surname,
    a street + house number, a postcode + house number."""
    query = " ".join(query.split())[:500]
    keys: set[str] = set()
    for c in rule_extractor().candidates(query):
        key = _identifier_key(c.label, c.value)
        if key:
            keys.add(key)
    found = _POSTCODE_HOUSE.search(query)
    if found:
        keys.add(f"PCHN:{found['pc']}{found['letters'].upper()}|{found['number']}")
        keys.add(f"POSTCODE:{found['pc']}{found['letters'].upper()}")
    house = _HOUSE.match(query)
    if house and not found:
        keys |= address_keys(house["street"], house["number"])
    if words(query) and not any(c.isdigit() or c == "@" for c in query):
        keys |= name_keys(query)
    return keys


@dataclass(frozen=True)
class Searched:
    page: SearchPage
    keys: frozenset[str]


def run_search(
    store: Store,
    query: str,
    flt: SearchFilter | None = None,
    *,
    actor: str,
    limit: int = 20,
    offset: int = 0,
    hide_reporter: bool = False,
) -> Searched:
    """Search and write the audit entry (who searched what, with which filters, how many hits).

    The query is kept in the audit log as typed: it may itself be personal data (a name, a
    V-nummer), which is why it belongs in the log of who looked up whom.
    `hide_reporter`: for roles without reporter access, a query word that is part of an
    item's sender or reporter does not find that item.
    """
    flt = flt or SearchFilter()
    keys = query_keys(query)
    if hide_reporter:
        # The query as typed, and each key's value (a surname key, a phone number in E.164).
        hidden = [" ".join(query.split()), *(k.split(":", 1)[1] for k in keys)]
        # An item whose reporter's details or words the query names is not shown at all.
        hidden_keys = {REPORTER_KEY + k for k in keys} | {
            REPORTER_WORD + w.lower() for w in words(query) if len(w) >= 3
        }
        searched = keys
    else:
        hidden, hidden_keys = [], set()
        searched = keys | {REPORTER_KEY + k for k in keys}
    with store.reading() as session:
        page = search(
            session,
            query,
            searched,
            flt,
            limit=limit,
            offset=offset,
            hide_identity=hidden,
            hide_keys=hidden_keys,
        )
    with store.sessions() as session, session.begin():  # the write lock only for the log
        session.add(
            AuditEntry(
                actor=actor,
                action="search",
                item_id=None,
                detail={
                    "query": query,
                    "filters": {k: str(v) for k, v in vars(flt).items() if v},
                    "offset": offset,
                    "hits": page.total,
                    "shown": [h.item.id for h in page.hits],
                },
            )
        )
    return Searched(page, frozenset(keys))


def reindex(store: Store, batch: int = 500) -> int:
    """Recompute the search keys of every analysed item from its stored entities (items
    analysed before search keys existed, or after the key rules changed). Returns the count."""
    last, done = 0, 0
    while True:
        with store.sessions() as session, session.begin():
            items = items_to_index(session, last, batch)
            if not items:
                return done
            replace_keys(
                session,
                {
                    i.id: item_keys(
                        _entities(i.entities),
                        i.text or "",
                        (i.sender, i.reporter_name, i.reporter_contact),
                    )
                    for i in items
                },
            )
            last, done = items[-1].id, done + len(items)


def _entities(rows: Iterable[object]) -> list[Entity]:
    return [
        Entity(r.label, r.text, r.value, r.start, r.end, r.source)  # type: ignore[attr-defined]
        for r in rows
    ]
